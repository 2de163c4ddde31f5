/**
 * The HTTP app: request context, the one error handler, and every route module, mounted from
 * one explicit list grouped by concern. Add a route module to `routeModules`; each route declares
 * its `access`, and the app builds its guards from that declaration (gateway/http/mount.ts) —
 * an undeclared route is refused before anything is mounted (gateway/http/policy.ts).
 */
import { Hono } from 'hono';
import { errorCatalogue, errorMessage } from '../core/index.ts';
import type { Services } from '../services.ts';
import { StoreUnavailableError } from '../store/index.ts';
import { traceRequests } from '../telemetry/index.ts';
import type { AppEnv, Route } from './context.ts';
import { ApiError } from './errors.ts';
import { ClientClosedError } from './middleware/body.ts';
import { RefusalAudit } from './middleware/refusals.ts';
import { requestContext } from './middleware/request.ts';
import { buildGuards, routeChain, servedRoute } from './mount.ts';
import { allowedMethods, checkPolicy } from './policy.ts';
import { problemBody, problemResponse } from './problem.ts';
import { auditRoutes } from './routes/audit.ts';
import { contractRoutes } from './routes/contract.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { feedRoutes } from './routes/feeds.ts';
import { inboundRoutes } from './routes/inbound.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { monitorRoutes, recordRefusedPushes } from './routes/monitor.ts';
import { ocdsExtensionRoutes } from './routes/ocds-extension.ts';
import { publicRoutes } from './routes/public.ts';
import { reconciliationRoutes } from './routes/reconciliation.ts';
import { recordRoutes } from './routes/records.ts';
import { subscriptionRoutes } from './routes/subscriptions.ts';
import { systemRoutes } from './routes/system.ts';

/** Seconds a client should wait before retrying when the state store is unavailable. */
const STORE_RETRY_AFTER_S = 5;

/** Every route of the gateway, in mounting order. */
export function routeModules(services: Services): Route[] {
  return [
    // The gateway itself: health, receipt keys, contract and docs
    ...systemRoutes(services),
    ...metricsRoutes(services),
    ...contractRoutes(services),
    // Ingest: push records, read compiled state and history
    ...recordRoutes(services),
    // Native inbound: a system's own format through its adapter, then the same ingest
    ...inboundRoutes(services),
    // Delivery: subscriptions, dead letters, pull and stream feeds
    ...subscriptionRoutes(services),
    ...feedRoutes(services),
    // The ministry's sync monitor: health API, reconciliation, live dashboard
    ...monitorRoutes(services),
    ...reconciliationRoutes(services),
    ...dashboardRoutes(services),
    // The audit log of administrative actions, for the ministry
    ...auditRoutes(services),
    // Open data: the project's OCDS extension, which every OCDS package declares
    ...ocdsExtensionRoutes(services),
    // Public publication (信息公开): OCDS packages, bulk files, Atom feeds, without credentials
    ...publicRoutes(services),
  ];
}

/**
 * Builds the app over the services (and a route table: every route of the gateway unless a test
 * gives another). Throws when a route lacks a sound access declaration. No I/O.
 */
export function createApp(services: Services, routes: Route[] = routeModules(services)): Hono<AppEnv> & { routeTable: Route[] } {
  checkPolicy(routes);
  const app = new Hono<AppEnv>();
  app.use('*', traceRequests());
  app.use('*', requestContext());
  app.use('*', recordRefusedPushes(services));
  const routeTable = routes.map(servedRoute);
  const guards = buildGuards(services, new RefusalAudit(services));
  for (const route of routeTable) app.on(route.method, route.path, ...(routeChain(route, guards) as [never]));

  // A path the table has, asked with a method it has not: 405 and the methods it has; else 404.
  const allowed = allowedMethods(routeTable);
  app.notFound((c) => {
    const lang = c.get('lang');
    const allow = allowed(c.req.path);
    if (allow.length === 0) return problemResponse(problemBody('not_found', lang, c.get('requestId')), lang);
    const res = problemResponse(problemBody('method_not_allowed', lang, c.get('requestId')), lang);
    res.headers.set('allow', allow.join(', '));
    return res;
  });
  app.onError((error, c) => {
    const lang = c.get('lang') ?? 'zh';
    const requestId = c.get('requestId') ?? 'unknown';
    if (error instanceof ApiError) {
      const { detail, errors, extensions, retryAfter } = error.options;
      const body = problemBody(error.code, lang, requestId, {
        ...(detail ? { detail } : {}),
        ...(errors ? { errors } : {}),
        ...(extensions ? { extensions } : {}),
      });
      return problemResponse(body, lang, retryAfter ?? (errorCatalogue[error.code].status === 503 ? 5 : undefined));
    }
    if (error instanceof ClientClosedError) {
      // The client hung up mid-body: expected on any network, so info, and the answer reaches nobody.
      services.logger.info('client closed the connection mid-request', { requestId, path: c.req.path });
      return problemResponse(problemBody('malformed_request', lang, requestId), lang);
    }
    if (error instanceof StoreUnavailableError || services.stores.isUnavailable?.(error)) {
      // An outage, not a bug: the client retries after Retry-After; /readyz reports the store meanwhile.
      services.logger.warn('state store unavailable', { requestId, path: c.req.path, error: errorMessage(error) });
      return problemResponse(problemBody('store_unavailable', lang, requestId), lang, STORE_RETRY_AFTER_S);
    }
    services.logger.error('unhandled error', {
      requestId,
      path: c.req.path,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    return problemResponse(problemBody('internal', lang, requestId), lang);
  });
  return Object.assign(app, { routeTable });
}
