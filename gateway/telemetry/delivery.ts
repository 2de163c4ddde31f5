/**
 * One span per webhook attempt, continued from the envelope's `traceparent` (so the delivery
 * joins the trace of the push that produced the record), whose own `traceparent` replaces the
 * one in the outgoing headers: the subscriber can continue the same trace. Also the delivery
 * attempt counter and latency histogram.
 */
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { EventEnvelope } from '../core/index.ts';
import { instruments } from './instruments.ts';
import { contextFrom, envelopeAttributes, failSpan, traceparentOf, tracer } from './tracing.ts';

/** What a webhook attempt reports (the shape of the delivery layer's send result). */
export interface AttemptResult {
  status: number | null;
  latencyMs: number;
  error: string | null;
}

/**
 * Runs one webhook attempt of `envelope` for `subscriptionId` inside a `pxg.deliver` span;
 * `headers` get the span's `traceparent` before `send` is called.
 */
export async function traceDelivery<R extends AttemptResult>(
  envelope: EventEnvelope,
  subscriptionId: string,
  attempt: number,
  headers: Record<string, string>,
  send: () => Promise<R>,
): Promise<R> {
  const parent = contextFrom(envelope.traceparent);
  const span = tracer().startSpan(
    'pxg.deliver',
    {
      kind: SpanKind.CLIENT,
      attributes: { ...envelopeAttributes(envelope), 'pxg.subscription.id': subscriptionId, 'pxg.attempt': attempt },
    },
    parent,
  );
  const active = trace.setSpan(parent, span);
  const traceparent = traceparentOf(active);
  if (traceparent) headers.traceparent = traceparent;
  try {
    const result = await context.with(active, send);
    const outcome = result.status !== null && result.status >= 200 && result.status < 300 ? 'delivered' : 'failed';
    if (result.status !== null) span.setAttribute('http.response.status_code', result.status);
    if (outcome === 'failed') span.setStatus({ code: SpanStatusCode.ERROR, message: result.error ?? `HTTP ${result.status}` });
    const labels = { subscription: subscriptionId, outcome };
    instruments().deliveryAttempts.add(1, labels);
    instruments().deliveryDuration.record(result.latencyMs / 1000, labels);
    return result;
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}
