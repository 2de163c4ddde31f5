/**
 * The gateway's metric instruments, over `@opentelemetry/api` only. Instruments belong to the
 * meter provider registered when they are first asked for (the SDK's, once `startTelemetry()` ran;
 * a no-op one otherwise), so they are looked up per provider rather than created at import time.
 * Names follow Prometheus conventions: the exposition adds `_total` to counters.
 */
import { type Counter, type Histogram, type Meter, type MeterProvider, metrics } from '@opentelemetry/api';
import { SCOPE } from './tracing.ts';

/** Bucket boundaries (seconds) for request and delivery latencies: 1 ms to 30 s. */
const LATENCY_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Every synchronous instrument of the gateway. */
export interface Instruments {
  meter: Meter;
  /** Record versions accepted, by system and record type. */
  accepted: Counter;
  /** Pushes of a version already accepted (answered with the original receipt). */
  duplicates: Counter;
  /** Records refused, by system, record type and error code. */
  rejected: Counter;
  /** Time from a push reaching the ingest pipeline to its receipts, by system and outcome. */
  ingestDuration: Histogram;
  /** Webhook attempts, by subscription and outcome. */
  deliveryAttempts: Counter;
  /** Latency of webhook attempts, by subscription and outcome. */
  deliveryDuration: Histogram;
  /** Latency from a record's acceptance to its projection into the journal. */
  projectionDelay: Histogram;
  /** HTTP request durations, by method, route and status. */
  httpDuration: Histogram;
}

const byProvider = new WeakMap<MeterProvider, Instruments>();

/** The instruments of the currently registered meter provider. */
export function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  let found = byProvider.get(provider);
  if (!found) {
    found = create(provider.getMeter(SCOPE));
    byProvider.set(provider, found);
  }
  return found;
}

function create(meter: Meter): Instruments {
  const latency = (name: string, description: string) =>
    meter.createHistogram(name, { description, unit: 's', advice: { explicitBucketBoundaries: LATENCY_BUCKETS_S } });
  return {
    meter,
    accepted: meter.createCounter('pxg_ingest_accepted', { description: 'Record versions accepted, by source system and record type.' }),
    duplicates: meter.createCounter('pxg_ingest_duplicates', {
      description: 'Pushes of an already accepted version, answered with the original receipt.',
    }),
    rejected: meter.createCounter('pxg_ingest_rejected', { description: 'Records refused, by source system, record type and error code.' }),
    ingestDuration: latency('pxg_ingest_duration_seconds', 'Time from a push entering the ingest pipeline to its receipts.'),
    deliveryAttempts: meter.createCounter('pxg_delivery_attempts', {
      description: 'Webhook delivery attempts, by subscription and outcome.',
    }),
    deliveryDuration: latency('pxg_delivery_duration_seconds', 'Latency of webhook delivery attempts, by subscription and outcome.'),
    projectionDelay: latency('pxg_projection_delay_seconds', 'Time from acceptance to projection into the journal.'),
    httpDuration: latency('pxg_http_request_duration_seconds', 'HTTP request durations, by method, route and status.'),
  };
}
