/**
 * Delivery under load, on one embedded gateway with a webhook subscription to a local receiver:
 * push-to-webhook latency at a steady rate (against the push's own answer time), peak RSS under
 * that load (against the idle process), then the subscriber down for a while under the same load
 * (RSS must stay flat: the backlog waits in the journal, not in memory) and the time to drain.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTag } from '../lib/bodies.ts';
import { deployment, publisherHeaders } from '../lib/deployment.ts';
import type { LoadSummary } from '../lib/load-spec.ts';
import { memoryOf, runLoad, sampleRss, spawnGateway, stop } from '../lib/processes.ts';
import { Receiver } from '../lib/receiver.ts';
import type { Row } from '../lib/report.ts';

/** Rate and durations. */
export interface DeliverySettings {
  recordsPerS: number;
  batchSize: number;
  steadyS: number;
  downS: number;
  /** Longest wait for a backlog to drain. */
  drainTimeoutS: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

/** Send times of a load's records, by id. */
function sendTimes(file: string): Map<string, number> {
  const times = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [id, at] = line.split(' ');
    if (id && at) times.set(id, Number(at));
  }
  return times;
}

async function drained(receiver: Receiver, ids: Iterable<string>, timeoutS: number): Promise<{ missing: number; seconds: number }> {
  const wanted = [...ids];
  const start = performance.now();
  for (;;) {
    const missing = wanted.filter((id) => !receiver.arrivals.has(id)).length;
    const seconds = (performance.now() - start) / 1000;
    if (missing === 0 || seconds > timeoutS) return { missing, seconds };
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Latency and memory rows. */
export async function deliveryUnderLoad(settings: DeliverySettings): Promise<Row[]> {
  const receiver = await new Receiver().start();
  const d = deployment({ webhookUrl: receiver.url });
  const gateway = await spawnGateway(d.env);
  const pid = gateway.child.pid!;
  const load = (name: string, seconds: number): Promise<LoadSummary> =>
    runLoad({
      url: gateway.url,
      path: '/v1/records/batch',
      headers: publisherHeaders,
      kind: 'batch',
      batchSize: settings.batchSize,
      tag: runTag(),
      connections: 16,
      durationS: seconds,
      overallRate: settings.recordsPerS / settings.batchSize,
      sendLog: join(d.dir, `${name}.sent`),
    });
  try {
    // Warm-up, so the steady phase measures a running process; then the idle baseline.
    await load('warmup', 3);
    await drained(receiver, sendTimes(join(d.dir, 'warmup.sent')).keys(), settings.drainTimeoutS);
    await new Promise((r) => setTimeout(r, 1000));
    const idle = memoryOf(pid).rssMiB;

    // Steady rate, subscriber up.
    const steadyRss = sampleRss(pid);
    const steady = await load('steady', settings.steadyS);
    const sent = sendTimes(join(d.dir, 'steady.sent'));
    const steadyDrain = await drained(receiver, sent.keys(), settings.drainTimeoutS);
    const steadyPeak = steadyRss.stop();
    const latencies = [...sent]
      .flatMap(([id, at]) => (receiver.arrivals.has(id) ? [receiver.arrivals.get(id)! - at] : []))
      .sort((a, b) => a - b);

    // The same rate with the subscriber down, then back.
    await receiver.stop();
    const downRss = sampleRss(pid);
    const down = await load('down', settings.downS);
    const downPeak = downRss.stop();
    // RSS at each quarter of the outage: a plateau is a bound, a steady climb would be buffering.
    const quarters = [0.25, 0.5, 0.75, 1].map(
      (q) => downRss.samples[Math.min(downRss.samples.length - 1, Math.floor(downRss.samples.length * q) - 1)] ?? Number.NaN,
    );
    const afterDown = memoryOf(pid).rssMiB;
    await receiver.start();
    const backlog = sendTimes(join(d.dir, 'down.sent'));
    const recovery = await drained(receiver, backlog.keys(), settings.drainTimeoutS);

    const rate = (s: LoadSummary) => (s.ok * settings.batchSize) / s.durationS;
    const downLabel = settings.downS >= 60 ? `${settings.downS} s` : `${settings.downS} s (shortened run)`;
    return [
      {
        figure: `push-to-webhook latency at ${rate(steady).toFixed(0)} records/s`,
        value: `p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p99 ${percentile(latencies, 0.99).toFixed(0)} ms`,
        baseline: `push answered p50 ${steady.latencyP50Ms.toFixed(0)} ms, p99 ${steady.latencyP99Ms.toFixed(0)} ms`,
        goal: `report (at ≥ ${settings.recordsPerS} records/s)`,
        note: `${rate(steady) < settings.recordsPerS * 0.95 ? `offered ${settings.recordsPerS} records/s, the gateway was saturated; ` : ''}${latencies.length} of ${sent.size} records timed; batches of ${settings.batchSize}${steadyDrain.missing ? `; ${steadyDrain.missing} not delivered within ${settings.drainTimeoutS} s` : ''}`,
      },
      {
        figure: `peak RSS, ${settings.steadyS} s at ${settings.recordsPerS} records/s`,
        value: `${steadyPeak.toFixed(0)} MiB`,
        baseline: `${idle.toFixed(0)} MiB idle after warm-up`,
        ratio: steadyPeak / idle,
        goal: 'bounded',
      },
      {
        figure: `peak RSS, subscriber down ${downLabel} at ${settings.recordsPerS} records/s`,
        value: `${downPeak.toFixed(0)} MiB (${afterDown.toFixed(0)} MiB at the end)`,
        baseline: `${steadyPeak.toFixed(0)} MiB subscriber up`,
        ratio: downPeak / steadyPeak,
        goal: 'bounded (≈ 1)',
        note: `RSS at each quarter of the outage ${quarters.map((q) => q.toFixed(0)).join(' / ')} MiB; backlog of ${backlog.size} records (${rate(down).toFixed(0)} records/s accepted) ${recovery.missing === 0 ? `drained in ${recovery.seconds.toFixed(1)} s` : `${recovery.missing} still undelivered after ${recovery.seconds.toFixed(0)} s`} once the subscriber was back`,
      },
    ];
  } finally {
    await stop(gateway);
    await receiver.stop();
    d.remove();
  }
}
