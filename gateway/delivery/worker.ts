/**
 * The webhook worker of one subscription. It reads the journal after the subscription's durable
 * cursor, keeps what the filter and the system's entitlement admit, and delivers it in parallel
 * lanes chosen by hash(processkey), so records of one procurement process (or order) stay in
 * order while others overtake. The cursor advances only past events that were delivered or
 * dead-lettered, and only while this process still holds the subscription's lease.
 */
import type { EventEnvelope } from '../core/envelope.ts';
import type { DeliveryAttempt, DeliveryStore, FeedFilter, JournalEntry, JournalStore, Lease, Subscription } from '../store/port.ts';
import { admits } from './filter.ts';
import { type OutboundFormats, type RenderedMessage, renderWebhook } from './format.ts';
import { EndpointHealth } from './health.ts';
import { type JournalNotifier, sleep } from './notifier.ts';
import { type RetryPolicy, judge } from './retry.ts';
import type { WebhookSender } from './sender.ts';
import { signatureHeaders, signingSecrets } from './signing.ts';
import { traceDelivery } from '../telemetry/delivery.ts';

/** What a worker needs; shared by every worker of a process. */
export interface WorkerContext {
  store: DeliveryStore;
  journal: JournalStore;
  notifier: JournalNotifier;
  sender: WebhookSender;
  adapters: OutboundFormats;
  /** The read entitlement of a system (null: it may read nothing). */
  entitlement: (systemId: string) => FeedFilter | null;
  policy: RetryPolicy;
  /** Parallel lanes per subscription. */
  lanes: number;
  /** Journal entries read per batch. */
  batchSize: number;
  /** How often to look for journal entries written by other processes. */
  pollMs: number;
  clock: () => Date;
  random?: () => number;
  onError: (error: unknown, subscriptionId: string) => void;
}

/** FNV-1a: a cheap, stable hash to spread process keys over lanes. */
function laneOf(key: string, lanes: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % lanes;
}

/** Buffers attempt records and writes them in batches, one write at a time, off the delivery path. */
class AttemptLog {
  private buffer: DeliveryAttempt[] = [];
  private writing: Promise<void> = Promise.resolve();
  constructor(private readonly store: DeliveryStore) {}
  add(attempt: DeliveryAttempt): void {
    this.buffer.push(attempt);
  }
  /** Writes what is buffered; resolves once it (and every earlier write) is stored. */
  flush(): Promise<void> {
    if (this.buffer.length === 0) return this.writing;
    const batch = this.buffer;
    this.buffer = [];
    const next = this.writing.then(() => this.store.recordAttempts(batch));
    this.writing = next.catch(() => {});
    return next;
  }
}

/** Runs one subscription's deliveries while `lease()` is held; returns when `signal` aborts or the subscription ends. */
export async function runWebhookWorker(ctx: WorkerContext, subscriptionId: string, lease: () => Lease, signal: AbortSignal): Promise<void> {
  const attempts = new AttemptLog(ctx.store);
  const flusher = setInterval(() => attempts.flush().catch((e) => ctx.onError(e, subscriptionId)), 1000);
  try {
    while (!signal.aborted) {
      try {
        const idle = await runBatch(ctx, subscriptionId, lease, signal, attempts);
        if (idle === 'gone') return;
        if (idle) await idle;
      } catch (error) {
        ctx.onError(error, subscriptionId);
        await sleep(ctx.pollMs, signal);
      }
    }
  } finally {
    clearInterval(flusher);
    await attempts.flush().catch((e) => ctx.onError(e, subscriptionId));
  }
}

/** One batch; returns a promise to wait on when there was nothing to do, 'gone' when the subscription ended or the lease was lost. */
async function runBatch(
  ctx: WorkerContext,
  subscriptionId: string,
  lease: () => Lease,
  signal: AbortSignal,
  attempts: AttemptLog,
): Promise<Promise<void> | 'gone' | null> {
  const subscription = await ctx.store.subscription(subscriptionId);
  if (subscription?.mode !== 'webhook' || !subscription.webhook) return 'gone';
  const state = await ctx.store.endpointState(subscriptionId);
  if (state.status === 'disabled') return ctx.notifier.wait(Number.MAX_SAFE_INTEGER, ctx.pollMs, signal);
  const cursor = await ctx.store.cursor(subscriptionId);
  const entries = await ctx.journal.readJournal(cursor.seq, ctx.batchSize);
  if (entries.length === 0) return ctx.notifier.wait(cursor.seq, ctx.pollMs, signal);

  const entitlement = ctx.entitlement(subscription.systemId);
  const selected = entries.filter((e) => admits(subscription.filter, entitlement, e.envelope));
  const health = new EndpointHealth(state, ctx.store, ctx.policy);
  // A process that stalled past its lease stops before the next attempt; the new holder takes over.
  const leaseLive = () => lease().expiresAt > ctx.clock().getTime();
  const done = await deliverLanes(ctx, subscription, selected, health, signal, attempts, leaseLive);
  await health.flush();
  // The attempt log is for operators, not for correctness: it need not hold up the next batch.
  attempts.flush().catch((error) => ctx.onError(error, subscriptionId));

  // Advance over the longest prefix in which every admitted event is done.
  const wanted = new Set(selected.map((e) => e.seq));
  let upTo = cursor.seq;
  for (const entry of entries) {
    if (wanted.has(entry.seq) && !done.has(entry.seq)) break;
    upTo = entry.seq;
  }
  if (upTo > cursor.seq && !(await ctx.store.advanceCursor(subscriptionId, cursor.revision, upTo, lease()))) {
    // Refused: either a replay moved the cursor (the next batch starts there) or the lease is lost (stop).
    const now = await ctx.store.cursor(subscriptionId);
    if (now.revision === cursor.revision) return 'gone';
  }
  if (!leaseLive()) return 'gone';
  return null;
}

