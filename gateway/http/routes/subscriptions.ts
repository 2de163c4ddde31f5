/**
 * Subscriptions and dead letters: create, list, inspect and delete subscriptions
 * (`/v1/subscriptions`), replay one from a cursor or a time, rotate its webhook secret, re-enable
 * its endpoint, pause and resume it, read its delivery attempts; list, inspect, retry or discard
 * dead letters (`/v1/dead-letters`). A system sees and acts on its own; the ministry (财政部) sees
 * every one and may pause or resume it, nothing more (gateway/delivery/supervision.ts).
 */
import type { Context } from 'hono';
import { decodeUtf8, malformed, parseJson } from '../../core/index.ts';
import type { Services } from '../../services.ts';
import type { DeadLetter } from '../../store/index.ts';
import { type Access, type AppEnv, authErrors, REGISTERED, type Route } from '../context.ts';
import { ApiError } from '../errors.ts';
import { callerOf, failureError } from '../params.ts';
import { intQuery, textQuery } from '../query.ts';

const MAX_BODY = 64 * 1024;
const JSON_LIMITS = { maxDepth: 8, maxStringLength: 4096 };

/** The JSON body read by readBody (an empty body is `{}`). */
function jsonBody(c: Context<AppEnv>): unknown {
  const bytes = c.get('body');
  if (bytes.byteLength === 0) return {};
  const text = decodeUtf8(bytes);
  const parsed = text === null ? malformed({ zh: '请求体不是 UTF-8', en: 'The body is not UTF-8' }) : parseJson(text, JSON_LIMITS);
  if (!parsed.ok) throw new ApiError(parsed.code, { errors: parsed.errors });
  return parsed.value;
}

/** The `:id` path parameter (always present on the routes that use it). */
function pathId(c: Context<AppEnv>): string {
  return c.req.param('id') ?? '';
}

/** A dead letter as the API shows it. */
function deadLetterView(d: DeadLetter) {
  return { ...d, event: d.envelope, envelope: undefined };
}

