/**
 * Request helpers of the delivery routes (subscriptions, dead letters, feeds): the caller as the
 * delivery layer sees it, a refused delivery operation as an ApiError, and bounded integer query
 * parameters. Shared here so that no route imports another.
 */
import type { Context } from 'hono';
import type { DeliveryFailure } from '../delivery/outcome.ts';
import type { Caller } from '../delivery/subscriptions.ts';
import type { AppEnv } from './context.ts';
import { ApiError } from './errors.ts';

/** The caller of a request, as the delivery layer sees it. */
export function callerOf(c: Context<AppEnv>): Caller {
  const system = c.get('system');
  return { systemId: system.id, ministry: system.kind === 'ministry' };
}

/** The ApiError of a refused delivery operation. */
export function failureError(failure: DeliveryFailure): ApiError {
  return new ApiError(failure.code, {
    ...(failure.detail ? { detail: failure.detail } : {}),
    ...(failure.errors ? { errors: failure.errors } : {}),
    ...(failure.extensions ? { extensions: failure.extensions } : {}),
  });
}

/** A non-negative integer query parameter within bounds, or a 400. */
export function intParam(c: Context<AppEnv>, name: string, fallback: number, max: number): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new ApiError('malformed_request', {
      errors: [
        {
          pointer: '',
          keyword: name,
          message: { zh: `参数 ${name} 须为 0 到 ${max} 的整数`, en: `${name} must be an integer from 0 to ${max}` },
        },
      ],
    });
  }
  return n;
}
