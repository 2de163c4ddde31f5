/**
 * The systems registry: every external system the gateway talks to, as declared in the
 * registry file (config/registry.schema.json).
 */
import type { RecordType } from '../core/records.ts';
import type { DeliverySection, SubscriptionSpec } from './sections.ts';

/** What kind of system it is. */
export type SystemKind =
  /** 省级政府采购管理交易系统: provincial procurement management system (publishes). */
  | 'provincial'
  /** 公共资源交易平台: public-resource trading platform. */
  | 'trading-platform'
  /** 电子卖场: e-marketplace. */
  | 'e-marketplace'
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
  /** GB/T 2260 areas and record types the system may publish; absent: publishes nothing. */
  publish?: { areas: string[]; recordTypes: RecordType[] };
  subscribe?: Entitlement;
  credentials: {
    /** sha-256 (hex) of each API key; keys are high-entropy so a plain hash is enough. */
    apiKeys?: { id: string; sha256: string }[];
    /** Request signing secret (inline or from an environment variable); when set, requests must be signed. */
    hmac?: { secret?: string; secretEnv?: string };
    /** Client certificates (mTLS) that identify this system. */
    certificates?: { fingerprint256?: string; subject?: string }[];
  };
  rateLimit?: { requestsPerSecond: number; burst?: number };
  /** How often the system is expected to push: seconds, or an ISO 8601 duration (`PT1H`); the monitor judges freshness by it. */
  expectedCadence?: number | string;
  /** The adapter of the system's native format, its configuration, and pull mode when the gateway polls the system. */
  adapter?: SystemAdapter;
}

/** A system's adapter: which one (adapters/registry.ts), configured how, and whether the gateway polls the system. */
export interface SystemAdapter {
  id: string;
  config?: Record<string, unknown>;
  pull?: { baseUrl: string; intervalSeconds?: number; timeoutSeconds?: number };
}

/** The registry file's content. */
export interface RegistryFile {
  systems: SystemEntry[];
  /** Subscriptions declared by the operator (gateway/delivery/config.ts, docs/feeds.md). */
  subscriptions?: SubscriptionSpec[];
  /** Webhook delivery settings: allow-listed internal targets, retry policy. */
  delivery?: DeliverySection;
}
