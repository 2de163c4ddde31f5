/**
 * Admission of a subscription, whether it comes through the API or the registry file: the input
 * schema, the system's registry entitlement and modes, the known formats, the webhook secret and
 * the SSRF guard. Each refusal says why, in Chinese and English.
 */
import { Ajv } from 'ajv';
import type { DeliveryMode, FeedFilter, WebhookSignatureKind } from '../store/index.ts';
import { feedFilterSchema } from './config.ts';
import { areaPrefix } from './filter.ts';
import { BUILTIN_FORMATS, isKnownFormat, type OutboundFormats } from './format.ts';
import { fail, type Outcome, ok } from './outcome.ts';
import { isValidSecret } from './signing.ts';
import type { TargetGuard } from './ssrf.ts';

/** What the registry lets a system read, and by which modes (absent: all modes). Null: it may not subscribe. */
export interface SubscriberPolicy {
  read: FeedFilter;
  modes?: DeliveryMode[];
  /** The system's own adapter (its native format), if it has one: the only adapter format it may receive. */
  adapter?: string;
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
  webhook?: { url: string; secret?: string; signatures?: WebhookSignatureKind[] };
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
      properties: {
        url: { type: 'string', maxLength: 2000 },
        secret: { type: 'string', maxLength: 200 },
        signatures: { type: 'array', items: { enum: ['sm3-hmac'] }, uniqueItems: true, maxItems: 1 },
      },
    },
  },
} as const;

/** Checks the shape of a `POST /v1/subscriptions` body (Ajv, compiled once). */
export const validateInput = new Ajv({ allErrors: true, strict: false }).compile<SubscriptionInput>(inputSchema);

/** What admission consults. */
export interface AdmissionContext {
  directory: SubscriberDirectory;
  adapters: OutboundFormats;
  guard: TargetGuard;
}

/** Checks input that passed the schema against the registry, the formats and the SSRF guard. */
export async function admit(ctx: AdmissionContext, systemId: string, input: SubscriptionInput): Promise<Outcome<null>> {
  const policy = ctx.directory(systemId);
  if (!policy) return fail('forbidden', '该系统在登记册中没有订阅权限。', 'The registry does not allow this system to subscribe.');
  if (policy.modes && !policy.modes.includes(input.mode)) {
    return fail(
      'forbidden',
      `该系统不允许使用 ${input.mode} 方式订阅。`,
      `The registry does not allow this system ${input.mode} subscriptions.`,
    );
  }
  const entitled = policy.read.recordTypes;
  const asked = input.filter?.recordTypes ?? [];
  const outside = entitled?.length ? asked.filter((t) => !entitled.includes(t)) : [];
  if (outside.length > 0)
    return fail('forbidden', `该系统无权读取 ${outside.join('、')} 记录。`, `This system may not read ${outside.join(', ')} records.`);
  const areas = policy.read.areaPrefixes?.map(areaPrefix) ?? [];
  const askedAreas = input.filter?.areaPrefixes?.map(areaPrefix) ?? [];
  const disjoint = areas.length ? askedAreas.filter((a) => !areas.some((e) => a.startsWith(e) || e.startsWith(a))) : [];
  if (disjoint.length > 0)
    return fail(
      'forbidden',
      `该系统无权读取地区 ${disjoint.join('、')} 的记录。`,
      `This system may not read records of areas ${disjoint.join(', ')}.`,
    );
  const format = input.format ?? 'cloudevents';
  if (!isKnownFormat(format, ctx.adapters)) {
    return fail('subscription_invalid', `未知的格式 ${format}。`, `Unknown format ${format}.`, {
      errors: [{ pointer: '/format', keyword: 'enum', message: { zh: '未知的格式', en: 'unknown format' } }],
    });
  }
  const receivable = receivableFormat(ctx, policy, format, input.filter?.recordTypes);
  if (!receivable.ok) return receivable;
  if (input.mode !== 'webhook') {
    return input.webhook
      ? fail('subscription_invalid', '只有 webhook 订阅可以带 webhook 配置。', 'Only webhook subscriptions take a webhook section.')
      : ok(null);
  }
  if (!input.webhook) return fail('subscription_invalid', 'webhook 订阅需要 webhook.url。', 'A webhook subscription needs webhook.url.');
  if (input.webhook.secret !== undefined && !isValidSecret(input.webhook.secret)) {
    return fail(
      'subscription_invalid',
      '密钥须为 whsec_ 加 24–64 字节的 base64。',
      'The secret must be whsec_ followed by base64 of 24 to 64 bytes.',
    );
  }
  const target = await ctx.guard.check(input.webhook.url);
  if (!target.ok)
    return fail('webhook_target_forbidden', `不允许的 webhook 地址：${target.reason}`, `Webhook URL refused: ${target.reason}`);
  return ok(null);
}

/**
 * Whether the subscriber can receive a format: an adapter format is the native form of one kind of
 * system, so only the subscriber's own adapter qualifies, and only when it can express every record
 * type the subscription reads (an e-marketplace has no form for a notice). The refusal names the
 * formats that are possible.
 */
function receivableFormat(
  ctx: AdmissionContext,
  policy: SubscriberPolicy,
  format: string,
  askedTypes: readonly string[] | undefined,
): Outcome<null> {
  if (!format.startsWith('adapter:')) return ok(null);
  const adapterId = format.slice('adapter:'.length);
  const own = policy.adapter && ctx.adapters.has(policy.adapter) ? `adapter:${policy.adapter}` : undefined;
  const possible = [...BUILTIN_FORMATS, ...(own ? [own] : [])].join(', ');
  const refuse = (zh: string, en: string) =>
    fail('subscription_invalid', `${zh}可用的格式：${possible}。`, `${en} Possible formats: ${possible}.`, {
      errors: [{ pointer: '/format', keyword: 'format', message: { zh, en } }],
    });
  if (policy.adapter !== adapterId)
    return refuse(
      `格式 ${format} 是其他系统的原生格式，本系统无法接收。`,
      `The format ${format} is the native format of another kind of system.`,
    );
  const expressible = ctx.adapters.recordTypes?.(adapterId);
  const types = askedTypes?.length ? askedTypes : (policy.read.recordTypes ?? ['notice', 'transaction']);
  const missing = expressible ? types.filter((t) => !expressible.includes(t)) : [];
  if (missing.length > 0)
    return refuse(
      `格式 ${format} 只能表达 ${expressible!.join('、')} 记录，无法表达 ${missing.join('、')}；请用 filter.recordTypes 限定。`,
      `The format ${format} can express ${expressible!.join(', ')} records only, not ${missing.join(', ')}; narrow filter.recordTypes.`,
    );
  return ok(null);
}