/** The subscription and dead-letter routes. */
export function subscriptionRoutes(services: Services): Route[] {
  const { delivery } = services;
  // Every registered system manages its own subscriptions; the ministry (callerOf) sees every one.
  const own: Access = { roles: REGISTERED, acts: 'own-subscriptions' };
  const json = { types: ['application/json'], maxBytes: () => MAX_BODY };
  return [
    {
      method: 'GET',
      path: '/v1/subscriptions',
      success: [200],
      errors: [...authErrors],
      access: own,
      handlers: [
        async (c) => {
          const list = await delivery.subscriptions.list(callerOf(c));
          return c.json({ subscriptions: await Promise.all(list.map((s) => delivery.subscriptions.view(s))) });
        },
      ],
    },
    {
      method: 'POST',
      path: '/v1/subscriptions',
      access: own,
      success: [201],
      errors: [
        ...authErrors,
        'unsupported_media_type',
        'payload_too_large',
        'malformed_request',
        'record_limits_exceeded',
        'subscription_invalid',
        'forbidden',
        'subscription_exists',
        'webhook_target_forbidden',
      ],
      body: json,
      handlers: [
        async (c) => {
          const created = await delivery.subscriptions.create(callerOf(c), jsonBody(c));
          if (!created.ok) throw failureError(created);
          const { subscription, secret } = created.value;
          c.header('location', `/v1/subscriptions/${subscription.id}`);
          return c.json({ subscription: await delivery.subscriptions.view(subscription), ...(secret ? { secret } : {}) }, 201);
        },
      ],
    },
    {
      method: 'GET',
      path: '/v1/subscriptions/:id',
      success: [200],
      errors: [...authErrors, 'not_found'],
      access: own,
      handlers: [
        async (c) => {
          const found = await delivery.subscriptions.visible(callerOf(c), pathId(c));
          if (!found.ok) throw failureError(found);
          return c.json(await delivery.subscriptions.view(found.value));
        },
      ],
    },
    {
      method: 'DELETE',
      path: '/v1/subscriptions/:id',
      access: own,
      success: [204],
      errors: [...authErrors, 'not_found', 'forbidden', 'subscription_managed_by_registry'],
      handlers: [
        async (c) => {
          const removed = await delivery.subscriptions.remove(callerOf(c), pathId(c));
          if (!removed.ok) throw failureError(removed);
          return c.body(null, 204);
        },
      ],
    },
    {
      method: 'POST',
      path: '/v1/subscriptions/:id/replay',
      access: own,
      success: [200],
      errors: [
        ...authErrors,
        'not_found',
        'unsupported_media_type',
        'payload_too_large',
        'malformed_request',
        'record_limits_exceeded',
        'subscription_invalid',
        'cursor_invalid',
        'forbidden',
      ],
      body: json,
      handlers: [
        async (c) => {
          const replayed = await delivery.subscriptions.replay(callerOf(c), pathId(c), jsonBody(c));
          if (!replayed.ok) throw failureError(replayed);
          return c.json(replayed.value);
        },
      ],
    },
    {
      method: 'POST',
      path: '/v1/subscriptions/:id/rotate-secret',
      access: own,
      success: [200],
      errors: [...authErrors, 'not_found', 'forbidden', 'subscription_managed_by_registry', 'feed_mode_mismatch'],
      handlers: [
        async (c) => {
          const rotated = await delivery.subscriptions.rotateSecret(callerOf(c), pathId(c));
          if (!rotated.ok) throw failureError(rotated);
          return c.json(rotated.value);
        },
      ],
    },
    {
      method: 'POST',
      path: '/v1/subscriptions/:id/enable',
      access: own,
      success: [200],
      errors: [...authErrors, 'not_found', 'forbidden', 'feed_mode_mismatch'],
      handlers: [
        async (c) => {
          const enabled = await delivery.subscriptions.enable(callerOf(c), pathId(c));
          if (!enabled.ok) throw failureError(enabled);
          return c.json({ endpoint: enabled.value });
        },
      ],
    },
    {
      method: 'POST',
      path: '/v1/subscriptions/:id/pause',
      access: own,
      success: [200],
      errors: [
        ...authErrors,
        'not_found',
        'forbidden',
        'unsupported_media_type',
        'payload_too_large',
        'malformed_request',
        'record_limits_exceeded',
        'subscription_invalid',
      ],
      body: json,
      handlers: [
        async (c) => {
          const paused = await delivery.subscriptions.pause(callerOf(c), pathId(c), jsonBody(c));
          if (!paused.ok) throw failureError(paused);
          return c.json(await delivery.subscriptions.view(paused.value));
        },
      ],
    },
    {
      method: 'POST',
      path: '/v1/subscriptions/:id/resume',
      access: own,
      success: [200],
      errors: [...authErrors, 'not_found', 'forbidden'],
      handlers: [
        async (c) => {
          const resumed = await delivery.subscriptions.resume(callerOf(c), pathId(c));
          if (!resumed.ok) throw failureError(resumed);
          return c.json(await delivery.subscriptions.view(resumed.value));
        },
      ],
    },
    {
      method: 'GET',
      path: '/v1/subscriptions/:id/attempts',
      success: [200],
      errors: [...authErrors, 'not_found', 'malformed_request'],
      access: own,
      handlers: [
        async (c) => {
          const found = await delivery.subscriptions.visible(callerOf(c), pathId(c));
          if (!found.ok) throw failureError(found);
          const limit = intQuery(c, 'limit', { fallback: 100, max: 1000 });
          const eventId = textQuery(c, 'event');
          const attempts = await services.stores.delivery.attempts(found.value.id, eventId ? { eventId, limit } : { limit });
          return c.json({ attempts });
        },
      ],
    },
    // Dead letters
    {
      method: 'GET',
      path: '/v1/dead-letters',
      success: [200],
      errors: [...authErrors, 'not_found', 'malformed_request'],
      access: own,
      handlers: [
        async (c) => {
          const subscriptionId = textQuery(c, 'subscription');
          const limit = intQuery(c, 'limit', { fallback: 100, max: 1000 });
          const offset = intQuery(c, 'offset', { fallback: 0, max: 1_000_000 });
          const listed = await delivery.deadLetters.list(
            callerOf(c),
            subscriptionId ? { subscriptionId, limit, offset } : { limit, offset },
          );
          if (!listed.ok) throw failureError(listed);
          return c.json({ deadLetters: listed.value.map(deadLetterView) });
        },
      ],
    },
    {
      method: 'GET',
      path: '/v1/dead-letters/:id',
      success: [200],
      errors: [...authErrors, 'not_found'],
      access: own,
      handlers: [
        async (c) => {
          const found = await delivery.deadLetters.get(callerOf(c), pathId(c));
          if (!found.ok) throw failureError(found);
          return c.json(deadLetterView(found.value));
        },
      ],
    },
    {
      method: 'POST',
      path: '/v1/dead-letters/:id/retry',
      access: own,
      success: [200],
      errors: [...authErrors, 'not_found', 'forbidden', 'feed_mode_mismatch', 'subscription_paused', 'webhook_delivery_failed'],
      handlers: [
        async (c) => {
          const retried = await delivery.deadLetters.retry(callerOf(c), pathId(c));
          if (!retried.ok) throw failureError(retried);
          return c.json({ delivered: true, ...retried.value });
        },
      ],
    },
    {
      method: 'DELETE',
      path: '/v1/dead-letters/:id',
      access: own,
      success: [204],
      errors: [...authErrors, 'not_found', 'forbidden'],
      handlers: [
        async (c) => {
          const discarded = await delivery.deadLetters.discard(callerOf(c), pathId(c));
          if (!discarded.ok) throw failureError(discarded);
          return c.body(null, 204);
        },
      ],
    },
  ];
}
