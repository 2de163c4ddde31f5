/**
 * The ministry's monitoring API (财政部同步监测): GET /v1/monitor/systems (per publishing system:
 * last accepted and rejected push, freshness against its expected cadence, counts over 1 h and
 * 24 h, top rejection codes, OK / WARN / SILENT) and GET /v1/monitor/subscriptions (per
 * subscription: lag in events and seconds, delivery success and latency, dead letters, endpoint
 * state, OK / WARN / STALLED / ERROR). Only systems of kind `ministry` may call them (their `access`).
 */
import type { MiddlewareHandler } from 'hono';
import { errorMessage } from '../../core/index.ts';
import { recordRefusedPush } from '../../monitor/index.ts';
import type { Services } from '../../services.ts';
import { type Access, type AppEnv, authErrors, type Route } from '../context.ts';
import { ApiError } from '../errors.ts';

/** The monitoring routes. */
export function monitorRoutes(services: Services): Route[] {
  const supervision: Access = { roles: ['ministry'], acts: 'supervision' };
  const thresholds = () => {
    const {
      refreshMs: _refresh,
      readyCacheMs: _ready,
      tokenSecret: _secret,
      rejectionRetentionDays: _retention,
      ...rest
    } = services.monitor.settings;
    return rest;
  };
  return [
    {
      method: 'GET',
      path: '/v1/monitor/systems',
      success: [200],
      errors: [...authErrors, 'forbidden'],
      access: supervision,
      handlers: [
        async (c) => c.json({ generatedAt: new Date().toISOString(), thresholds: thresholds(), systems: await services.monitor.systems() }),
      ],
    },
    {
      method: 'GET',
      path: '/v1/monitor/subscriptions',
      success: [200],
      errors: [...authErrors, 'forbidden'],
      access: supervision,
      handlers: [
        async (c) => {
          const subscriptions = (await services.monitor.subscriptions()).map(({ lagTrend: _trend, ...s }) => s);
          const log = await services.monitor.logHealth();
          return c.json({ generatedAt: new Date().toISOString(), thresholds: thresholds(), log, subscriptions });
        },
      ],
    },
  ];
}

/** Whole-push refusals that happen before the ingest pipeline sees a record (the pipeline reports the rest). */
const REQUEST_REFUSALS = new Set([
  'malformed_request',
  'record_limits_exceeded',
  'payload_too_large',
  'batch_too_large',
  'unsupported_media_type',
]);
const PUSH_PATHS = new Set(['/v1/records', '/v1/records/batch']);

/**
 * Records a push refused as a whole (malformed JSON, limits, media type) by an authenticated
 * system, so that the monitor shows its rejections rather than silence. Mount on every request.
 */
export function recordRefusedPushes(services: Pick<Services, 'stores' | 'logger'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const error = c.error;
    if (c.req.method !== 'POST' || !PUSH_PATHS.has(c.req.path) || !(error instanceof ApiError) || !REQUEST_REFUSALS.has(error.code)) return;
    const system = c.get('system');
    if (!system) return;
    await recordRefusedPush(services.stores.monitor, system.id, error.code, Date.now()).catch((e: unknown) =>
      services.logger.error('recording a refused push failed', { error: errorMessage(e) }),
    );
  };
}
