/**
 * Reconciliation (对账) by day (Asia/Shanghai):
 * - GET  /v1/reconciliation/{systemId}/{date}: the count and digest of the versions the gateway
 *   accepted from the system that day (`?records=true` lists them).
 * - POST /v1/reconciliation/{systemId}/{date}: the system's own manifest (list or digest) against
 *   the gateway's: exactly which versions are missing at the gateway, extra, or mismatched.
 * - GET / POST /v1/reconciliation/subscriptions/{subscriptionId}/{date}: the same for what a
 *   subscription was sent that day, so a subscriber can check what it received.
 * Only the system itself (the subscription's owner) or the ministry may call them.
 */
import type { Context } from 'hono';
import { decodeUtf8, parseJson } from '../../core/index.ts';
import { compare, type ManifestEntry, parseManifest, summarize } from '../../monitor/index.ts';
import type { SystemEntry } from '../../registry/index.ts';
import type { Services } from '../../services.ts';
import type { Subscription } from '../../store/index.ts';
import { type Access, type AppEnv, authErrors, REGISTERED, type Route } from '../context.ts';
import { ApiError } from '../errors.ts';
import { boolQuery } from '../query.ts';

const TIME_ZONE = 'Asia/Shanghai';

function badDate(date: string): ApiError {
  return new ApiError('malformed_request', {
    errors: [
      { pointer: '', keyword: 'date', message: { zh: `日期 ${date} 无效，应为 YYYY-MM-DD`, en: `Invalid date ${date}: use YYYY-MM-DD` } },
    ],
  });
}

function forbidden(): ApiError {
  return new ApiError('forbidden', {
    detail: { zh: '只有该系统本身或财政部可以对账。', en: 'Only the system itself or the ministry may reconcile.' },
  });
}

/** The publishing system a caller may reconcile: itself, or any when it is the ministry. */
function checkSystem(caller: SystemEntry, systemId: string): void {
  if (caller.kind !== 'ministry' && caller.id !== systemId) throw forbidden();
}

/** A subscription the caller owns (or any, for the ministry); 404 when unknown or not visible. */
async function visibleSubscription(services: Services, caller: SystemEntry, id: string): Promise<Subscription> {
  const subscription = await services.stores.delivery.subscription(id);
  if (!subscription || (caller.kind !== 'ministry' && caller.id !== subscription.systemId)) throw new ApiError('not_found');
  return subscription;
}

/** The submitted manifest of a POST body. */
function submittedManifest(c: Context<AppEnv>, services: Services) {
  const text = decodeUtf8(c.get('body'));
  const limits = services.config.limits;
  const parsed = text === null ? null : parseJson(text, { maxDepth: 4, maxStringLength: limits.maxStringLength });
  if (!parsed) throw new ApiError('malformed_request', { detail: { zh: '请求体不是 UTF-8。', en: 'The body is not UTF-8.' } });
  if (!parsed.ok) throw new ApiError(parsed.code, { errors: parsed.errors });
  const manifest = parseManifest(parsed.value);
  if (!manifest.ok) {
    throw new ApiError('malformed_request', {
      errors: manifest.problems.map((p) => ({
        pointer: p.pointer,
        keyword: 'manifest',
        message: { zh: `对账清单无效：${p.message}`, en: `Invalid manifest: ${p.message}` },
      })),
    });
  }
  return manifest.value;
}

/** The reconciliation routes. */
export function reconciliationRoutes(services: Services): Route[] {
  // A system reconciles its own pushes, a subscriber its own deliveries; the ministry any (checked below).
  const ownSystem: Access = { roles: REGISTERED, acts: 'own-system' };
  const ownSubscriptions: Access = { roles: REGISTERED, acts: 'own-subscriptions' };
  const body = { types: ['application/json'], maxBytes: () => services.config.limits.maxBatchBytes };
  const accepted = async (c: Context<AppEnv>): Promise<{ systemId: string; date: string; entries: ManifestEntry[] }> => {
    const systemId = c.req.param('systemId')!;
    const date = c.req.param('date')!;
    checkSystem(c.get('system'), systemId);
    const entries = await services.monitor.acceptedManifest(systemId, date);
    if (!entries) throw badDate(date);
    return { systemId, date, entries };
  };
  const sent = async (c: Context<AppEnv>) => {
    const subscription = await visibleSubscription(services, c.get('system'), c.req.param('subscriptionId')!);
    const date = c.req.param('date')!;
    const manifest = await services.monitor.sentManifest(subscription, date);
    if (!manifest) throw badDate(date);
    return { subscription, date, ...manifest };
  };
  const errors = [...authErrors, 'forbidden', 'malformed_request'] as const;
  return [
    {
      method: 'GET',
      path: '/v1/reconciliation/subscriptions/:subscriptionId/:date',
      success: [200],
      errors: [...authErrors, 'not_found', 'malformed_request'],
      access: ownSubscriptions,
      handlers: [
        async (c) => {
          const { subscription, date, basis, entries } = await sent(c);
          const list = boolQuery(c, 'records');
          return c.json({
            subscriptionId: subscription.id,
            systemId: subscription.systemId,
            date,
            timeZone: TIME_ZONE,
            basis,
            ...summarize(entries),
            ...(list ? { records: entries.map(({ recordId, version, contentHash }) => ({ recordId, version, contentHash })) } : {}),
          });
        },
      ],
    },
    {
      method: 'POST',
      path: '/v1/reconciliation/subscriptions/:subscriptionId/:date',
      success: [200],
      errors: [...authErrors, 'not_found', 'malformed_request', 'unsupported_media_type', 'payload_too_large', 'record_limits_exceeded'],
      access: ownSubscriptions,
      body,
      handlers: [
        async (c) => {
          const submitted = submittedManifest(c, services);
          const { subscription, date, basis, entries } = await sent(c);
          return c.json({
            subscriptionId: subscription.id,
            systemId: subscription.systemId,
            date,
            timeZone: TIME_ZONE,
            basis,
            ...compare(entries, submitted, 'delivery'),
          });
        },
      ],
    },
    {
      method: 'GET',
      path: '/v1/reconciliation/:systemId/:date',
      success: [200],
      errors: [...errors],
      access: ownSystem,
      handlers: [
        async (c) => {
          const { systemId, date, entries } = await accepted(c);
          return c.json({
            systemId,
            date,
            timeZone: TIME_ZONE,
            ...summarize(entries),
            ...(boolQuery(c, 'records') ? { records: entries } : {}),
          });
        },
      ],
    },
    {
      method: 'POST',
      path: '/v1/reconciliation/:systemId/:date',
      success: [200],
      errors: [...errors, 'unsupported_media_type', 'payload_too_large', 'record_limits_exceeded'],
      access: ownSystem,
      body,
      handlers: [
        async (c) => {
          checkSystem(c.get('system'), c.req.param('systemId')!);
          const submitted = submittedManifest(c, services);
          const { systemId, date, entries } = await accepted(c);
          return c.json({ systemId, date, timeZone: TIME_ZONE, ...compare(entries, submitted, 'push') });
        },
      ],
    },
  ];
}
