/** Route guard of the ministry's (财政部) monitoring routes and dashboard. */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';

/** Refuses (403) every caller but a system of kind `ministry`; mount after authenticate. */
export function ministryOnly(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get('system').kind !== 'ministry') {
      throw new ApiError('forbidden', { detail: { zh: '仅财政部监测系统可调用此接口。', en: 'Only the ministry may call this.' } });
    }
    await next();
  };
}
