/**
 * The ministry's monitoring API (财政部同步监测): GET /v1/monitor/systems (per publishing system:
 * last accepted and rejected push, freshness against its expected cadence, counts over 1 h and
 * 24 h, top rejection codes, OK / WARN / SILENT) and GET /v1/monitor/subscriptions (per
 * subscription: lag in events and seconds, delivery success and latency, dead letters, endpoint
 * state, OK / WARN / STALLED / ERROR). Only systems of kind `ministry` may call them.
 */
import type { MiddlewareHandler } from 'hono';
import type { Services } from '../../compose.ts';
import { type AppEnv, type Route, authErrors } from '../context.ts';
import { ApiError } from '../errors.ts';
import { authenticate } from '../middleware/auth.ts';
import { verifySignature } from '../middleware/signature.ts';

/** Refuses (403) every caller but a system of kind `ministry`; mount after authenticate. */
export function ministryOnly(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get('system').kind !== 'ministry') {
      throw new ApiError('forbidden', { detail: { zh: '仅财政部监测系统可调用此接口。', en: 'Only the ministry may call this.' } });
    }
    await next();
  };
}

/** The monitoring routes. */
export function monitorRoutes(services: Services): Route[] {
  const guard = [authenticate(services), verifySignature(services), ministryOnly()];
  const thresholds = () => {
    const { refreshMs: _refresh, readyCacheMs: _ready, tokenSecret: _secret, rejectionRetentionDays: _retention, ...rest } = services.monitor.settings;
    return rest;
  };
  return [
    {
      method: 'GET',
      path: '/v1/monitor/systems',
      success: [200],
      errors: [...authErrors, 'forbidden'],
      handlers: [...guard, async (c) => c.json({ generatedAt: new Date().toISOString(), thresholds: thresholds(), systems: await services.monitor.systems() })],
    },
    {
      method: 'GET',
      path: '/v1/monitor/subscriptions',
      success: [200],
      errors: [...authErrors, 'forbidden'],
      handlers: [
        ...guard,
        async (c) => {
          const subscriptions = (await services.monitor.subscriptions()).map(({ lagTrend: _trend, ...s }) => s);
          const log = await services.monitor.logLag.measure(services.stores.journal, Date.now());
          return c.json({ generatedAt: new Date().toISOString(), thresholds: thresholds(), log: { lagEvents: log.events, lagSeconds: log.seconds }, subscriptions });
        },
      ],
    },
  ];
}
