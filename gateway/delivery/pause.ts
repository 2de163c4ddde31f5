/**
 * Pausing and resuming a subscription. A paused subscription delivers nothing (webhook workers
 * wait, pull and stream feeds answer no events) until it is resumed, and its view says who paused
 * it, when and why. Only the side that paused it may resume it: the owner cannot lift the
 * ministry's pause (that would void the supervision), and the ministry does not lift the owner's
 * own pause (it does not act for the system). The ministry may take over an owner's pause.
 */
import type { Subscription, SubscriptionPause } from '../store/index.ts';
import { type DeliveryFailure, fail, type Outcome, ok } from './outcome.ts';
import type { SubscriptionsContext } from './subscriptions-context.ts';
import { audit, type Caller, notForTheMinistry } from './supervision.ts';

/** Longest pause reason, in characters. */
export const MAX_REASON = 500;
/** Decisions retried when the pause changed between reading and writing it. */
const ATTEMPTS = 3;

/** The trimmed reason of a pause request, or why it is refused. */
function reasonOf(body: unknown): Outcome<string> {
  const reason = (body as { reason?: unknown } | null)?.reason;
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text.length > 0 && [...text].length <= MAX_REASON) return ok(text);
  return fail('subscription_invalid', undefined, undefined, {
    errors: [
      {
        pointer: '/reason',
        keyword: 'reason',
        message: {
          zh: `请说明暂停原因（1 到 ${MAX_REASON} 个字符）。`,
          en: `Give the reason for the pause (1 to ${MAX_REASON} characters).`,
        },
      },
    ],
  });
}

/** The refusal to lift or override a pause set by the other side. */
function pausedByOther(caller: Caller, s: Subscription, pause: SubscriptionPause): DeliveryFailure {
  if (caller.systemId !== s.systemId) return notForTheMinistry(s);
  return fail(
    'forbidden',
    `订阅 ${s.id} 已由财政部（${pause.by}）于 ${pause.at} 暂停，原因：${pause.reason}。只有财政部可以恢复或更改。`,
    `Subscription ${s.id} was paused by the ministry (${pause.by}) at ${pause.at}: ${pause.reason}. Only the ministry can resume or change it.`,
  );
}

/** Re-reads a subscription whose pause changed under a decision. */
async function reread(ctx: SubscriptionsContext, id: string): Promise<Outcome<Subscription>> {
  const s = await ctx.store.subscription(id);
  return s ? ok(s) : fail('not_found');
}

/** Pauses `s` (which `caller` may pause) with the reason in `body`, taking over an owner's pause for the ministry. */
export async function pauseSubscription(
  ctx: SubscriptionsContext,
  caller: Caller,
  s: Subscription,
  body: unknown,
): Promise<Outcome<Subscription>> {
  const reason = reasonOf(body);
  if (!reason.ok) return reason;
  let current = s;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const before = current.paused;
    if (before && before.by !== caller.systemId && caller.systemId === current.systemId) return pausedByOther(caller, current, before);
    const pause: SubscriptionPause = { by: caller.systemId, at: ctx.clock().toISOString(), reason: reason.value };
    if (await ctx.store.setPause(current.id, pause, before?.by ?? null)) {
      ctx.changed();
      await audit(ctx.audit, caller, 'subscription.paused', current.id, current.systemId, {
        reason: pause.reason,
        ...(before ? { replaced: { by: before.by, at: before.at, reason: before.reason } } : {}),
      });
      return ok({ ...current, paused: pause });
    }
    const again = await reread(ctx, current.id);
    if (!again.ok) return again;
    current = again.value;
  }
  throw new Error(`the pause of subscription ${s.id} kept changing while it was being paused`);
}

/** Resumes `s` if `caller`'s side paused it; resuming a subscription that is not paused changes nothing. */
export async function resumeSubscription(ctx: SubscriptionsContext, caller: Caller, s: Subscription): Promise<Outcome<Subscription>> {
  let current = s;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const before = current.paused;
    if (!before) return ok(current);
    // The owner lifts its own pause; the ministry lifts the ministry's (any pause not set by the owner).
    const ours = caller.systemId === current.systemId ? before.by === caller.systemId : before.by !== current.systemId;
    if (!ours) return pausedByOther(caller, current, before);
    if (await ctx.store.setPause(current.id, null, before.by)) {
      ctx.changed();
      await audit(ctx.audit, caller, 'subscription.resumed', current.id, current.systemId, {
        pausedBy: before.by,
        pausedAt: before.at,
        reason: before.reason,
      });
      const { paused: _lifted, ...resumed } = current;
      return ok(resumed);
    }
    const again = await reread(ctx, current.id);
    if (!again.ok) return again;
    current = again.value;
  }
  throw new Error(`the pause of subscription ${s.id} kept changing while it was being resumed`);
}
