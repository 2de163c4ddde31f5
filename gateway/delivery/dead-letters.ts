/**
 * Dead letters: events a webhook endpoint did not take within the retry policy. They stay until
 * the subscription's owner retries (one immediate delivery attempt, same `webhook-id`) or discards
 * them; the ministry reads them but does not act for the system (supervision.ts). Both are audited.
 */
import type { AuditLog } from '../audit/index.ts';
import type { DeadLetter, DeliveryStore, EndpointState, Subscription } from '../store/index.ts';
import { type OutboundFormats, renderWebhook } from './format.ts';
import { fail, type Outcome, ok } from './outcome.ts';
import type { WebhookSender } from './sender.ts';
import { signatureHeaders, signingSecrets } from './signing.ts';
import { audit, type Caller, mayAct, type SubscriptionAction } from './supervision.ts';

/** What dead-letter handling needs. */
export interface DeadLettersContext {
  store: DeliveryStore;
  sender: WebhookSender;
  adapters: OutboundFormats;
  clock: () => Date;
  changed: () => void;
  audit: AuditLog;
}

/** Dead-letter operations behind the API. */
export class DeadLetters {
  constructor(private readonly ctx: DeadLettersContext) {}

  private async visible(caller: Caller, id: string): Promise<Outcome<DeadLetter>> {
    const letter = await this.ctx.store.deadLetter(id);
    if (!letter) return fail('not_found');
    if (!caller.ministry) {
      const s = await this.ctx.store.subscription(letter.subscriptionId);
      if (!s || s.systemId !== caller.systemId) return fail('not_found');
    }
    return ok(letter);
  }

  /** A dead letter and its subscription, if the caller may take `action` on them (supervision.ts). */
  private async actable(caller: Caller, id: string, action: SubscriptionAction): Promise<Outcome<{ letter: DeadLetter; s: Subscription }>> {
    const letter = await this.ctx.store.deadLetter(id);
    if (!letter) return fail('not_found');
    const allowed = mayAct(caller, await this.ctx.store.subscription(letter.subscriptionId), action);
    return allowed.ok ? ok({ letter, s: allowed.value }) : allowed;
  }

  /** Dead letters of one subscription, or of all the caller may see. */
  async list(caller: Caller, query: { subscriptionId?: string; limit: number; offset: number }): Promise<Outcome<DeadLetter[]>> {
    if (query.subscriptionId) {
      const s = await this.ctx.store.subscription(query.subscriptionId);
      if (!s || (!caller.ministry && s.systemId !== caller.systemId)) return fail('not_found');
      return ok(await this.ctx.store.deadLetters(query));
    }
    if (caller.ministry) return ok(await this.ctx.store.deadLetters(query));
    const own = await this.ctx.store.subscriptions({ systemId: caller.systemId });
    const all: DeadLetter[] = [];
    for (const s of own) all.push(...(await this.ctx.store.deadLetters({ subscriptionId: s.id, limit: query.offset + query.limit })));
    return ok(all.slice(query.offset, query.offset + query.limit));
  }

  async get(caller: Caller, id: string): Promise<Outcome<DeadLetter>> {
    return this.visible(caller, id);
  }

  async discard(caller: Caller, id: string): Promise<Outcome<null>> {
    const found = await this.actable(caller, id, 'discard-dead-letter');
    if (!found.ok) return found;
    const { letter, s } = found.value;
    await this.ctx.store.removeDeadLetter(id);
    await audit(this.ctx.audit, caller, 'dead_letter.discarded', id, s.systemId, {
      subscriptionId: s.id,
      eventId: letter.eventId,
      attempts: letter.attempts,
    });
    return ok(null);
  }

  /**
   * Delivers a dead letter once, now, with the subscription's current URL, format and secrets.
   * Success removes it and marks the endpoint active again (it demonstrably works); failure keeps it.
   */
  async retry(caller: Caller, id: string): Promise<Outcome<{ status: number; attempts: number }>> {
    const found = await this.actable(caller, id, 'retry-dead-letter');
    if (!found.ok) return found;
    const { letter, s: subscription } = found.value;
    if (!subscription.webhook)
      return fail('feed_mode_mismatch', '该订阅已不是 webhook 订阅。', 'The subscription is no longer a webhook subscription.');
    const { paused } = subscription;
    // A retry is a delivery: a paused subscription delivers nothing, dead letters included.
    if (paused) {
      return fail(
        'subscription_paused',
        `订阅已由 ${paused.by} 于 ${paused.at} 暂停（${paused.reason}），恢复之前不投递。`,
        `The subscription was paused by ${paused.by} at ${paused.at} (${paused.reason}); nothing is delivered until it is resumed.`,
      );
    }
    const now = this.ctx.clock();
    let message: ReturnType<typeof renderWebhook>;
    try {
      message = renderWebhook(letter.envelope, subscription.format, this.ctx.adapters, subscription.systemId);
    } catch (error) {
      return fail('webhook_delivery_failed', `无法转换格式：${(error as Error).message}`, `Cannot render: ${(error as Error).message}`);
    }
    const secrets = signingSecrets(subscription.webhook.secrets, now);
    const headers = {
      ...message.headers,
      ...signatureHeaders(secrets, letter.eventId, now, message.body, subscription.webhook.signatures),
    };
    const result = await this.ctx.sender.send(subscription.webhook.url, headers, message.body);
    const attempts = letter.attempts + 1;
    const delivered = result.status !== null && result.status >= 200 && result.status < 300;
    // The retry is an action whatever its outcome: it sent the event once more.
    await audit(this.ctx.audit, caller, 'dead_letter.retried', id, subscription.systemId, {
      subscriptionId: subscription.id,
      eventId: letter.eventId,
      delivered,
      status: result.status,
    });
    await this.ctx.store.recordAttempts([
      {
        subscriptionId: subscription.id,
        eventId: letter.eventId,
        seq: letter.seq,
        attempt: attempts,
        at: now.toISOString(),
        status: result.status,
        latencyMs: result.latencyMs,
        error: result.error,
        outcome: delivered ? 'delivered' : 'dead-lettered',
      },
    ]);
    if (!delivered) {
      await this.ctx.store.updateDeadLetter(id, {
        attempts,
        lastAttemptAt: now.toISOString(),
        lastStatus: result.status,
        lastError: result.error,
      });
      const reason = result.status === null ? (result.error ?? 'no response') : `HTTP ${result.status}`;
      return fail('webhook_delivery_failed', `订阅端点未接收：${reason}`, `The endpoint did not accept the event: ${reason}`, {
        extensions: { lastStatus: result.status },
      });
    }
    await this.ctx.store.removeDeadLetter(id);
    const state = await this.ctx.store.endpointState(subscription.id);
    if (state.status !== 'active') {
      const active: EndpointState = {
        ...state,
        status: 'active',
        reason: 'dead letter delivered on retry',
        since: now.toISOString(),
        consecutiveDeadLetters: 0,
        lastSuccessAt: now.toISOString(),
      };
      await this.ctx.store.setEndpointState(active);
      this.ctx.changed();
    }
    return ok({ status: result.status!, attempts });
  }
}
