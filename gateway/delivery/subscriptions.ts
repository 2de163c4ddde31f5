/**
 * Subscription management: creating subscriptions through the API (checked against the system's
 * registry entry, the SSRF guard and the known formats), syncing those declared in the registry
 * file, secret rotation, replay and re-enabling. Secrets are shown once, when they are created.
 */
import { Ajv } from 'ajv';
import type { DeliveryMode, DeliveryStore, EndpointState, FeedFilter, JournalStore, Subscription } from '../store/port.ts';
import type { SubscriptionSpec } from './config.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { areaPrefix } from './filter.ts';
import { type OutboundFormats, isKnownFormat } from './format.ts';
import { type Outcome, fail, ok } from './outcome.ts';
import { generateSecret, isValidSecret } from './signing.ts';
import type { TargetGuard } from './ssrf.ts';
import { feedFilterSchema } from './config.ts';

/** What the registry lets a system read, and by which modes (absent: all modes). Null: it may not subscribe. */
export interface SubscriberPolicy {
  read: FeedFilter;
  modes?: DeliveryMode[];
}

/** Looks up a system's subscriber policy in the live registry. */
export type SubscriberDirectory = (systemId: string) => SubscriberPolicy | null;

/** The body of `POST /v1/subscriptions`. */
export interface SubscriptionInput {
  id?: string;
  mode: DeliveryMode;
  format?: string;
  filter?: FeedFilter;
  from?: 'now' | 'beginning';
  webhook?: { url: string; secret?: string };
}

/** A subscription as the API shows it: no secrets, with its endpoint state and cursor. */
export interface SubscriptionView {
  id: string;
  systemId: string;
  mode: DeliveryMode;
  format: string;
  filter: FeedFilter;
  origin: Subscription['origin'];
  createdAt: string;
  webhook?: { url: string; secrets: { expiresAt: string | null }[] };
  endpoint?: EndpointState;
  cursor: string;
}

const inputSchema = {
  type: 'object',
  required: ['mode'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{2,62}$' },
    mode: { enum: ['webhook', 'pull', 'sse'] },
    format: { type: 'string', maxLength: 100 },
    filter: feedFilterSchema,
    from: { enum: ['now', 'beginning'] },
    webhook: {
      type: 'object',
      required: ['url'],
      additionalProperties: false,
      properties: { url: { type: 'string', maxLength: 2000 }, secret: { type: 'string', maxLength: 200 } },
    },
  },
} as const;

const validateInput = new Ajv({ allErrors: true, strict: false }).compile<SubscriptionInput>(inputSchema);

/** Everything subscription management needs. */
export interface SubscriptionsContext {
  store: DeliveryStore;
  journal: JournalStore;
  guard: TargetGuard;
  adapters: OutboundFormats;
  directory: SubscriberDirectory;
  rotationGraceMs: number;
  clock: () => Date;
  /** Called after a change so that workers pick it up at once. */
  changed: () => void;
}

