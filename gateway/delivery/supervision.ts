/**
 * The ministry supervises, it does not impersonate: who may take which administrative action on
 * a subscription (or its dead letters), and the audit entry each action leaves. The owner may do
 * everything with its own subscriptions; the ministry (财政部) may read every one and pause or
 * resume it with a reason, but never acts for the system (delete, replay, re-enable, rotate its
 * secret, retry or discard its dead letters). Other systems do not learn that it exists.
 * The table is stated in docs/security.md and enumerated by test/security/ministry.test.ts.
 */
import type { AuditAction, AuditLog } from '../audit/index.ts';
import type { Subscription } from '../store/index.ts';
import { type DeliveryFailure, fail, type Outcome, ok } from './outcome.ts';

/** Who is asking: a system, which acts on its own subscriptions, or the ministry, which supervises all. */
export interface Caller {
  systemId: string;
  ministry: boolean;
  /** The client address of the request, for the audit log (absent when not served over a socket). */
  address?: string;
  /** The request id, for the audit log. */
  requestId?: string;
}

/** An administrative action on an existing subscription or one of its dead letters. */
export type SubscriptionAction =
  | 'delete'
  | 'replay'
  | 'rotate-secret'
  | 'enable'
  | 'pause'
  | 'resume'
  | 'retry-dead-letter'
  | 'discard-dead-letter';

/** Whether the ministry may take an action on another system's subscription: it supervises, it does not act for the system. */
export const MINISTRY_MAY: Readonly<Record<SubscriptionAction, boolean>> = {
  delete: false,
  replay: false,
  'rotate-secret': false,
  enable: false,
  pause: true,
  resume: true,
  'retry-dead-letter': false,
  'discard-dead-letter': false,
};

/** The refusal of an action the ministry does not take for a system. */
export function notForTheMinistry(s: Subscription): DeliveryFailure {
  return fail(
    'forbidden',
    `财政部对订阅进行监督（查看、暂停、恢复），但不代替系统 ${s.systemId} 操作其订阅。`,
    `The ministry supervises subscriptions (reads, pauses, resumes) but does not act for system ${s.systemId}.`,
  );
}

/**
 * Whether `caller` may take `action` on `s`: its owner always; the ministry as MINISTRY_MAY says
 * (403 otherwise); anyone else gets 404, as if it did not exist.
 */
export function mayAct(caller: Caller, s: Subscription | null, action: SubscriptionAction): Outcome<Subscription> {
  if (!s) return fail('not_found');
  if (s.systemId === caller.systemId) return ok(s);
  if (!caller.ministry) return fail('not_found');
  return MINISTRY_MAY[action] ? ok(s) : notForTheMinistry(s);
}

/** Appends the audit entry of an action `caller` took on `target`, owned by `owner`. Never pass a secret in `details`. */
export async function audit(
  log: AuditLog,
  caller: Caller,
  action: AuditAction,
  target: string,
  owner: string,
  details?: Record<string, unknown>,
): Promise<void> {
  await log.append({
    action,
    actor: caller.systemId,
    target,
    ...(owner !== caller.systemId ? { systems: [owner] } : {}),
    ...(details ? { details } : {}),
    ...(caller.address ? { address: caller.address } : {}),
    ...(caller.requestId ? { requestId: caller.requestId } : {}),
  });
}
