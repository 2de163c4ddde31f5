/**
 * The webhook worker of one subscription. It runs delivery sessions (gateway/delivery/session.ts)
 * from the subscription's durable cursor while this process holds the subscription's lease:
 * records of one procurement process (or order) are delivered in order, others overtake, and the
 * cursor advances only past events that were delivered or dead-lettered.
 */
import type { Lease } from '../store/index.ts';
import { AttemptLog } from './attempt-log.ts';
import { sleep } from './notifier.ts';
import { DeliverySession } from './session.ts';
import type { WorkerContext } from './worker-context.ts';

/** Runs one subscription's deliveries while `lease()` is held; returns when `signal` aborts or the subscription ends. */
export async function runWebhookWorker(ctx: WorkerContext, subscriptionId: string, lease: () => Lease, signal: AbortSignal): Promise<void> {
  const attempts = new AttemptLog(ctx.store);
  const flusher = setInterval(() => attempts.flush().catch((e) => ctx.onError(e, subscriptionId)), 1000);
  try {
    while (!signal.aborted) {
      try {
        const subscription = await ctx.store.subscription(subscriptionId);
        if (subscription?.mode !== 'webhook' || !subscription.webhook) return;
        const state = await ctx.store.endpointState(subscriptionId);
        if (state.status === 'disabled' || subscription.paused) {
          // Until it is re-enabled or resumed (which wakes the notifier), here or in another process.
          await ctx.notifier.wait(Number.MAX_SAFE_INTEGER, ctx.pollMs, signal);
          continue;
        }
        const cursor = await ctx.store.cursor(subscriptionId);
        const session = new DeliverySession(ctx, subscription, state, cursor, lease, signal, attempts);
        if ((await session.run()) === 'gone') return;
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
