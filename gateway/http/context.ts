/**
 * What every handler sees: the Hono environment of the gateway (request id, language, the
 * authenticated system, the request body read within limits) and the shape of a route declaration.
 */
import type { HttpBindings } from '@hono/node-server';
import type { Context as TraceContext } from '@opentelemetry/api';
import type { Context, Handler, MiddlewareHandler } from 'hono';
import type { ErrorCode, Lang } from '../core/index.ts';
import type { SystemEntry, SystemKind } from '../registry/index.ts';

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

/** Who may call a route: a kind of registered system, or anyone (`public`, no credentials). */
export type Role = SystemKind | 'public';

/** Every kind of system that may publish into processes (its own, or those it may contribute to). */
export const PUBLISHERS: readonly Role[] = ['provincial', 'trading-platform', 'e-marketplace', 'finance-department'];
/** Every kind of registered system, the ministry included. */
export const REGISTERED: readonly Role[] = [...PUBLISHERS, 'ministry'];

/**
 * What a route acts on, for its caller. The services behind the route enforce it; the access
 * policy (docs/security.md) states it, and the security suite is generated from it.
 * - `nothing`: no procurement data (health, keys, contract, docs).
 * - `contributable-processes`: pushes into processes the caller owns or may contribute to.
 * - `entitled-records`: reads of the records the caller publishes or is entitled to.
 * - `own-subscriptions`: the caller's own subscriptions, feeds and dead letters.
 * - `own-system`: the caller's own system (its reconciliation, its sync health).
 * - `supervision`: everything, read-only, plus the ministry's declared supervisory actions.
 */
export type Target = 'nothing' | 'contributable-processes' | 'entitled-records' | 'own-subscriptions' | 'own-system' | 'supervision';

/**
 * How a caller proves who it is: `api-key` (an API key or a client certificate, then the request
 * signature when the registry demands it), or `monitor-token` (a short-lived token from
 * POST /v1/monitor/session in the query, for EventSource, which cannot send headers).
 */
export type Credentials = 'api-key' | 'monitor-token';

/** The access rule of one route: who may call it, and what it acts on for them. */
export interface Access {
  /** `['public']` alone, or the system kinds allowed to call it. */
  roles: readonly Role[];
  acts: Target;
  /** Absent: `api-key`. Ignored on public routes. */
  credentials?: Credentials;
}

/** The request body a route reads, within limits (gateway/http/middleware/body.ts). */
export interface BodySpec {
  /** Accepted media types. */
  types: readonly string[];
  maxBytes: () => number;
  /** Accepted charsets when one is declared; absent: UTF-8. */
  charsets?: readonly string[];
}

/** One route: what it answers (documented in contracts/openapi.yaml; a test compares) and how. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Hono path syntax, e.g. `/v1/records/:id`. */
  path: string;
  /** Success statuses. */
  success: number[];
  /** Catalogue errors it may answer with (400/404/500 from the app itself are implied). */
  errors: ErrorCode[];
  /** Who may call it and what it acts on (the access policy, gateway/http/policy.ts). Required: no entry, no route. */
  access: Access;
  /**
   * The body it reads, as data: the app reads it after authentication and before the signature check
   * (which covers it). A function when it depends on the caller (a system's adapter); it may refuse.
   */
  body?: BodySpec | ((c: Context<AppEnv>) => BodySpec);
  /** The route's own work; authentication, roles, rate limits, body and signature are the app's. */
  handlers: (MiddlewareHandler<AppEnv> | Handler<AppEnv>)[];
}

/** Errors every authenticated route may answer with. */
export const authErrors: ErrorCode[] = ['unauthenticated', 'signature_invalid', 'rate_limited'];
