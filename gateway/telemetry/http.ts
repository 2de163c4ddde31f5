/**
 * One server span per HTTP request, continuing the caller's W3C `traceparent` when it sends one,
 * and the request duration histogram. Handlers run inside the span, so the ingest pipeline's
 * spans (validation, log append) descend from it; the span's context is also kept on the request
 * (`traceContext`), where the routes read the envelope's `traceparent` from: that works with no
 * context manager registered, which is how `pxg serve` runs when it records no spans.
 */
import { type Context, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { instruments } from './instruments.ts';
import { contextFrom, failSpan, traceparentOf, tracer } from './tracing.ts';

/** The route pattern that answered (low cardinality, for span names and metric labels). */
function routeOf(c: Parameters<MiddlewareHandler>[0]): string {
  const routes = matchedRoutes(c).filter((r) => r.method !== 'ALL');
  return routes.at(-1)?.path ?? 'unmatched';
}

/** What the middleware keeps on the request. */
export type TraceVariables = { Variables: { traceContext: Context } };

/** The tracing and timing middleware; mount it first. */
export function traceRequests(): MiddlewareHandler<TraceVariables> {
  return async (c, next) => {
    const parent = contextFrom(c.req.header('traceparent'), c.req.header('tracestate'));
    const span = tracer().startSpan(
      c.req.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': c.req.method, 'url.path': c.req.path } },
      parent,
    );
    const started = performance.now();
    const active = trace.setSpan(parent, span);
    c.set('traceContext', active);
    try {
      await context.with(active, next);
    } catch (error) {
      failSpan(span, error);
      throw error;
    } finally {
      const route = routeOf(c);
      const status = c.res.status;
      span.updateName(`${c.req.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      instruments().httpDuration.record((performance.now() - started) / 1000, { method: c.req.method, route, status: String(status) });
    }
  };
}

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** What envelopeTrace reads of a request: the gateway's Hono context. */
type TracedRequest = { var: { traceContext?: Context }; req: { header(name: 'traceparent'): string | undefined } };

/**
 * The trace context a request's envelopes carry: the request span's (`traceContext`, set by the
 * middleware above), else the caller's own well-formed `traceparent`, else none.
 */
export function envelopeTrace(c: TracedRequest): { traceparent?: string } {
  const traceparent = (c.var.traceContext && traceparentOf(c.var.traceContext)) ?? c.req.header('traceparent');
  return traceparent && TRACEPARENT.test(traceparent) ? { traceparent } : {};
}
