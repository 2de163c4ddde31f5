/**
 * The systems registry: every external system the gateway talks to, as declared in the
 * registry file (config/registry.schema.json).
 */
import type { KeyObject } from 'node:crypto';
import type { RecordType } from '../core/index.ts';
import type { DeliverySection, PublicationSection, SubscriptionSpec } from './sections.ts';

/** What kind of system it is. */
export type SystemKind =
  /** 省级政府采购管理交易系统: provincial procurement management system (publishes). */
  | 'provincial'
  /** 公共资源交易平台: public-resource trading platform. */
  | 'trading-platform'
  /** 电子卖场: e-marketplace. */
  | 'e-marketplace'
  /** 财政部门: a finance department at province or city level (supervises: complaint and supervision rulings). */
  | 'finance-department'
  /** 财政部: the ministry (monitors). */
  | 'ministry';

/** Which records a system may read in its feeds; an absent filter means no restriction. */
export interface Entitlement {
  recordTypes?: RecordType[];
  noticeTypes?: string[];
  areaPrefixes?: string[];
  /** Delivery modes the system may subscribe with; absent: all (webhook, pull, sse). */
  modes?: ('webhook' | 'pull' | 'sse')[];
}

/** One registered system. */
export interface SystemEntry {
  id: string;
  name: string;
  kind: SystemKind;
  /**
   * GB/T 2260 areas and record types the system publishes as a process's responsible publisher:
   * its first accepted record of a process (ocid, or order's transaction id) makes it the owner.
   * Absent: opens no process.
   */
  publish?: { areas: string[]; recordTypes: RecordType[] };
  /** What the system may add to processes owned by other systems (docs/security.md, Process ownership). */
  contribute?: ContributionGrant[];
  subscribe?: Entitlement;
  credentials: {
    /** sha-256 (hex) of each API key; keys are high-entropy so a plain hash is enough. */
    apiKeys?: { id: string; sha256: string }[];
    /** Request signing secret (inline or from an environment variable); when set, requests must be signed. */
    hmac?: { secret?: string; secretEnv?: string };
    /** Client certificates (mTLS) that identify this system. */
    certificates?: { fingerprint256?: string; subject?: string }[];
    /** Ed25519 public keys (SPKI PEM) the system signs requests with (RFC 9421); when set, requests must be signed. */
    ed25519Keys?: { keyid: string; publicKey: string }[];
  };
  rateLimit?: { requestsPerSecond: number; burst?: number };
  /** How often the system is expected to push: seconds, or an ISO 8601 duration (`PT1H`); the monitor judges freshness by it. */
  expectedCadence?: number | string;
  /** The adapter of the system's native format, its configuration, and pull mode when the gateway polls the system. */
  adapter?: SystemAdapter;
}

/** One contribution grant: records of these kinds, in these areas, into processes of these owners. */
export interface ContributionGrant {
  recordTypes: RecordType[];
  /** Notice types granted (notices); absent: every notice type. */
  noticeTypes?: string[];
  /** Transaction types granted (transactions); absent: every transaction type. */
  transactionTypes?: string[];
  /** GB/T 2260 areas the record's regionCode must lie in. */
  areas: string[];
  /** Owners whose processes it may contribute to: system kinds or system ids; absent: any owner. */
  ofOwners?: string[];
}

/** A declared ownership transfer (a province migrating its system): the processes `from` owns pass to `to`. */
export interface OwnershipTransfer {
  /** Stable id: a transfer is applied once per state store, whatever the reloads. */
  id: string;
  from: string;
  to: string;
  /** Only processes whose key starts with this prefix (e.g. an ocid prefix); absent: all of `from`'s processes. */
  processPrefix?: string;
  reason: string;
}

/** A system's adapter: which one (adapters/registry.ts), configured how, and whether the gateway polls the system. */
export interface SystemAdapter {
  id: string;
  config?: Record<string, unknown>;
  pull?: { baseUrl: string; intervalSeconds?: number; timeoutSeconds?: number };
}

/**
 * An algorithm a system may sign its requests with (RFC 9421). `hmac-sm3` is our own name (HMAC with
 * SM3, GB/T 32905; not in the IANA HTTP Signature Algorithms registry): the same registered secret,
 * chosen by the signature's `alg` parameter (docs/cryptography.md).
 */
export type SignatureAlgorithm = 'hmac-sha256' | 'hmac-sm3' | 'ed25519';

/** One key a system signs its requests with: its HMAC secret (keyid: the system id) or an Ed25519 public key. */
export interface SignatureKey {
  keyid: string;
  alg: SignatureAlgorithm;
  /** The HMAC secret, or the Ed25519 public key. */
  key: string | KeyObject;
}

/** The registry file's content. */
export interface RegistryFile {
  systems: SystemEntry[];
  /** Subscriptions declared by the operator (gateway/delivery/config.ts, docs/feeds.md). */
  subscriptions?: SubscriptionSpec[];
  /** Webhook delivery settings: allow-listed internal targets, retry policy. */
  delivery?: DeliverySection;
  /** Process ownership transfers, applied once each (gateway/ingest/transfers.ts). */
  transfers?: OwnershipTransfer[];
  /** Public OCDS publication (gateway/publication/, docs/open-data.md); absent: nothing is public. */
  publication?: PublicationSection;
}
