/**
 * Admission of a subscription, whether it comes through the API or the registry file: the input
 * schema, the system's registry entitlement and modes, the known formats, the webhook secret and
 * the SSRF guard. Each refusal says why, in Chinese and English.
 */
import { Ajv } from 'ajv';
import type { DeliveryMode, FeedFilter } from '../store/port.ts';
import { feedFilterSchema } from './config.ts';
import { areaPrefix } from './filter.ts';
import { isKnownFormat, type OutboundFormats } from './format.ts';
import { fail, type Outcome, ok } from './outcome.ts';
import { isValidSecret } from './signing.ts';
import type { TargetGuard } from './ssrf.ts';

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
