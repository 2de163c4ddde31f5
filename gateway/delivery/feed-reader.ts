/**
 * Reading a pull or stream feed, for the feed routes (gateway/http/routes/feeds.ts), which only
 * translate HTTP: the caller's own pull or SSE subscription, where to start (an explicit cursor or the
 * stored one), and pages of admitted journal entries rendered in the subscription's format, each with
 * the cursor to resume after it. A cursor is only a journal seq, so any gateway process serves any cursor.
 */
import type { DeliveryStore, Subscription, SubscriptionPause } from '../store/index.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { type FeedContext, readFeed } from './feed.ts';
import { feedEvent, type OutboundFormats } from './format.ts';
import { fail, type Outcome, ok } from './outcome.ts';
import type { Caller, Subscriptions } from './subscriptions.ts';

/** An event of a feed page and the cursor that resumes after it (the SSE `id:`). */
export interface FeedItem {
  cursor: string;
  event: Record<string, unknown>;
}

/** A page of a feed: its events in journal order and the cursor to continue from. */
export interface FeedPage {
  items: FeedItem[];
  /** The seq to read after next time. */
  after: number;
  /** `after` as a cursor. */
  next: string;
  /** Set while the subscription is paused (nothing is read then): who paused it, when and why. */
  paused?: SubscriptionPause;
}

/** What a feed reader is built from. */
export interface FeedReaderDeps {
  subscriptions: Pick<Subscriptions, 'visible'>;
  store: Pick<DeliveryStore, 'cursor'>;
  feed: FeedContext;
  adapters: OutboundFormats;
}

/** Reads pull and stream feeds. */
export class FeedReader {
  constructor(private readonly deps: FeedReaderDeps) {}

  /** The caller's pull or SSE subscription `id`; the ministry may inspect any subscription but reads only its own feeds. */
  async subscription(caller: Caller, id: string): Promise<Outcome<Subscription>> {
    const found = await this.deps.subscriptions.visible({ ...caller, ministry: false }, id);
    if (!found.ok) return found;
    if (found.value.mode === 'webhook')
      return fail(
        'feed_mode_mismatch',
        '这是 webhook 订阅：事件会推送到端点，不能拉取。',
        'This is a webhook subscription: its events are pushed, not pulled.',
      );
    return found;
  }

  /** The seq to read after: an explicit cursor, or the subscription's stored cursor (where replay puts it). */
  async start(subscription: Subscription, cursor: string | undefined): Promise<Outcome<number>> {
    if (cursor === undefined || cursor === '') return ok((await this.deps.store.cursor(subscription.id)).seq);
    const seq = decodeCursor(cursor);
    return seq === null ? fail('cursor_invalid') : ok(seq);
  }

  /**
   * Up to `limit` events after `after`, rendered in the subscription's format; waits up to `waitMs`
   * for the first one and resolves early (possibly empty) when `signal` aborts.
   */
  async read(subscription: Subscription, after: number, limit: number, waitMs: number, signal?: AbortSignal): Promise<FeedPage> {
    const page = await readFeed(this.deps.feed, subscription, after, limit, waitMs, signal);
    return {
      items: page.entries.map((entry) => ({
        cursor: encodeCursor(entry.seq),
        event: feedEvent(entry.envelope, subscription.format, this.deps.adapters, subscription.systemId),
      })),
      after: page.next,
      next: encodeCursor(page.next),
      ...(page.paused ? { paused: page.paused } : {}),
    };
  }
}
