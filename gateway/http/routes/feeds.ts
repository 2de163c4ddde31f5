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
import type { Services } from '../../services.ts';
import type { Subscription } from '../../store/index.ts';
import { type Access, type AppEnv, authErrors, REGISTERED, type Route } from '../context.ts';
import { callerOf, failureError } from '../params.ts';
import { intQuery, textQuery } from '../query.ts';

/** Events per SSE read. */
const STREAM_BATCH = 200;

/** The caller's pull or SSE subscription named in the path. */
async function feedSubscription(services: Services, c: Context<AppEnv>): Promise<Subscription> {
  const found = await services.delivery.feeds.subscription(callerOf(c), c.req.param('subscription')!);
  if (!found.ok) throw failureError(found);
  return found.value;
}

/** The seq to read after: the given cursor, or the subscription's stored one. */
async function startSeq(services: Services, subscription: Subscription, cursor: string | undefined): Promise<number> {
  const start = await services.delivery.feeds.start(subscription, cursor);
  if (!start.ok) throw failureError(start);
  return start.value;
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
        const page = await delivery.feeds.read(subscription, cursor, STREAM_BATCH, delivery.config.heartbeatMs, gone.signal);
        for (const item of page.items) {
          if (gone.signal.aborted) return;
          await sse.writeSSE({ id: item.cursor, data: JSON.stringify(item.event) });
        }
        cursor = page.after;
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
          const page = await delivery.feeds.read(
            subscription,
            after,
            limit,
            wait * 1000,
            AbortSignal.any([c.req.raw.signal, delivery.closing]),
          );
          c.header('cache-control', 'no-store');
          return c.json({
            subscription: subscription.id,
            events: page.items.map((item) => item.event),
            next: page.next,
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
