/**
 * The load generator, run in a process of its own (`node bin/run-ts.js bench/load.ts '<json>'`) so
 * that it never shares an event loop with what it measures. Sends fresh, valid records in every
 * request (a JSON template whose unique part is substituted, so a body costs next to nothing) and
 * prints one JSON summary line on stdout. Flat out it drives autocannon; at a fixed rate
 * (`overallRate`) it paces requests itself on a clock, not waiting for answers, so that the send
 * times it logs (`sendLog`: `<record id> <send time ms>` lines) are the real ones.
 */
import { createWriteStream } from 'node:fs';
import autocannon from 'autocannon';
import { Agent, request } from 'undici';
import { bodyFactory } from './lib/bodies.ts';
import type { LoadSpec, LoadSummary } from './lib/load-spec.ts';

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const next = bodyFactory(spec);
const log = spec.sendLog ? createWriteStream(spec.sendLog) : null;
const now = () => performance.timeOrigin + performance.now();

const summary = spec.overallRate ? await paced(spec.overallRate) : await flatOut();
await new Promise<void>((resolve) => (log ? log.end(resolve) : resolve()));
process.stdout.write(`${JSON.stringify(summary)}\n`);

/** As many requests as the connections can carry, with autocannon. */
async function flatOut(): Promise<LoadSummary> {
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationS,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: spec.path,
        headers: spec.headers,
        setupRequest: (req) => {
          const { body } = next();
          return { ...req, body };
        },
      },
    ],
  });
  return {
    durationS: result.duration,
    requests: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
    recordsPerRequest: spec.kind === 'batch' ? (spec.batchSize ?? 100) : 1,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
  };
}

/** `rate` requests per second for the duration, each sent on schedule whether or not earlier ones were answered. */
async function paced(rate: number): Promise<LoadSummary> {
  const dispatcher = new Agent({ connections: spec.connections, headersTimeout: 30_000, bodyTimeout: 30_000 });
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let errors = 0;
  const inFlight = new Set<Promise<void>>();
  const started = now();
  const total = Math.round(rate * spec.durationS);
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const { body, ids } = next();
    const sentAt = now();
    log?.write(ids.map((id) => `${id} ${sentAt.toFixed(2)}\n`).join(''));
    const call = request(`${spec.url}${spec.path}`, { method: 'POST', headers: spec.headers, body, dispatcher })
      .then(async (res) => {
        await res.body.dump();
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        latencies.push(now() - sentAt);
      })
      .catch(() => {
        errors++;
      })
      .finally(() => inFlight.delete(call));
    inFlight.add(call);
  }
  await Promise.all(inFlight);
  await dispatcher.close();
  latencies.sort((a, b) => a - b);
  const ok = Object.entries(statuses).reduce((sum, [code, n]) => sum + (code.startsWith('2') ? n : 0), 0);
  return {
    durationS: (now() - started) / 1000,
    requests: total,
    ok,
    non2xx: total - ok - errors,
    errors,
    timeouts: 0,
    statuses,
    recordsPerRequest: spec.kind === 'batch' ? (spec.batchSize ?? 100) : 1,
    latencyP50Ms: latencies[Math.floor(latencies.length * 0.5)] ?? 0,
    latencyP99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}