/** Delivers the admitted events lane by lane; resolves with the seqs that are done (delivered or dead-lettered). */
async function deliverLanes(
  ctx: WorkerContext,
  subscription: Subscription,
  entries: JournalEntry[],
  health: EndpointHealth,
  signal: AbortSignal,
  attempts: AttemptLog,
  leaseLive: () => boolean,
): Promise<Set<number>> {
  const lanes = new Map<number, JournalEntry[]>();
  for (const entry of entries) {
    const lane = laneOf(entry.envelope.processkey, ctx.lanes);
    const list = lanes.get(lane);
    if (list) list.push(entry);
    else lanes.set(lane, [entry]);
  }
  const done = new Set<number>();
  const stop = AbortSignal.any([signal, health.stopped]);
  await Promise.all(
    [...lanes.values()].map(async (lane) => {
      for (const entry of lane) {
        if (stop.aborted) return;
        const finished = await deliverOne(ctx, subscription, entry, health, stop, attempts, leaseLive);
        if (!finished) return;
        done.add(entry.seq);
      }
    }),
  );
  return done;
}

/** Attempts one event until it is delivered (true), dead-lettered (true), or delivery stops (false). */
async function deliverOne(
  ctx: WorkerContext,
  subscription: Subscription,
  entry: JournalEntry,
  health: EndpointHealth,
  stop: AbortSignal,
  attempts: AttemptLog,
  leaseLive: () => boolean,
): Promise<boolean> {
  const webhook = subscription.webhook!;
  const envelope: EventEnvelope = entry.envelope;
  const firstAttemptAt = ctx.clock().getTime();
  let message: RenderedMessage;
  try {
    message = renderWebhook(envelope, subscription.format, ctx.adapters, subscription.systemId);
  } catch (error) {
    // A record the adapter cannot map will never go out: park it for an operator.
    const reason = `cannot render as ${subscription.format}: ${(error as Error).message}`;
    await deadLetter(ctx, subscription, entry, 0, firstAttemptAt, null, reason);
    health.deadLettered(ctx.clock(), reason);
    return true;
  }
  for (let attempt = 1; ; attempt++) {
    if (stop.aborted || !leaseLive()) return false;
    const now = ctx.clock();
    const headers = { ...message.headers, ...signatureHeaders(signingSecrets(webhook.secrets, now), envelope.id, now, message.body) };
    // One span per attempt, continuing the record's trace; its traceparent goes out in the headers.
    const result = await traceDelivery(envelope, subscription.id, attempt, headers, () => ctx.sender.send(webhook.url, headers, message.body, stop));
    const after = ctx.clock();
    const verdict = judge(ctx.policy, result, attempt, firstAttemptAt, after, ctx.random);
    const record = (outcome: DeliveryAttempt['outcome']) =>
      attempts.add({
        subscriptionId: subscription.id,
        eventId: envelope.id,
        seq: entry.seq,
        attempt,
        at: now.toISOString(),
        status: result.status,
        latencyMs: result.latencyMs,
        error: result.error,
        outcome,
      });
    const reason = result.status === null ? (result.error ?? 'no response') : `HTTP ${result.status}`;
    if (stop.aborted && verdict.kind !== 'delivered') {
      record('abandoned');
      return false;
    }
    switch (verdict.kind) {
      case 'delivered':
        record('delivered');
        health.succeeded(after);
        return true;
      case 'gone':
        record('gone');
        health.disable(after, 'endpoint answered 410 Gone');
        return false;
      case 'dead-letter':
        record('dead-lettered');
        // Attempts first, so that whoever sees the dead letter also sees how it came to be.
        await attempts.flush();
        await deadLetter(ctx, subscription, entry, attempt, firstAttemptAt, result.status, reason);
        health.failed(after, reason);
        health.deadLettered(after, reason);
        return true;
      case 'retry':
        record('retry');
        health.failed(after, reason);
        await sleep(verdict.delayMs, stop);
    }
  }
}

async function deadLetter(
  ctx: WorkerContext,
  subscription: Subscription,
  entry: JournalEntry,
  attempts: number,
  firstAttemptAt: number,
  lastStatus: number | null,
  lastError: string,
): Promise<void> {
  const now = ctx.clock().toISOString();
  await ctx.store.addDeadLetter({
    id: crypto.randomUUID(),
    subscriptionId: subscription.id,
    seq: entry.seq,
    eventId: entry.envelope.id,
    attempts,
    firstAttemptAt: new Date(firstAttemptAt).toISOString(),
    lastAttemptAt: now,
    lastStatus,
    lastError,
    envelope: entry.envelope,
    createdAt: now,
  });
}