/** Who is asking: a system, which sees its own subscriptions, or the ministry, which sees all. */
export interface Caller {
  systemId: string;
  ministry: boolean;
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
    };
    if (s.webhook) {
      view.webhook = { url: s.webhook.url, secrets: s.webhook.secrets.map((x) => ({ expiresAt: x.expiresAt ?? null })) };
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
        message: { zh: `字段不符合要求：${e.message ?? e.keyword}`, en: e.message ?? e.keyword },
      }));
      return fail('subscription_invalid', undefined, undefined, { errors });
    }
    const checked = await this.check(caller.systemId, input);
    if (!checked.ok) return checked;
    const id = input.id ?? `sub-${crypto.randomUUID()}`;
    if (await this.ctx.store.subscription(id)) return fail('subscription_exists', `订阅 ${id} 已存在。`, `Subscription ${id} already exists.`);
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
    if (input.webhook && secret) subscription.webhook = { url: input.webhook.url, secrets: [{ secret }] };
    await this.start(subscription, input.from ?? 'now');
    return ok(secret ? { subscription, secret } : { subscription });
  }

  private async start(subscription: Subscription, from: 'now' | 'beginning'): Promise<void> {
    await this.ctx.store.resetCursor(subscription.id, from === 'now' ? await this.ctx.journal.journalHead() : 0);
    await this.ctx.store.putSubscription(subscription);
    this.ctx.changed();
  }

  /** Checks input that passed the schema against the registry, the formats and the SSRF guard. */
  private async check(systemId: string, input: SubscriptionInput): Promise<Outcome<null>> {
    const policy = this.ctx.directory(systemId);
    if (!policy) return fail('forbidden', '该系统在登记册中没有订阅权限。', 'The registry does not allow this system to subscribe.');
    if (policy.modes && !policy.modes.includes(input.mode)) {
      return fail('forbidden', `该系统不允许使用 ${input.mode} 方式订阅。`, `The registry does not allow this system ${input.mode} subscriptions.`);
    }
    const entitled = policy.read.recordTypes;
    const asked = input.filter?.recordTypes ?? [];
    const outside = entitled?.length ? asked.filter((t) => !entitled.includes(t)) : [];
    if (outside.length > 0) return fail('forbidden', `该系统无权读取 ${outside.join('、')} 记录。`, `This system may not read ${outside.join(', ')} records.`);
    const areas = policy.read.areaPrefixes?.map(areaPrefix) ?? [];
    const askedAreas = input.filter?.areaPrefixes?.map(areaPrefix) ?? [];
    const disjoint = areas.length ? askedAreas.filter((a) => !areas.some((e) => a.startsWith(e) || e.startsWith(a))) : [];
    if (disjoint.length > 0) return fail('forbidden', `该系统无权读取地区 ${disjoint.join('、')} 的记录。`, `This system may not read records of areas ${disjoint.join(', ')}.`);
    const format = input.format ?? 'cloudevents';
    if (!isKnownFormat(format, this.ctx.adapters)) {
      return fail('subscription_invalid', `未知的格式 ${format}。`, `Unknown format ${format}.`, {
        errors: [{ pointer: '/format', keyword: 'enum', message: { zh: '未知的格式', en: 'unknown format' } }],
      });
    }
    if (input.mode !== 'webhook') {
      return input.webhook
        ? fail('subscription_invalid', '只有 webhook 订阅可以带 webhook 配置。', 'Only webhook subscriptions take a webhook section.')
        : ok(null);
    }
    if (!input.webhook) return fail('subscription_invalid', 'webhook 订阅需要 webhook.url。', 'A webhook subscription needs webhook.url.');
    if (input.webhook.secret !== undefined && !isValidSecret(input.webhook.secret)) {
      return fail('subscription_invalid', '密钥须为 whsec_ 加 24–64 字节的 base64。', 'The secret must be whsec_ followed by base64 of 24 to 64 bytes.');
    }
    const target = await this.ctx.guard.check(input.webhook.url);
    if (!target.ok) return fail('webhook_target_forbidden', `不允许的 webhook 地址：${target.reason}`, `Webhook URL refused: ${target.reason}`);
    return ok(null);
  }

  /** Deletes one of the caller's API subscriptions (with its cursor, attempts and dead letters). */
  async remove(caller: Caller, id: string): Promise<Outcome<null>> {
    const found = await this.visible(caller, id);
    if (!found.ok) return found;
    if (found.value.origin === 'registry') return registryManaged(id);
    await this.ctx.store.removeSubscription(id);
    this.ctx.changed();
    return ok(null);
  }

  /** Starts a new secret; the current one keeps signing (both signatures are sent) for the grace period. */
  async rotateSecret(caller: Caller, id: string): Promise<Outcome<{ secret: string; previousExpiresAt: string }>> {
    const found = await this.visible(caller, id);
    if (!found.ok) return found;
    const s = found.value;
    if (s.origin === 'registry') return registryManaged(id);
    if (!s.webhook) return fail('feed_mode_mismatch', '只有 webhook 订阅有签名密钥。', 'Only webhook subscriptions have signing secrets.');
    const now = this.ctx.clock();
    const previousExpiresAt = new Date(now.getTime() + this.ctx.rotationGraceMs).toISOString();
    const current = s.webhook.secrets.find((x) => !x.expiresAt || Date.parse(x.expiresAt) > now.getTime());
    const secret = generateSecret();
    const secrets = [{ secret }, ...(current ? [{ secret: current.secret, expiresAt: previousExpiresAt }] : [])];
    await this.ctx.store.putSubscription({ ...s, webhook: { url: s.webhook.url, secrets } });
    return ok({ secret, previousExpiresAt });
  }

  /**
   * Moves the subscription's cursor: to a cursor, to the first entry accepted at or after a
   * time, or to the beginning. Webhooks redeliver from there (same `webhook-id`s); pull and
   * stream clients get the cursor to continue from.
   */
  async replay(caller: Caller, id: string, body: unknown): Promise<Outcome<{ cursor: string }>> {
    const found = await this.visible(caller, id);
    if (!found.ok) return found;
    const b = (body ?? {}) as { cursor?: unknown; time?: unknown; from?: unknown };
    let seq: number | null = null;
    if (typeof b.cursor === 'string') seq = decodeCursor(b.cursor);
    else if (typeof b.time === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(b.time) && !Number.isNaN(Date.parse(b.time))) {
      seq = await seqBefore(this.ctx.journal, Date.parse(b.time));
    } else if (b.from === 'beginning') seq = 0;
    else {
      return fail('subscription_invalid', '请给出 cursor、time（RFC 3339）或 from: "beginning"。', 'Give a cursor, a time (RFC 3339) or from: "beginning".');
    }
    if (seq === null) return fail('cursor_invalid');
    await this.ctx.store.resetCursor(id, seq);
    this.ctx.changed();
    return ok({ cursor: encodeCursor(seq) });
  }

  /** Re-enables a disabled (or failing) webhook endpoint; delivery resumes from the cursor. */
  async enable(caller: Caller, id: string): Promise<Outcome<EndpointState>> {
    const found = await this.visible(caller, id);
    if (!found.ok) return found;
    if (!found.value.webhook) return fail('feed_mode_mismatch', '只有 webhook 订阅有端点状态。', 'Only webhook subscriptions have an endpoint state.');
    const state = await this.ctx.store.endpointState(id);
    const next: EndpointState = { ...state, status: 'active', reason: 'enabled by operator', since: this.ctx.clock().toISOString(), consecutiveDeadLetters: 0 };
    await this.ctx.store.setEndpointState(next);
    this.ctx.changed();
    return ok(next);
  }

  /**
   * Makes the store match the registry file's `subscriptions` section: new ones are created,
   * changed ones replaced (cursor kept), removed ones deleted. Secrets from the environment are
   * resolved here. Every spec is checked first; with any problem nothing changes.
   */
  async syncRegistry(specs: readonly SubscriptionSpec[], env: Record<string, string | undefined>): Promise<string[]> {
    const problems: string[] = [];
    const planned: { spec: SubscriptionSpec; subscription: Subscription }[] = [];
    for (const spec of specs) {
      const secrets = (spec.webhook?.secrets ?? []).map((x) => {
        const secret = x.secret ?? (x.secretEnv ? env[x.secretEnv] : undefined) ?? '';
        if (!isValidSecret(secret)) problems.push(`subscription '${spec.id}': secret ${x.secretEnv ?? ''} is missing or not a whsec_ secret`);
        return x.expiresAt ? { secret, expiresAt: x.expiresAt } : { secret };
      });
      const input: SubscriptionInput = { mode: spec.mode };
      if (spec.format) input.format = spec.format;
      if (spec.filter) input.filter = spec.filter;
      if (spec.webhook) input.webhook = { url: spec.webhook.url };
      const checked = await this.check(spec.system, input);
      if (!checked.ok) problems.push(`subscription '${spec.id}': ${checked.detail?.en ?? checked.code}`);
      const subscription: Subscription = {
        id: spec.id,
        systemId: spec.system,
        filter: spec.filter ?? {},
        format: spec.format ?? 'cloudevents',
        mode: spec.mode,
        origin: 'registry',
        createdAt: this.ctx.clock().toISOString(),
      };
      if (spec.webhook) subscription.webhook = { url: spec.webhook.url, secrets };
      planned.push({ spec, subscription });
    }
    if (problems.length > 0) return problems;
    for (const { spec, subscription } of planned) {
      const existing = await this.ctx.store.subscription(spec.id);
      if (existing && existing.origin !== 'registry') {
        problems.push(`subscription '${spec.id}' already exists and was created through the API`);
      } else if (existing) await this.ctx.store.putSubscription({ ...subscription, createdAt: existing.createdAt });
      else await this.start(subscription, spec.from ?? 'now');
    }
    const declared = new Set(specs.map((s) => s.id));
    for (const s of await this.ctx.store.subscriptions()) {
      if (s.origin === 'registry' && !declared.has(s.id)) await this.ctx.store.removeSubscription(s.id);
    }
    this.ctx.changed();
    return problems;
  }
}

function registryManaged(id: string) {
  return fail('subscription_managed_by_registry', `订阅 ${id} 由登记册文件管理，请在文件中修改。`, `Subscription ${id} is declared in the registry file; change it there.`);
}
