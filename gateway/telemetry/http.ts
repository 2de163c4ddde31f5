/**
 * One server span per HTTP request, continuing the caller's W3C `traceparent` when it sends one,
 * and the request duration histogram. Handlers run inside the span, so the ingest pipeline's
 * spans (validation, log append) and the envelope's `traceparent` descend from it.
 */
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { instruments } from './instruments.ts';
import { contextFrom, failSpan, tracer } from './tracing.ts';

/** The route pattern that answered (low cardinality, for span names and metric labels). */
function routeOf(c: Parameters<MiddlewareHandler>[0]): string {
  const routes = matchedRoutes(c).filter((r) => r.method !== 'ALL');
  return routes.at(-1)?.path ?? 'unmatched';
}

/** The tracing and timing middleware; mount it first. */
export function traceRequests(): MiddlewareHandler {
  return async (c, next) => {
    const parent = contextFrom(c.req.header('traceparent'), c.req.header('tracestate'));
    const span = tracer().startSpan(c.req.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': c.req.method, 'url.path': c.req.path } }, parent);
    const started = performance.now();
    try {
      await context.with(trace.setSpan(parent, span), next);
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
