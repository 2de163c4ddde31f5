/**
 * Tracing helpers over `@opentelemetry/api` only (the SDK is wired in gateway/telemetry/sdk.ts by
 * the entry point). A record's journey is one trace: the HTTP request span, the validation and
 * log-append spans under it, then, continued from the envelope's W3C `traceparent` (carried on
 * the log: a Kafka header, a SQLite column), the projection span and one delivery span per
 * webhook attempt, whose own `traceparent` goes to the subscriber.
 */
import {
  type Attributes,
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { type EventEnvelope, errorMessage } from '../core/index.ts';

/** The instrumentation scope of every span and metric of the gateway. */
export const SCOPE = 'procurement-exchange';

let recorded = true;

/**
 * Whether spans may be recorded in this process. The SDK wiring turns it off when it records
 * nothing (no exporter): per-record spans are then skipped (the request span still carries the
 * trace context), instead of being created only to be dropped.
 */
export function spansRecorded(): boolean {
  return recorded;
}

/** Set by the SDK wiring (gateway/telemetry/sdk.ts) only. */
export function setSpansRecorded(on: boolean): void {
  recorded = on;
}

/** The gateway's tracer (a proxy until the SDK registers a provider). */
export function tracer() {
  return trace.getTracer(SCOPE);
}

/** The context a W3C `traceparent` (and `tracestate`) continues; the root context when absent or invalid. */
export function contextFrom(traceparent: string | undefined, tracestate?: string): Context {
  if (!traceparent) return ROOT_CONTEXT;
  const carrier: Record<string, string> = { traceparent };
  if (tracestate) carrier.tracestate = tracestate;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** The W3C `traceparent` of a context's span (the active one by default); undefined when there is none. */
export function traceparentOf(ctx: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent;
}

/** Ends a span with an error status describing `error`. */
export function failSpan(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
}

/**
 * Runs `work` in a new active span, ending it when `work` settles (error status when it throws).
 * `parent`: the context to start from (the active one by default).
 */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, ...(options.attributes ? { attributes: options.attributes } : {}) },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Span attributes naming one record version of an envelope. */
export function envelopeAttributes(envelope: EventEnvelope): Attributes {
  return {
    'pxg.record.id': envelope.subject,
    'pxg.record.version': envelope.recordversion,
    'pxg.event.id': envelope.id,
    'pxg.source': envelope.source,
    'cloudevents.event_type': envelope.type,
  };
}
