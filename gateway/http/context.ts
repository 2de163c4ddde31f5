/**
 * What every handler sees: the Hono environment of the gateway (request id, language, the
 * authenticated system, the request body read within limits) and the shape of a route declaration.
 */
import type { HttpBindings } from '@hono/node-server';
import type { Context as TraceContext } from '@opentelemetry/api';
import type { Handler, MiddlewareHandler } from 'hono';
import type { SystemEntry } from '../registry/types.ts';
import type { ErrorCode } from './errors.ts';
import type { Lang } from './i18n.ts';

/** The Hono environment of the gateway's app. */
export type AppEnv = {
  /** Present when served by @hono/node-server; absent under app.request() in tests. */
  Bindings: Partial<HttpBindings>;
  Variables: {
    requestId: string;
    lang: Lang;
    /** The authenticated system (set by the authenticate middleware). */
    system: SystemEntry;
    /** The raw request body (set by the readBody middleware). */
    body: Uint8Array;
    /** The request span's trace context (set by the tracing middleware, gateway/telemetry/http.ts). */
    traceContext: TraceContext;
  };
};

/** One route: what it answers (documented in contracts/openapi.yaml; a test compares) and how. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Hono path syntax, e.g. `/v1/records/:id`. */
  path: string;
  /** Success statuses. */
  success: number[];
  /** Catalogue errors it may answer with (400/404/500 from the app itself are implied). */
  errors: ErrorCode[];
  handlers: (MiddlewareHandler<AppEnv> | Handler<AppEnv>)[];
}

/** Errors every authenticated route may answer with. */
export const authErrors: ErrorCode[] = ['unauthenticated', 'signature_invalid', 'rate_limited'];
