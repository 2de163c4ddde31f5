/**
 * Ingest throughput: single records against a bare Hono server that only parses JSON; batches
 * against the in-process ceiling (parse + validate, no I/O); the distributed deployment (Kafka log,
 * PostgreSQL store) against the embedded one (SQLite) under the same batch load. The durability
 * floor (bench/durability-floor.ts: parse, validate, hash, fsynced log append, nothing else) is
 * measured under the same loads against the same baselines: what any gateway keeping the receipt
 * rule can reach on this machine.
 */
import { createStandard } from '../../gateway/standard/index.ts';
import { bodyFactory, runTag } from '../lib/bodies.ts';
import { type Deployment, deployment, publisherHeaders } from '../lib/deployment.ts';
import type { LoadSpec, LoadSummary } from '../lib/load-spec.ts';
import { type GatewayProcess, runLoad, spawnGateway, spawnServer, stop } from '../lib/processes.ts';
import type { Row } from '../lib/report.ts';

/** How long each load runs. */
export interface IngestSettings {
  loadS: number;
  warmupS: number;
  singleConnections: number;
  batchConnections: number;
  batchSize: number;
}

/** Records per second answered 2xx. */
export function recordsPerS(s: LoadSummary): number {
  return (s.ok * s.recordsPerRequest) / s.durationS;
}

function failures(s: LoadSummary): string | undefined {
  if (s.requests === 0) return `no request was answered within the ${s.durationS.toFixed(0)} s run`;
  const bad = s.requests - s.ok;
  return bad > 0 ? `${bad} of ${s.requests} requests not 2xx (${JSON.stringify(s.statuses)}, ${s.errors} errors)` : undefined;
}

/** A warm-up load (JIT, SQLite page cache), then the measured one. */
async function measured(url: string, spec: Omit<LoadSpec, 'url' | 'tag' | 'durationS'>, settings: IngestSettings): Promise<LoadSummary> {
  await runLoad({ ...spec, url, tag: runTag(), durationS: settings.warmupS });
  return runLoad({ ...spec, url, tag: runTag(), durationS: settings.loadS });
}

async function withGateway<T>(d: Deployment, fn: (gateway: GatewayProcess) => Promise<T>): Promise<T> {
  const gateway = await spawnGateway(d.env);
  try {
    return await fn(gateway);
  } finally {
    await stop(gateway);
  }
}

/** A load against a server of bench/ started for it alone. */
async function onServer(file: string, spec: Omit<LoadSpec, 'url' | 'tag' | 'durationS'>, settings: IngestSettings): Promise<LoadSummary> {
  const server = await spawnServer(file);
  return measured(server.url, spec, settings).finally(() => stop(server));
}

/** The durability floor under the batch load of the gateway figures. */
export function floorBatchLoad(settings: IngestSettings): Promise<LoadSummary> {
  return onServer('bench/durability-floor.ts', batchSpec(settings), settings);
}

function batchSpec(settings: IngestSettings) {
  return {
    path: '/v1/records/batch',
    headers: publisherHeaders,
    kind: 'batch' as const,
    batchSize: settings.batchSize,
    connections: settings.batchConnections,
  };
}

/**
 * A baseline measured before and after the figures it serves, and the higher of the two: a
 * transient dip in one measurement (what else the machine did) can only lower a ratio, never
 * raise it. Both are shown.
 */
export interface Baseline {
  value: number;
  label: string;
}

export function baselineOf(before: number, after: number, unit: string): Baseline {
  return {
    value: Math.max(before, after),
    label: `${Math.max(before, after).toFixed(0)} ${unit} (the higher of ${before.toFixed(0)} before and ${after.toFixed(0)} after)`,
  };
}

