import { ajvMessage } from '../standard/index.ts';
import type {
  DeliveryMode,
  EndpointState,
  FeedFilter,
  JournalStore,
  Subscription,
  SubscriptionPause,
  WebhookSignatureKind,
} from '../store/index.ts';
import { admit, validateInput } from './admission.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { fail, type Outcome, ok } from './outcome.ts';
import { pauseSubscription, resumeSubscription } from './pause.ts';
import { generateSecret } from './signing.ts';
import { normaliseWebhookUrl } from './ssrf.ts';
import type { SubscriptionsContext } from './subscriptions-context.ts';
import { audit, type Caller, mayAct, type SubscriptionAction } from './supervision.ts';

export type { SubscriberDirectory, SubscriberPolicy, SubscriptionInput } from './admission.ts';
export type { SubscriptionsContext } from './subscriptions-context.ts';
export type { Caller } from './supervision.ts';

/** A subscription as the API shows it: no secrets, with its endpoint state and cursor. */
export interface SubscriptionView {
  id: string;
  systemId: string;
  mode: DeliveryMode;
  format: string;
  filter: FeedFilter;
  origin: Subscription['origin'];
  createdAt: string;
  webhook?: { url: string; secrets: { expiresAt: string | null }[]; signatures: WebhookSignatureKind[] };
  endpoint?: EndpointState;
  cursor: string;
  /** Who paused it, when and why; null while it delivers. */
  paused: SubscriptionPause | null;
}

/** Stores a new subscription with its starting cursor, then tells the workers. */
export async function startSubscription(ctx: SubscriptionsContext, subscription: Subscription, from: 'now' | 'beginning'): Promise<void> {
  await ctx.store.resetCursor(subscription.id, from === 'now' ? await ctx.journal.journalHead() : 0);
  await ctx.store.putSubscription(subscription);
  ctx.changed();
}

/** The largest seq whose following entry was accepted at or after `time` (a replay start). */
async function seqBefore(journal: JournalStore, time: number): Promise<number> {
  let lo = 0;
  let hi = await journal.journalHead();
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    const [entry] = await journal.readJournal(mid - 1, 1);
    if (!entry || Date.parse(entry.envelope.time) >= time) hi = mid - 1;
    else lo = Math.min(entry.seq, hi);
  }
  return lo;
}

/** Subscription operations behind the API and the registry sync. */
export class Subscriptions {
  constructor(private readonly ctx: SubscriptionsContext) {}

  /** The view of a subscription for the API. */
  async view(s: Subscription): Promise<SubscriptionView> {
    const view: SubscriptionView = {
      id: s.id,
      systemId: s.systemId,
      mode: s.mode,
      format: s.format,
      filter: s.filter,
      origin: s.origin,
      createdAt: s.createdAt,
      cursor: encodeCursor((await this.ctx.store.cursor(s.id)).seq),
      paused: s.paused ?? null,
    };
    if (s.webhook) {
      view.webhook = {
        url: s.webhook.url,
        secrets: s.webhook.secrets.map((x) => ({ expiresAt: x.expiresAt ?? null })),
        signatures: s.webhook.signatures ?? [],
      };
      view.endpoint = await this.ctx.store.endpointState(s.id);
    }
    return view;
  }

  /** A subscription the caller may see (its own, or any for the ministry). */
  async visible(caller: Caller, id: string): Promise<Outcome<Subscription>> {
    const s = await this.ctx.store.subscription(id);
    if (!s || (!caller.ministry && s.systemId !== caller.systemId)) return fail('not_found');
    return ok(s);
  }

  /** A subscription the caller may take `action` on (supervision.ts). */
  private async actable(caller: Caller, id: string, action: SubscriptionAction): Promise<Outcome<Subscription>> {
    return mayAct(caller, await this.ctx.store.subscription(id), action);
  }

