/**
 * Delivery settings and the registry's `subscriptions` and `delivery` sections: subscriptions an
 * operator declares in the registry file rather than through the API, the addresses webhooks may
 * reach despite the SSRF guard, and the retry policy.
 */
import type { DeliverySection } from '../registry/index.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';

/** Tuning of the delivery layer; every field has a production default. */
export interface DeliveryConfig {
  policy: RetryPolicy;
  /** Addresses or CIDR ranges webhooks may reach although they are internal (e.g. `127.0.0.1` in a demo). */
  allowTargets: string[];
  /** Parallel lanes per webhook subscription (records of one process always share a lane). */
  lanes: number;
  /** Keep-alive connections per endpoint origin. */
  connectionsPerEndpoint: number;
  /** Journal entries read per worker batch. */
  batchSize: number;
  /** How often workers and feeds look for entries written by other processes. */
  pollMs: number;
  /** Lifetime of a worker lease; renewed every third of it. */
  leaseTtlMs: number;
  /** How long a rotated-out secret keeps signing alongside the new one. */
  rotationGraceMs: number;
  /** Interval of SSE heartbeat comments. */
  heartbeatMs: number;
  /** Longest long-poll wait a pull request may ask for, in seconds. */
  maxWaitS: number;
  /** Most events per pull response. */
  maxLimit: number;
  /** How long delivery attempts are kept for operators (pruned hourly). */
  attemptRetentionMs: number;
}

/** Production defaults. */
export const DEFAULT_DELIVERY_CONFIG: DeliveryConfig = {
  policy: DEFAULT_RETRY_POLICY,
  allowTargets: [],
  lanes: 16,
  connectionsPerEndpoint: 16,
  batchSize: 500,
  pollMs: 1000,
  leaseTtlMs: 15_000,
  rotationGraceMs: 24 * 3600_000,
  heartbeatMs: 10_000,
  maxWaitS: 30,
  maxLimit: 1000,
  attemptRetentionMs: 7 * 24 * 3600_000,
};

/** Delivery settings an operator may tune in the registry's `delivery` section. */
const TUNABLE = [
  'lanes',
  'connectionsPerEndpoint',
  'batchSize',
  'pollMs',
  'leaseTtlMs',
  'rotationGraceMs',
  'heartbeatMs',
  'maxWaitS',
  'maxLimit',
  'attemptRetentionMs',
] as const;

// The registry's `delivery` section (gateway/registry/sections.ts) may set exactly the tunable fields.
type _SectionTunesOnlyTunables = AssertTrue<
  Exclude<keyof DeliverySection, (typeof TUNABLE)[number] | 'allowTargets' | 'retry'> extends never ? true : false
>;
type _RetrySettingsArePolicyFields = AssertTrue<keyof NonNullable<DeliverySection['retry']> extends keyof RetryPolicy ? true : false>;
type AssertTrue<T extends true> = T;

/** Settings to change, the retry policy field by field. */
export type DeliveryOverrides = Partial<Omit<DeliveryConfig, 'policy'>> & { policy?: Partial<RetryPolicy> };

/** Merges the registry's `delivery` section (and test overrides) over the defaults. */
export function deliveryConfig(section: DeliverySection | undefined, overrides: DeliveryOverrides = {}): DeliveryConfig {
  const tuned = Object.fromEntries(TUNABLE.filter((k) => section?.[k] !== undefined).map((k) => [k, section![k]]));
  return {
    ...DEFAULT_DELIVERY_CONFIG,
    ...tuned,
    ...overrides,
    allowTargets: [...(section?.allowTargets ?? []), ...(overrides.allowTargets ?? [])],
    policy: { ...DEFAULT_DELIVERY_CONFIG.policy, ...section?.retry, ...overrides.policy },
  };
}

/**
 * The delivery settings of a registry that may be reloaded: `deliveryConfig` of its current
 * `delivery` section, computed again only when a reload replaced the section (snapshots are immutable).
 */
export function liveDeliveryConfig(section: () => DeliverySection | undefined, overrides: DeliveryOverrides = {}): () => DeliveryConfig {
  let last: { section: DeliverySection | undefined; config: DeliveryConfig } | null = null;
  return () => {
    const current = section();
    if (!last || last.section !== current) last = { section: current, config: deliveryConfig(current, overrides) };
    return last.config;
  };
}

const filterSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    recordTypes: { type: 'array', items: { enum: ['notice', 'transaction'] }, uniqueItems: true },
    noticeTypes: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 64 }, maxItems: 50 },
    transactionTypes: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 64 }, maxItems: 50 },
    areaPrefixes: { type: 'array', items: { type: 'string', pattern: '^[0-9]{1,6}$' }, maxItems: 500 },
    cataloguePrefixes: { type: 'array', items: { type: 'string', pattern: '^[ABC][0-9]{0,8}$' }, maxItems: 500 },
    sourceSystems: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }, maxItems: 200 },
  },
} as const;

/** JSON Schema of a feed filter, shared by the registry file and the API. */
export const feedFilterSchema = filterSchema;

/** JSON Schema of the registry's `subscriptions` section (an array of SubscriptionSpec). */
export const subscriptionsSectionSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['id', 'system', 'mode'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{2,62}$' },
      system: { type: 'string' },
      mode: { enum: ['webhook', 'pull', 'sse'] },
      format: { type: 'string' },
      from: { enum: ['now', 'beginning'] },
      filter: filterSchema,
      webhook: {
        type: 'object',
        required: ['url', 'secrets'],
        additionalProperties: false,
        properties: {
          url: { type: 'string', pattern: '^https?://' },
          secrets: {
            type: 'array',
            minItems: 1,
            maxItems: 2,
            items: {
              type: 'object',
              additionalProperties: false,
              properties: {
                secret: { type: 'string', pattern: '^whsec_' },
                secretEnv: { type: 'string', pattern: '^[A-Z_][A-Z0-9_]*$' },
                expiresAt: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' },
              },
            },
          },
          signatures: { type: 'array', items: { enum: ['sm3-hmac'] }, uniqueItems: true, maxItems: 1 },
        },
      },
    },
  },
} as const;

/** JSON Schema of the registry's `delivery` section. */
export const deliverySectionSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    allowTargets: { type: 'array', items: { type: 'string', pattern: '^[0-9a-fA-F.:]+(/[0-9]{1,3})?$' } },
    ...Object.fromEntries(TUNABLE.map((k) => [k, { type: 'integer', minimum: 1 }])),
    retry: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(Object.keys(DEFAULT_RETRY_POLICY).map((k) => [k, { type: 'integer', minimum: 0 }])),
    },
  },
} as const;
