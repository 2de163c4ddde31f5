/**
 * The registry file's `subscriptions` and `delivery` sections as an operator writes them. The
 * registry only carries them; delivery (gateway/delivery/config.ts) reads them, checks them against
 * its JSON Schema and merges them over its defaults. Written here, not in delivery, so the registry
 * does not import a layer above it.
 */
import type { DeliveryMode, FeedFilter } from '../store/index.ts';

/** A subscription declared in the registry file (`subscriptions` section). */
export interface SubscriptionSpec {
  id: string;
  system: string;
  mode: DeliveryMode;
  format?: string;
  filter?: FeedFilter;
  /** Where a new subscription starts: `now` (default) or `beginning` of the journal. */
  from?: 'now' | 'beginning';
  webhook?: {
    url: string;
    /** Signing secrets, newest first; during a rotation both sign. Inline `whsec_…` or from an environment variable. */
    secrets: { secret?: string; secretEnv?: string; expiresAt?: string }[];
    /** Extra signature headers (docs/cryptography.md). */
    signatures?: 'sm3-hmac'[];
  };
}

/** The retry policy fields an operator may set (gateway/delivery/retry.ts `RetryPolicy`). */
export type RetrySettings = Partial<
  Record<
    'maxAttempts' | 'maxAgeMs' | 'baseDelayMs' | 'maxDelayMs' | 'disableAfterMs' | 'disableAfterDeadLetters' | 'requestTimeoutMs',
    number
  >
>;

/** The registry's `delivery` section: allow-listed internal targets, the retry policy, delivery tuning. */
export interface DeliverySection {
  allowTargets?: string[];
  retry?: RetrySettings;
  lanes?: number;
  connectionsPerEndpoint?: number;
  batchSize?: number;
  pollMs?: number;
  leaseTtlMs?: number;
  rotationGraceMs?: number;
  heartbeatMs?: number;
  maxWaitS?: number;
  maxLimit?: number;
  attemptRetentionMs?: number;
}

/**
 * The registry's `publication` section: what the gateway publishes to the public under /public/
 * (gateway/publication/, docs/open-data.md). Absent, or without notice types: nothing is public.
 */
export interface PublicationSection {
  notices?: { noticeTypes: string[]; areas?: string[] };
  /** E-marketplace transactions: none may be listed (the OCDS mapping covers notices only). */
  transactions?: { transactionTypes?: string[] };
  /** The publisher named in every public package; default: the gateway. */
  publisher?: { name: string; scheme?: string; uid?: string; uri?: string };
  /** Base URI of the public packages' `uri`. */
  uriBase?: string;
  license?: string;
  publicationPolicy?: string;
}
