/**
 * One delivery session of a webhook subscription, from its durable cursor until something makes
 * it start over (a replay, a disabled endpoint, a pause, an error) or stop (the subscription or the lease
 * is gone). A reader pulls the journal and hands admitted events to lanes chosen by
 * hash(processkey); each lane delivers its events one after another, so records of one
 * procurement process (or order) stay in order, and runs on as soon as its previous event is done,
 * whatever the other lanes are waiting for. The cursor follows the watermark (the oldest event
 * not yet finished), written in batches.
 */
import { setMaxListeners } from 'node:events';
import type { EndpointState, JournalEntry, Lease, StoredCursor, Subscription } from '../store/index.ts';
import type { AttemptLog } from './attempt-log.ts';
import { CursorWriter } from './cursor-writer.ts';
import { type Attempting, deliverOne } from './deliver.ts';
import { admits } from './filter.ts';
import { EndpointHealth } from './health.ts';
import { JournalNotifier } from './notifier.ts';
import { laneOf, Watermark } from './watermark.ts';
import type { WorkerContext } from './worker-context.ts';

/** How a session ended: 'gone' stops the worker, 'restart' begins a new session. */
export type SessionEnd = 'gone' | 'restart';

/**
 * Pause between two cursor writes: a fraction of the events finished meanwhile would be
 * delivered again after a crash (delivery is at least once), in exchange for one write per
 * interval instead of one per event.
 */
const CURSOR_INTERVAL_MS = 100;

interface Lane {
  queue: JournalEntry[];
  running: boolean;
}

/** A subscription's deliveries while nothing about it changes. */
export class DeliverySession {
  private readonly lanes: Lane[];
  private readonly watermark: Watermark;
  private readonly cursor: CursorWriter;
  private readonly health: EndpointHealth;
  private readonly ender = new AbortController();
  private readonly stop: AbortSignal;
  private readonly attempting: Attempting;
  /** Rung when the lanes drop to the low-water mark: the reader has room again. */
  private readonly freed = new JournalNotifier();
  private readonly running = new Set<Promise<void>>();
  private ending: SessionEnd | null = null;
  private failure: unknown = null;
  private refreshedAt = performance.now();
  /** The reader reads again once no more than this many events are in the lanes. */
  private readonly lowWater: number;
  private seenChanges: number;

  constructor(
    private readonly ctx: WorkerContext,
    private subscription: Subscription,
    state: EndpointState,
    cursor: StoredCursor,
    lease: () => Lease,
    signal: AbortSignal,
    private readonly attempts: AttemptLog,
  ) {
    this.lanes = Array.from({ length: Math.max(1, ctx.lanes) }, () => ({ queue: [], running: false }));
    this.watermark = new Watermark(cursor.seq);
    this.health = new EndpointHealth(state, ctx.store, ctx.policy);
    this.lowWater = Math.max(0, Math.floor(ctx.batchSize / 2));
    this.stop = AbortSignal.any([signal, this.health.stopped, this.ender.signal]);
    // Every lane's request and retry pause listen to it, and the reader's wait.
    setMaxListeners(2 * this.lanes.length + 8, this.stop);
    const onError = (error: unknown) => ctx.onError(error, subscription.id);
    this.cursor = new CursorWriter(
      ctx.store,
      subscription.id,
      cursor,
      lease,
      CURSOR_INTERVAL_MS,
      (why) => this.end(why === 'replayed' ? 'restart' : 'gone'),
      onError,
      async () => {
        await this.health.flush();
        attempts.flush().catch(onError);
      },
    );
    // A process that stalled past its lease stops before the next attempt; the new holder takes over.
    const leaseLive = () => lease().expiresAt > ctx.clock().getTime();
    this.attempting = { ctx, health: this.health, attempts, stop: this.stop, leaseLive };
    this.seenChanges = ctx.notifier.changes;
  }

