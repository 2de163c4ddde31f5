/**
 * Delivery of one journal event to one webhook subscription: rendered once, then attempted
 * (signed, traced, judged by the retry policy) until it is delivered, dead-lettered, or delivery
 * stops. Every attempt goes to the attempt log; the endpoint's health follows the outcomes.
 */
import type { JournalEntry, Subscription } from '../store/index.ts';
import { traceDelivery } from '../telemetry/index.ts';
import type { AttemptLog } from './attempt-log.ts';
import { type RenderedMessage, renderWebhook } from './format.ts';
import type { EndpointHealth } from './health.ts';
import { sleep } from './notifier.ts';
import { judge } from './retry.ts';
import { signatureHeaders, signingSecrets } from './signing.ts';
import type { WorkerContext } from './worker-context.ts';

/** What one delivery needs beyond the worker context; shared by the lanes of a session. */
export interface Attempting {
  ctx: WorkerContext;
  health: EndpointHealth;
  attempts: AttemptLog;
  /** Aborts when the session ends: pending retries and in-flight requests stop. */
  stop: AbortSignal;
  /** False once this process may no longer be holding the subscription's lease. */
  leaseLive: () => boolean;
}

/** Attempts one event until it is delivered (true), dead-lettered (true), or delivery stops (false). */
export async function deliverOne(a: Attempting, subscription: Subscription, entry: JournalEntry): Promise<boolean> {
  const { ctx, health, stop } = a;
  const webhook = subscription.webhook!;
  const envelope = entry.envelope;
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
    if (stop.aborted || !a.leaseLive()) return false;
    const now = ctx.clock();
    const secrets = signingSecrets(webhook.secrets, now);
    const headers = { ...message.headers, ...signatureHeaders(secrets, envelope.id, now, message.body, webhook.signatures) };
    // One span per attempt, continuing the record's trace; its traceparent goes out in the headers.
    const result = await traceDelivery(envelope, subscription.id, attempt, headers, () =>
      ctx.sender.send(webhook.url, headers, message.body, stop),
    );
    const after = ctx.clock();
    const verdict = judge(ctx.policy, result, attempt, firstAttemptAt, after, ctx.random);
    const outcome =
      stop.aborted && verdict.kind !== 'delivered' ? 'abandoned' : verdict.kind === 'dead-letter' ? 'dead-lettered' : verdict.kind;
    a.attempts.add({
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
    if (outcome === 'abandoned') return false;
    const reason = result.status === null ? (result.error ?? 'no response') : `HTTP ${result.status}`;
    switch (verdict.kind) {
      case 'delivered':
        health.succeeded(after);
        return true;
      case 'gone':
        health.disable(after, 'endpoint answered 410 Gone');
        return false;
      case 'dead-letter':
        // Attempts first, so that whoever sees the dead letter also sees how it came to be.
        await a.attempts.flush();
        await deadLetter(ctx, subscription, entry, attempt, firstAttemptAt, result.status, reason);
        health.failed(after, reason);
        health.deadLettered(after, reason);
        return true;
      case 'retry':
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
