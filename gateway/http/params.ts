/**
 * Request helpers of the delivery routes (subscriptions, dead letters, feeds): the caller as the
 * delivery layer sees it and a refused delivery operation as an ApiError. Shared here so that no
 * route imports another.
 */
import type { Context } from 'hono';
import type { Caller, DeliveryFailure } from '../delivery/index.ts';
import { requestOrigin } from './audit-context.ts';
import type { AppEnv } from './context.ts';
import { ApiError } from './errors.ts';

/** The caller of a request, as the delivery layer sees it (with what the audit log records). */
export function callerOf(c: Context<AppEnv>): Caller {
  const system = c.get('system');
  return { systemId: system.id, ministry: system.kind === 'ministry', ...requestOrigin(c) };
}

/** The ApiError of a refused delivery operation. */
export function failureError(failure: DeliveryFailure): ApiError {
  return new ApiError(failure.code, {
    ...(failure.detail ? { detail: failure.detail } : {}),
    ...(failure.errors ? { errors: failure.errors } : {}),
    ...(failure.extensions ? { extensions: failure.extensions } : {}),
  });
}