  /** Delivers until the session ends; rethrows the first error after stopping the lanes and saving the cursor. */
  async run(): Promise<SessionEnd> {
    try {
      await this.read();
    } catch (error) {
      this.fail(error);
    }
    this.end('restart');
    await Promise.all(this.running);
    await this.health.flush();
    this.attempts.flush().catch((error) => this.ctx.onError(error, this.subscription.id));
    const refusal = await this.cursor.flush();
    if (this.failure) throw this.failure;
    return refusal === 'lease-lost' ? 'gone' : (this.ending ?? 'restart');
  }

  /** The reader: keeps the lanes supplied, at most about one and a half batches ahead of the slowest. */
  private async read(): Promise<void> {
    const { ctx } = this;
    let caughtUp = false;
    while (!this.stop.aborted) {
      if (!this.attempting.leaseLive()) return this.end('gone');
      if (ctx.notifier.changes !== this.seenChanges || performance.now() - this.refreshedAt >= ctx.pollMs) {
        await this.refresh();
        continue;
      }
      // The backlog waits in the journal, not in memory: read on once the lanes are half through.
      if (this.watermark.inFlight > this.lowWater) {
        await this.freed.wait(Number.MAX_SAFE_INTEGER, ctx.pollMs, this.stop);
        continue;
      }
      const from = this.watermark.readTo;
      if (caughtUp) {
        // A short read reached the head: wait for the projector (or, for other processes' writes, one poll).
        caughtUp = false;
        await ctx.notifier.wait(from, ctx.pollMs, this.stop);
        continue;
      }
      const entries = await ctx.journal.readJournal(from, ctx.batchSize);
      if (this.stop.aborted) return;
      caughtUp = entries.length < ctx.batchSize;
      if (entries.length === 0) continue;
      const { filter, systemId } = this.subscription;
      const entitlement = ctx.entitlement(systemId);
      for (const entry of entries) {
        if (admits(filter, entitlement, entry.envelope)) {
          this.watermark.dispatched(entry.seq);
          this.dispatch(entry);
        } else {
          this.watermark.readPast(entry.seq);
        }
      }
      this.cursor.advanceTo(this.watermark.value);
    }
  }

  /** Re-reads what may have changed under the session: the subscription, its endpoint, its cursor. */
  private async refresh(): Promise<void> {
    const { store } = this.ctx;
    this.refreshedAt = performance.now();
    this.seenChanges = this.ctx.notifier.changes;
    const subscription = await store.subscription(this.subscription.id);
    if (subscription?.mode !== 'webhook' || !subscription.webhook) return this.end('gone');
    this.subscription = subscription;
    // Paused or disabled: the worker waits (the cursor stays at the oldest event not yet delivered).
    if (subscription.paused || (await store.endpointState(subscription.id)).status === 'disabled') return this.end('restart');
    // A refusal (the cursor was replayed) ends the session through the writer's callback.
    await this.cursor.check();
  }

  private dispatch(entry: JournalEntry): void {
    const lane = this.lanes[laneOf(entry.envelope.processkey, this.lanes.length)]!;
    lane.queue.push(entry);
    if (lane.running) return;
    lane.running = true;
    const run = this.drain(lane);
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  /** Delivers a lane's events in order while it has any; never rejects. */
  private async drain(lane: Lane): Promise<void> {
    try {
      while (lane.queue.length > 0 && !this.stop.aborted) {
        const entry = lane.queue[0]!;
        if (!(await deliverOne(this.attempting, this.subscription, entry))) {
          // Not finished and nothing else stopped the session: the lease ran out under it.
          if (!this.stop.aborted) this.end('gone');
          return;
        }
        lane.queue.shift();
        this.watermark.finish(entry.seq);
        this.cursor.advanceTo(this.watermark.value);
        if (this.watermark.inFlight === this.lowWater) this.freed.wake();
      }
    } catch (error) {
      this.fail(error);
    } finally {
      lane.running = false;
    }
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    this.end('restart');
  }

  private end(why: SessionEnd): void {
    this.ending ??= why;
    this.ender.abort();
  }
}
