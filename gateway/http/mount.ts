/**
 * How the app turns a route's declaration into its chain of middleware, the same for every route:
 *   public:     rate limit (client address) → handlers
 *   otherwise:  authenticate → rate limit (system) → role → body → signature → handlers
 * The role is checked on the identity the key or certificate establishes, before any code of the
 * route runs and before a body is read: a caller the table does not grant costs one lookup. The
 * body is read before the signature check because the signature covers it.
 */
import type { Handler, MiddlewareHandler } from 'hono';
import { RateLimiter } from '../core/index.ts';
import type { Services } from '../services.ts';
import type { AppEnv, BodySpec, Route } from './context.ts';
import { requireRole } from './middleware/access.ts';
import { authenticate, authenticateToken } from './middleware/auth.ts';
import { readBody } from './middleware/body.ts';
import { rateLimitAddress, rateLimitSystem } from './middleware/rate-limit.ts';
import type { RefusalAudit } from './middleware/refusals.ts';
import { verifySignature } from './middleware/signature.ts';
import { isPublic, policyErrors } from './policy.ts';

type Step = MiddlewareHandler<AppEnv> | Handler<AppEnv>;

/** The guards every route shares, built once per app. */
export interface Guards {
  apiKey: MiddlewareHandler<AppEnv>;
  monitorToken: MiddlewareHandler<AppEnv>;
  systemRate: MiddlewareHandler<AppEnv>;
  addressRate: MiddlewareHandler<AppEnv>;
  signature: MiddlewareHandler<AppEnv>;
}

/** The shared guards, reporting refused authentication and signatures to `refusals`. */
export function buildGuards(services: Services, refusals: RefusalAudit): Guards {
  const verify = verifySignature(services);
  return {
    apiKey: authenticate(services, refusals.authRefused),
    monitorToken: authenticateToken(services, refusals.authRefused),
    systemRate: rateLimitSystem(services.rateLimiter),
    addressRate: rateLimitAddress(new RateLimiter()),
    // Only a refusal by the verifier itself counts: errors of the handlers after it are not signature refusals.
    signature: async (c, next) => {
      let passed = false;
      try {
        await verify(c, async () => {
          passed = true;
          await next();
        });
      } catch (error) {
        if (!passed) refusals.signatureRefused(c);
        throw error;
      }
    },
  };
}

/** The body reader of a declaration (a function of the request when the body depends on the caller). */
function bodyReader(body: NonNullable<Route['body']>): MiddlewareHandler<AppEnv> {
  const read = (spec: BodySpec) => readBody(spec.types, spec.maxBytes, spec.charsets);
  if (typeof body !== 'function') return read(body);
  return async (c, next) => read(body(c))(c, next);
}

/** The chain of one declared route (the declaration was checked by checkPolicy). */
export function routeChain(route: Route, guards: Guards): Step[] {
  const body = route.body ? [bodyReader(route.body)] : [];
  if (isPublic(route.access)) return [guards.addressRate, ...body, ...route.handlers];
  const token = route.access.credentials === 'monitor-token';
  return [
    token ? guards.monitorToken : guards.apiKey,
    guards.systemRate,
    requireRole(route.access.roles),
    ...body,
    // A monitor token was issued to a request that was signed where its system must sign.
    ...(token ? [] : [guards.signature]),
    ...route.handlers,
  ];
}

/** The route as the app serves it: its own errors plus those its declaration makes the app answer with. */
export function servedRoute(route: Route): Route {
  return { ...route, errors: [...new Set([...route.errors, ...policyErrors(route.access)])] };
}
