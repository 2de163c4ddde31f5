/**
 * Pull feeds: the admitted journal entries after a cursor, waiting (long-poll) until at least one
 * arrives or the wait is over. Entries the subscription does not admit are skipped but still
 * move the returned cursor, so a narrow subscription never rescans what it already passed.
 * A paused subscription reads nothing: the cursor stays, and the answer says who paused it and why.
 */
import type { FeedFilter, JournalEntry, JournalStore, Subscription, SubscriptionPause } from '../store/index.ts';
import { admits } from './filter.ts';
import type { JournalNotifier } from './notifier.ts';

/** What reading a feed needs. */
export interface FeedContext {
  journal: JournalStore;
  notifier: JournalNotifier;
  entitlement: (systemId: string) => FeedFilter | null;
  /** The subscription's current pause, re-read on every page (it may be paused or resumed by another process). */
  pause: (subscriptionId: string) => Promise<SubscriptionPause | undefined>;
  pollMs: number;
}

/** Journal entries scanned per read, whatever the limit. */
const SCAN = 500;
/** Pages scanned per request before answering with an empty page and an advanced cursor. */
const MAX_PAGES = 20;

/**
 * Up to `limit` admitted entries after `after`, in journal order, and the cursor to continue
 * from; waits up to `waitMs` for the first one. Resolves early (possibly empty) when `signal` aborts.
 */
export async function readFeed(
  ctx: FeedContext,
  subscription: Subscription,
  after: number,
  limit: number,
  waitMs: number,
  signal?: AbortSignal,
): Promise<{ entries: JournalEntry[]; next: number; paused?: SubscriptionPause }> {
  const deadline = Date.now() + waitMs;
  const entries: JournalEntry[] = [];
  let cursor = after;
  let pages = 0;
  for (;;) {
    const paused = await ctx.pause(subscription.id);
    if (paused) {
      const left = deadline - Date.now();
      if (entries.length > 0 || left <= 0 || signal?.aborted) return { entries, next: cursor, paused };
      // Until resumed (which wakes the notifier here; another process's resume is seen at the next poll).
      await ctx.notifier.wait(Number.MAX_SAFE_INTEGER, Math.min(left, ctx.pollMs), signal);
      continue;
    }
    const entitlement = ctx.entitlement(subscription.systemId);
    const batch = await ctx.journal.readJournal(cursor, Math.max(limit, SCAN));
    for (const entry of batch) {
      cursor = entry.seq;
      if (!admits(subscription.filter, entitlement, entry.envelope)) continue;
      entries.push(entry);
      if (entries.length >= limit) return { entries, next: cursor };
    }
    if (entries.length > 0) return { entries, next: cursor };
    if (batch.length > 0 && ++pages < MAX_PAGES) continue;
    const left = deadline - Date.now();
    if (left <= 0 || signal?.aborted || batch.length > 0) return { entries, next: cursor };
    await ctx.notifier.wait(cursor, Math.min(left, ctx.pollMs), signal);
  }
}
