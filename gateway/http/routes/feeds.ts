/**
 * Pull and stream feeds of a subscription: `GET /v1/feeds/{subscription}?after=&limit=&wait=`
 * answers CloudEvents in journal order with the cursor to continue from (long-polling up to
 * `wait` seconds for the first one); `GET /v1/feeds/{subscription}/stream`, or the same URL with
 * `Accept: text/event-stream`, streams them as Server-Sent Events whose `id:` is the cursor,
 * resuming after `Last-Event-ID`, with a heartbeat comment every few seconds.
 * A cursor is only a journal seq, so any gateway process serves any cursor.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { decodeCursor, encodeCursor } from '../../delivery/cursor.ts';
import { readFeed } from '../../delivery/feed.ts';
import { feedEvent } from '../../delivery/format.ts';
import type { Services } from '../../services.ts';
import type { Subscription } from '../../store/port.ts';
import { type Access, type AppEnv, authErrors, REGISTERED, type Route } from '../context.ts';
import { ApiError } from '../errors.ts';
import { intQuery, textQuery } from '../query.ts';
import { callerOf, failureError } from './subscriptions.ts';

/** Events per SSE read. */
const STREAM_BATCH = 200;

/** The caller's pull or SSE subscription named in the path. */
async function feedSubscription(services: Services, c: Context<AppEnv>): Promise<Subscription> {
  const caller = callerOf(c);
  // The ministry may inspect any subscription but reads only its own feeds.
  const found = await services.delivery.subscriptions.visible({ ...caller, ministry: false }, c.req.param('subscription')!);
  if (!found.ok) throw failureError(found);
  if (found.value.mode === 'webhook') {
    throw new ApiError('feed_mode_mismatch', {
      detail: {
        zh: '这是 webhook 订阅：事件会推送到端点，不能拉取。',
        en: 'This is a webhook subscription: its events are pushed, not pulled.',
      },
    });
  }
  return found.value;
}

/** The seq to read after: an explicit cursor, or the subscription's stored cursor (where replay puts it). */
async function startSeq(services: Services, subscription: Subscription, cursor: string | undefined): Promise<number> {
  if (cursor === undefined || cursor === '') return (await services.stores.delivery.cursor(subscription.id)).seq;
  const seq = decodeCursor(cursor);
  if (seq === null) throw new ApiError('cursor_invalid');
  return seq;
}

/** Streams the feed as Server-Sent Events until the client goes away. */
async function stream(services: Services, c: Context<AppEnv>): Promise<Response> {
  const { delivery } = services;
  const subscription = await feedSubscription(services, c);
  let cursor = await startSeq(services, subscription, c.req.header('last-event-id') ?? textQuery(c, 'after'));
  c.header('x-accel-buffering', 'no');
  return streamSSE(c, async (sse) => {
    const gone = new AbortController();
    sse.onAbort(() => gone.abort());
    // The client went away (the node server aborts the request's signal), or the gateway is shutting down.
    for (const signal of [c.req.raw.signal, delivery.closing]) signal?.addEventListener('abort', () => gone.abort(), { once: true });
    if (delivery.closing.aborted) gone.abort();
    const heartbeat = setInterval(() => void sse.write(`: heartbeat ${new Date().toISOString()}\n\n`), delivery.config.heartbeatMs);
    try {
      await sse.write('retry: 2000\n\n');
      while (!gone.signal.aborted && !sse.aborted) {
        const page = await readFeed(delivery.feed, subscription, cursor, STREAM_BATCH, delivery.config.heartbeatMs, gone.signal);
        for (const entry of page.entries) {
          if (gone.signal.aborted) return;
          await sse.writeSSE({
            id: encodeCursor(entry.seq),
            data: JSON.stringify(feedEvent(entry.envelope, subscription.format, delivery.adapters, subscription.systemId)),
          });
        }
        cursor = page.next;
      }
    } finally {
      clearInterval(heartbeat);
    }
  });
}

/** The feed routes. */
export function feedRoutes(services: Services): Route[] {
  const { delivery } = services;
  // A feed is read by the owner of its subscription only, the ministry included.
  const own: Access = { roles: REGISTERED, acts: 'own-subscriptions' };
  return [
    {
      method: 'GET',
      path: '/v1/feeds/:subscription',
      success: [200],
      errors: [...authErrors, 'not_found', 'malformed_request', 'cursor_invalid', 'feed_mode_mismatch'],
      access: own,
      handlers: [
        async (c) => {
          if ((c.req.header('accept') ?? '').includes('text/event-stream')) return stream(services, c);
          const subscription = await feedSubscription(services, c);
          const after = await startSeq(services, subscription, textQuery(c, 'after'));
          const limit = intQuery(c, 'limit', { fallback: 100, min: 1, max: delivery.config.maxLimit });
          const wait = intQuery(c, 'wait', { fallback: 0, max: delivery.config.maxWaitS });
          const page = await readFeed(
            delivery.feed,
            subscription,
            after,
            limit,
            wait * 1000,
            AbortSignal.any([c.req.raw.signal, delivery.closing]),
          );
          c.header('cache-control', 'no-store');
          return c.json({
            subscription: subscription.id,
            events: page.entries.map((e) => feedEvent(e.envelope, subscription.format, delivery.adapters, subscription.systemId)),
            next: encodeCursor(page.next),
            // While paused nothing is read; the subscriber sees who paused it and why.
            ...(page.paused ? { paused: page.paused } : {}),
          });
        },
      ],
    },
    {
      method: 'GET',
      path: '/v1/feeds/:subscription/stream',
      success: [200],
      errors: [...authErrors, 'not_found', 'malformed_request', 'cursor_invalid', 'feed_mode_mismatch'],
      access: own,
      handlers: [(c) => stream(services, c)],
    },
  ];
}