  /** The caller's subscriptions (all of them for the ministry). */
  async list(caller: Caller): Promise<Subscription[]> {
    return this.ctx.store.subscriptions(caller.ministry ? {} : { systemId: caller.systemId });
  }

  /** Creates a subscription for the caller; the value carries the signing secret, shown only now. */
  async create(caller: Caller, input: unknown): Promise<Outcome<{ subscription: Subscription; secret?: string }>> {
    if (!validateInput(input)) {
      const errors = (validateInput.errors ?? []).map((e) => ({
        pointer: e.instancePath,
        keyword: e.keyword,
        message: ajvMessage(e),
      }));
      return fail('subscription_invalid', undefined, undefined, { errors });
    }
    // The URL is checked and stored in its normal form only (a refused one is left for admission to explain).
    const normal = input.webhook ? normaliseWebhookUrl(input.webhook.url) : null;
    if (input.webhook && normal?.ok) input.webhook.url = normal.url;
    const checked = await admit(this.ctx, caller.systemId, input);
    if (!checked.ok) return checked;
    const id = input.id ?? `sub-${crypto.randomUUID()}`;
    if (await this.ctx.store.subscription(id))
      return fail('subscription_exists', `订阅 ${id} 已存在。`, `Subscription ${id} already exists.`);
    const secret = input.mode === 'webhook' ? (input.webhook?.secret ?? generateSecret()) : undefined;
    const subscription: Subscription = {
      id,
      systemId: caller.systemId,
      filter: input.filter ?? {},
      format: input.format ?? 'cloudevents',
      mode: input.mode,
      origin: 'api',
      createdAt: this.ctx.clock().toISOString(),
    };
    if (input.webhook && secret)
      subscription.webhook = {
        url: input.webhook.url,
        secrets: [{ secret }],
        ...(input.webhook.signatures?.length ? { signatures: input.webhook.signatures } : {}),
      };
    await startSubscription(this.ctx, subscription, input.from ?? 'now');
    await audit(this.ctx.audit, caller, 'subscription.created', id, caller.systemId, {
      mode: subscription.mode,
      format: subscription.format,
      filter: subscription.filter,
      from: input.from ?? 'now',
      // The origin only: a URL's path or query may carry a token of the subscriber's.
      ...(subscription.webhook ? { webhookOrigin: new URL(subscription.webhook.url).origin } : {}),
    });
    return ok(secret ? { subscription, secret } : { subscription });
  }

  /** Deletes one of the caller's API subscriptions (with its cursor, attempts and dead letters). */
  async remove(caller: Caller, id: string): Promise<Outcome<null>> {
    const found = await this.actable(caller, id, 'delete');
    if (!found.ok) return found;
    if (found.value.origin === 'registry') return registryManaged(id);
    await this.ctx.store.removeSubscription(id);
    this.ctx.changed();
    await audit(this.ctx.audit, caller, 'subscription.deleted', id, found.value.systemId, { mode: found.value.mode });
    return ok(null);
  }

  /** Starts a new secret; the current one keeps signing (both signatures are sent) for the grace period. */
  async rotateSecret(caller: Caller, id: string): Promise<Outcome<{ secret: string; previousExpiresAt: string }>> {
    const found = await this.actable(caller, id, 'rotate-secret');
    if (!found.ok) return found;
    const s = found.value;
    if (s.origin === 'registry') return registryManaged(id);
    if (!s.webhook) return fail('feed_mode_mismatch', '只有 webhook 订阅有签名密钥。', 'Only webhook subscriptions have signing secrets.');
    const now = this.ctx.clock();
    const previousExpiresAt = new Date(now.getTime() + this.ctx.rotationGraceMs).toISOString();
    const current = s.webhook.secrets.find((x) => !x.expiresAt || Date.parse(x.expiresAt) > now.getTime());
    const secret = generateSecret();
    const secrets = [{ secret }, ...(current ? [{ secret: current.secret, expiresAt: previousExpiresAt }] : [])];
    await this.ctx.store.putSubscription({ ...s, webhook: { ...s.webhook, secrets } });
    // Running workers re-read the subscription before their next delivery, so it is signed with both secrets.
    this.ctx.changed();
    await audit(this.ctx.audit, caller, 'subscription.secret_rotated', id, s.systemId, { previousExpiresAt });
    return ok({ secret, previousExpiresAt });
  }

