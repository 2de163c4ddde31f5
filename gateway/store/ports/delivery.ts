/** The delivery store port: subscriptions, cursors, attempts, dead letters, leases. */
import type { EventEnvelope } from '../../core/index.ts';

/** How a subscription's events reach the subscriber: pushed webhooks, long-poll pull, or Server-Sent Events. */
export type DeliveryMode = 'webhook' | 'pull' | 'sse';

/**
 * What a subscription selects. Every dimension given must match; an absent or empty one matches all.
 * Areas and catalogue codes match by prefix (GB/T 2260 `35` = 福建省; catalogue `A0201` = computers).
 */
export interface FeedFilter {
  recordTypes?: ('notice' | 'transaction')[];
  noticeTypes?: string[];
  transactionTypes?: string[];
  areaPrefixes?: string[];
  cataloguePrefixes?: string[];
  sourceSystems?: string[];
}

/** A webhook signing secret (`whsec_` + base64); a retiring secret carries the time it stops signing. */
export interface WebhookSecret {
  secret: string;
  expiresAt?: string;
}

/** An extra webhook signature a subscriber may ask for: `sm3-hmac` (header `webhook-signature-sm3`). */
export type WebhookSignatureKind = 'sm3-hmac';

/** Why a subscription delivers nothing for now: who paused it (the owner or the ministry), when, and why. */
export interface SubscriptionPause {
  /** The system that paused it: its owner, or the ministry (财政部) supervising it. */
  by: string;
  /** RFC 3339 UTC. */
  at: string;
  reason: string;
}

/** A subscription: which system reads what, in which format, by which mode. */
export interface Subscription {
  id: string;
  systemId: string;
  filter: FeedFilter;
  /** `cloudevents` (structured), `cloudevents-binary`, `standard` (the bare record) or `adapter:<id>`. */
  format: string;
  mode: DeliveryMode;
  /** Webhook mode only; `signatures`: extra signature headers the subscriber asked for (docs/cryptography.md). */
  webhook?: { url: string; secrets: WebhookSecret[]; signatures?: WebhookSignatureKind[] };
  /** Declared in the registry file or created through the API. */
  origin: 'registry' | 'api';
  createdAt: string;
  /** Set while paused; stored apart from the rest, so putSubscription neither sets nor clears it. */
  paused?: SubscriptionPause;
}

/** Health of a webhook endpoint as the ministry sees it. */
export interface EndpointState {
  subscriptionId: string;
  status: 'active' | 'failing' | 'disabled';
  reason: string | null;
  /** When the endpoint entered this status. */
  since: string;
  /** Dead letters in a row since the last successful delivery. */
  consecutiveDeadLetters: number;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
}

/** One HTTP delivery attempt, kept for the operators. */
export interface DeliveryAttempt {
  subscriptionId: string;
  eventId: string;
  seq: number;
  attempt: number;
  at: string;
  /** HTTP status, null when no response arrived. */
  status: number | null;
  latencyMs: number;
  error: string | null;
  outcome: 'delivered' | 'retry' | 'dead-lettered' | 'gone' | 'abandoned';
}

/** An event a webhook could not take within the retry policy; it stays until retried or discarded. */
export interface DeadLetter {
  id: string;
  subscriptionId: string;
  seq: number;
  eventId: string;
  attempts: number;
  firstAttemptAt: string;
  lastAttemptAt: string;
  lastStatus: number | null;
  lastError: string | null;
  envelope: EventEnvelope;
  createdAt: string;
}

/** The right to run a subscription's webhook worker; `token` fences writes of an expired holder. */
export interface Lease {
  subscriptionId: string;
  holder: string;
  token: number;
  expiresAt: number;
}

/** A subscription's durable position in the journal; `revision` changes on every write. */
export interface StoredCursor {
  seq: number;
  revision: number;
}

/** Delivery state, shared by every gateway process. */
export interface DeliveryStore {
  /** Creates or replaces a subscription. */
  putSubscription(subscription: Subscription): Promise<void>;
  subscription(id: string): Promise<Subscription | null>;
  /** Subscriptions, optionally of one system or one mode, ascending by id. */
  subscriptions(query?: { systemId?: string; mode?: DeliveryMode }): Promise<Subscription[]>;
  /**
   * Pauses (`pause`) or resumes (null) a subscription if its current pause is still by `expectedBy`
   * (null: not paused), so that a decision taken on a pause read before is never applied to a newer one.
   * False when the subscription is gone or its pause changed meanwhile.
   */
  setPause(id: string, pause: SubscriptionPause | null, expectedBy: string | null): Promise<boolean>;
  /** Removes a subscription with its cursor, lease, endpoint state, attempts and dead letters. */
  removeSubscription(id: string): Promise<boolean>;

  /** The stored cursor ({ seq: 0, revision: 0 } when none). */
  cursor(subscriptionId: string): Promise<StoredCursor>;
  /** Moves the cursor if it is still at `revision` and `lease` is still the current one; false otherwise. */
  advanceCursor(subscriptionId: string, revision: number, seq: number, lease: Lease): Promise<boolean>;
  /** Sets the cursor unconditionally (replay); a running worker notices by the changed revision. */
  resetCursor(subscriptionId: string, seq: number): Promise<StoredCursor>;

  /** Takes the lease if it is free, expired or already ours; a new holder gets a higher token. */
  acquireLease(subscriptionId: string, holder: string, ttlMs: number, nowMs: number): Promise<Lease | null>;
  /** Extends a lease still held with the same token; null when it was lost. */
  renewLease(lease: Lease, ttlMs: number, nowMs: number): Promise<Lease | null>;
  releaseLease(lease: Lease): Promise<void>;

  recordAttempts(attempts: DeliveryAttempt[]): Promise<void>;
  /** Most recent attempts first. */
  attempts(subscriptionId: string, query: { eventId?: string; limit: number }): Promise<DeliveryAttempt[]>;
  /** Deletes attempts made before `before` (RFC 3339); returns how many. */
  pruneAttempts(before: string): Promise<number>;

  /** Stores a dead letter; idempotent per (subscription, event): returns the one already stored. */
  addDeadLetter(deadLetter: DeadLetter): Promise<DeadLetter>;
  deadLetter(id: string): Promise<DeadLetter | null>;
  /** Ascending by seq. */
  deadLetters(query: { subscriptionId?: string; limit: number; offset?: number }): Promise<DeadLetter[]>;
  /** Records a further (failed) attempt on a dead letter. */
  updateDeadLetter(id: string, change: Pick<DeadLetter, 'attempts' | 'lastAttemptAt' | 'lastStatus' | 'lastError'>): Promise<void>;
  removeDeadLetter(id: string): Promise<boolean>;

  /** The endpoint state (active since the epoch when none was stored). */
  endpointState(subscriptionId: string): Promise<EndpointState>;
  setEndpointState(state: EndpointState): Promise<void>;
  endpointStates(): Promise<EndpointState[]>;
}
