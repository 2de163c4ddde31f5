/**
 * What operators' tooling scrapes: GET /metrics (Prometheus text exposition of the OpenTelemetry
 * metrics) and GET /readyz (deep readiness: log writable, state store reachable, signing key
 * loaded; cached for a few seconds; 503 `not_ready` naming each failed check). Both are public,
 * like /healthz: put them behind the network boundary, not behind credentials.
 */
import type { Services } from '../../services.ts';
import type { Route } from '../context.ts';
import { ApiError } from '../errors.ts';

/** The Content-Type of the Prometheus text format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** /metrics and /readyz. */
export function metricsRoutes(services: Pick<Services, 'telemetry' | 'monitor'>): Route[] {
  return [
    {
      method: 'GET',
      path: '/metrics',
      success: [200],
      errors: [],
      access: { roles: ['public'], acts: 'nothing' },
      handlers: [
        async (c) =>
          c.body(await services.telemetry.metrics.render(), 200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' }),
      ],
    },
    {
      method: 'GET',
      path: '/readyz',
      success: [200],
      errors: ['not_ready'],
      access: { roles: ['public'], acts: 'nothing' },
      handlers: [
        async (c) => {
          const readiness = await services.monitor.readiness.check();
          c.header('cache-control', 'no-store');
          if (!readiness.ready) {
            throw new ApiError('not_ready', {
              retryAfter: 5,
              errors: readiness.reasons.map((r) => ({ pointer: '', keyword: r.check, message: r.message })),
              extensions: { checks: readiness.checks, checkedAt: readiness.checkedAt },
            });
          }
          return c.json({ status: 'ready', checks: readiness.checks, checkedAt: readiness.checkedAt });
        },
      ],
    },
  ];
}