  /**
   * Moves the subscription's cursor: to a cursor, to the first entry accepted at or after a
   * time, or to the beginning. Webhooks redeliver from there (same `webhook-id`s); pull and
   * stream clients get the cursor to continue from.
   */
  async replay(caller: Caller, id: string, body: unknown): Promise<Outcome<{ cursor: string }>> {
    const found = await this.actable(caller, id, 'replay');
    if (!found.ok) return found;
    const b = (body ?? {}) as { cursor?: unknown; time?: unknown; from?: unknown };
    let seq: number | null = null;
    if (typeof b.cursor === 'string') seq = decodeCursor(b.cursor);
    else if (typeof b.time === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(b.time) && !Number.isNaN(Date.parse(b.time))) {
      seq = await seqBefore(this.ctx.journal, Date.parse(b.time));
    } else if (b.from === 'beginning') seq = 0;
    else {
      return fail(
        'subscription_invalid',
        '请给出 cursor、time（RFC 3339）或 from: "beginning"。',
        'Give a cursor, a time (RFC 3339) or from: "beginning".',
      );
    }
    if (seq === null) return fail('cursor_invalid');
    const before = await this.ctx.store.cursor(id);
    await this.ctx.store.resetCursor(id, seq);
    this.ctx.changed();
    const to = encodeCursor(seq);
    await audit(this.ctx.audit, caller, 'subscription.replayed', id, found.value.systemId, {
      from: encodeCursor(before.seq),
      to,
      ...(typeof b.time === 'string' && typeof b.cursor !== 'string' ? { time: b.time } : {}),
    });
    return ok({ cursor: to });
  }

  /** Re-enables a disabled (or failing) webhook endpoint; delivery resumes from the cursor. */
  async enable(caller: Caller, id: string): Promise<Outcome<EndpointState>> {
    const found = await this.actable(caller, id, 'enable');
    if (!found.ok) return found;
    if (!found.value.webhook)
      return fail('feed_mode_mismatch', '只有 webhook 订阅有端点状态。', 'Only webhook subscriptions have an endpoint state.');
    const state = await this.ctx.store.endpointState(id);
    const next: EndpointState = {
      ...state,
      status: 'active',
      reason: 'enabled by operator',
      since: this.ctx.clock().toISOString(),
      consecutiveDeadLetters: 0,
    };
    await this.ctx.store.setEndpointState(next);
    this.ctx.changed();
    await audit(this.ctx.audit, caller, 'subscription.enabled', id, found.value.systemId, { previousStatus: state.status });
    return ok(next);
  }

  /** Pauses a subscription with a reason: nothing is delivered until it is resumed (pause.ts says by whom). */
  async pause(caller: Caller, id: string, body: unknown): Promise<Outcome<Subscription>> {
    const found = await this.actable(caller, id, 'pause');
    if (!found.ok) return found;
    return pauseSubscription(this.ctx, caller, found.value, body);
  }

  /** Resumes a paused subscription, if the caller's side paused it; delivery continues from the cursor. */
  async resume(caller: Caller, id: string): Promise<Outcome<Subscription>> {
    const found = await this.actable(caller, id, 'resume');
    if (!found.ok) return found;
    return resumeSubscription(this.ctx, caller, found.value);
  }
}

function registryManaged(id: string) {
  return fail(
    'subscription_managed_by_registry',
    `订阅 ${id} 由登记册文件管理，请在文件中修改。`,
    `Subscription ${id} is declared in the registry file; change it there.`,
  );
}
