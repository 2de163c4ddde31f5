/**
 * Rate limiting as the app mounts it: per system after authentication (the registry's
 * `rateLimit`), per client address on public routes (PUBLIC_RATE_LIMIT).
 */
import type { MiddlewareHandler } from 'hono';
import type { RateLimit, RateLimiter } from '../../core/index.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { clientAddress } from './request.ts';

/**
 * The limit of public routes per client address: ample for probes, scrapers and a browser
 * (docs/security.md#access-policy); it stops floods, not tooling.
 */
export const PUBLIC_RATE_LIMIT: RateLimit = { requestsPerSecond: 50, burst: 200 };

function limited(retryAfterSeconds: number): ApiError {
  return new ApiError('rate_limited', { retryAfter: retryAfterSeconds });
}

/** 429 once the authenticated system exceeds its registry rate limit; mount after authentication. */
export function rateLimitSystem(limiter: RateLimiter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const system = c.get('system');
    const verdict = limiter.take(system.id, system.rateLimit);
    if (!verdict.allowed) throw limited(verdict.retryAfterSeconds);
    await next();
  };
}

/** 429 once a client address exceeds `limit` (public routes). */
export function rateLimitAddress(limiter: RateLimiter, limit: RateLimit = PUBLIC_RATE_LIMIT): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const verdict = limiter.take(clientAddress(c), limit);
    if (!verdict.allowed) throw limited(verdict.retryAfterSeconds);
    await next();
  };
}