/** Single-record ingest req/s ÷ bare Hono POST that only parses JSON; the durability floor likewise. */
export async function singleIngest(settings: IngestSettings): Promise<Row[]> {
  const spec = { path: '/v1/records', headers: publisherHeaders, kind: 'single' as const, connections: settings.singleConnections };
  const bare = async () => {
    const s = await onServer('bench/bare-hono.ts', spec, settings);
    return s.ok / s.durationS;
  };
  const before = await bare();
  const floor = await onServer('bench/durability-floor.ts', spec, settings);
  const d = deployment();
  const gateway = await withGateway(d, (g) => measured(g.url, spec, settings)).finally(() => d.remove());
  const baseline = baselineOf(before, await bare(), 'req/s bare Hono JSON POST');
  const value = gateway.ok / gateway.durationS;
  const base = baseline.value;
  const floorValue = floor.ok / floor.durationS;
  return [
    {
      figure: 'single-record ingest (embedded)',
      value: `${value.toFixed(0)} req/s`,
      baseline: baseline.label,
      ratio: value / base,
      goal: '≥ 0.7',
      note:
        failures(gateway) ??
        `${settings.singleConnections} connections; p99 ${gateway.latencyP99Ms} ms; ${(value / floorValue).toFixed(2)} of the durability floor`,
    },
    {
      figure: 'single-record durability floor',
      value: `${floorValue.toFixed(0)} req/s`,
      baseline: baseline.label,
      ratio: floorValue / base,
      goal: 'reported',
      note: failures(floor) ?? 'parse, validate, hash, fsynced SQLite append; no auth, idempotency, signature or projection',
    },
  ];
}

/** Batch ingest on a gateway of deployment `d`. */
export async function batchLoad(d: Deployment, settings: IngestSettings): Promise<LoadSummary> {
  return withGateway(d, (g) => measured(g.url, batchSpec(settings), settings));
}

/** In-process parse + validate of the same batch bodies: what no gateway can beat. */
export function ingestCeiling(settings: IngestSettings, seconds: number): number {
  const standard = createStandard();
  const next = bodyFactory({ kind: 'batch', batchSize: settings.batchSize, tag: runTag() });
  const bodies = Array.from({ length: 20 }, () => next().body);
  const run = (ms: number) => {
    let records = 0;
    let invalid = 0;
    const start = performance.now();
    for (let i = 0; performance.now() - start < ms; i++) {
      for (const record of JSON.parse(bodies[i % bodies.length]!) as unknown[]) {
        if (!standard.validate(record).ok) invalid++;
        records++;
      }
    }
    if (invalid > 0) throw new Error(`${invalid} benchmark records are not valid against the standard`);
    return records / ((performance.now() - start) / 1000);
  };
  run(500);
  return run(seconds * 1000);
}

/** Batch ingest records/s ÷ the in-process ceiling (measured before and after); the durability floor likewise. */
export function batchRows(embedded: LoadSummary, floor: LoadSummary, ceiling: Baseline, settings: IngestSettings): Row[] {
  const value = recordsPerS(embedded);
  const floorValue = recordsPerS(floor);
  const baseline = ceiling.label;
  return [
    {
      figure: 'batch ingest (embedded)',
      value: `${value.toFixed(0)} records/s`,
      baseline,
      ratio: value / ceiling.value,
      goal: '≥ 0.6',
      note:
        failures(embedded) ??
        `batches of ${settings.batchSize}, ${settings.batchConnections} connections; ${(value / floorValue).toFixed(2)} of the durability floor`,
    },
    {
      figure: 'batch durability floor',
      value: `${floorValue.toFixed(0)} records/s`,
      baseline,
      ratio: floorValue / ceiling.value,
      goal: 'reported',
      note: failures(floor) ?? 'the same batches: parse, validate, hash, fsynced SQLite append, one event loop',
    },
  ];
}

/** Kafka + PostgreSQL batch records/s ÷ embedded batch records/s. */
export function distributedRow(distributed: LoadSummary, embedded: LoadSummary): Row {
  const value = recordsPerS(distributed);
  const base = recordsPerS(embedded);
  return {
    figure: 'batch ingest (Kafka + PostgreSQL)',
    value: `${value.toFixed(0)} records/s`,
    baseline: `${base.toFixed(0)} records/s embedded`,
    ratio: value / base,
    goal: '≥ 0.6',
    note: failures(distributed) ?? 'one gateway process, local single-node broker (acks=all) and server',
  };
}
