/**
 * The state store port: everything the gateway remembers besides the log itself.
 * Embedded: SQLite (gateway/store/sqlite/). Distributed: PostgreSQL (gateway/store/postgres/).
 * Split by concern; each concern has one behavioural suite in test/ports/ run against both.
 */
import type { EventEnvelope } from '../core/envelope.ts';
import type { StandardRecord } from '../core/records.ts';

// ---------------------------------------------------------------- availability

/**
 * Thrown (or rejected with) when the state store cannot be reached or cannot take writes right now
 * (server down, connection lost, pool exhausted, disk full or locked); retrying later can help.
 * The HTTP layer answers it with 503 `store_unavailable` and Retry-After.
 */
export class StoreUnavailableError extends Error {
  readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

// ---------------------------------------------------------------- ingest (idempotency, versions)

/** What the gateway signs and hands back once a record version is durably in the log. */
export interface Receipt {
  eventId: string;
  recordId: string;
  version: number;
  /** sha-256 (hex) of the canonical record. */
  contentHash: string;
  /** Log position as returned by RecordLog.append. */
  logPosition: string;
  acceptedAt: string;
  sourceSystem: string;
  /** Where these fields sit in the tree of receipts signed together (RFC 9162 inclusion proof). */
  proof: ReceiptProof;
  /** Compact JWS (EdDSA) over the head of that tree: `{ rootHash, treeSize }`. */
  signature: string;
}

/** An inclusion proof: the leaf's index and its sibling hashes (hex) from the leaf up to the root. */
export interface ReceiptProof {
  leafIndex: number;
  path: string[];
}

/** The outcome of claiming a record version before it is appended to the log. */
export type ClaimResult =
  /** First time this version is seen (or a crashed earlier claim with the same content): append it. */
  | { kind: 'claimed' }
  /** Already accepted with identical content: hand back the original receipt, publish nothing. */
  | { kind: 'duplicate'; receipt: Receipt }
  /** This version was accepted with different content. */
  | { kind: 'conflict'; existingHash: string }
  /** A newer version of the record already exists. */
  | { kind: 'stale'; currentVersion: number }
  /** The record id belongs to another system. */
  | { kind: 'foreign'; owner: string };

/** A record version to claim. */
export interface ClaimRequest {
  recordId: string;
  version: number;
  contentHash: string;
  eventId: string;
  sourceSystem: string;
}

/** Idempotency and version index. A claim is made before the append, confirmed with the receipt after it. */
export interface IngestStore {
  claim(input: ClaimRequest): Promise<ClaimResult>;
  /**
   * Claims several versions at once (one transaction or round trip where the store allows),
   * deciding each exactly as `claim` would, one after another in the given order.
   */
  claimMany(inputs: ClaimRequest[]): Promise<ClaimResult[]>;
  /**
   * Stores the receipt of a claimed version once it is durably in the log, durably itself (it
   * survives power loss once this resolves); the first receipt stored for a version stays. Resolves with the receipt the store holds for the version now: the one
   * given, or one stored before it (another process, or the projector, confirmed first), which is
   * the one to hand out, so that every answer for a version carries the same receipt; null when
   * none could be stored (the version was claimed with other content).
   */
  confirm(receipt: Receipt): Promise<Receipt | null>;
  /** `confirm` for several receipts at once, in the given order. */
  confirmMany(receipts: Receipt[]): Promise<(Receipt | null)[]>;
  /** For each version, in order, whether a receipt was stored for it. */
  confirmed(versions: { recordId: string; version: number }[]): Promise<boolean[]>;
  /**
   * Keeps this process's unconfirmed claims of `versions` holding newer versions of their records
   * back until `until` settles: their append was given up on (a timeout) but may still land in
   * the log, and a newer version appended meanwhile by another process would then come first.
   * A store serving one process (SQLite) has nobody to hold back.
   */
  holdClaims(versions: { recordId: string; version: number }[], until: Promise<void>): void;
  /** The receipt of a version, if one was issued. */
  receipt(recordId: string, version: number): Promise<Receipt | null>;
  /** A batch's results stored under its Idempotency-Key, scoped by system. */
  batchResult(systemId: string, key: string): Promise<{ requestHash: string; status: number; body: string } | null>;
  saveBatchResult(systemId: string, key: string, value: { requestHash: string; status: number; body: string }): Promise<void>;
  /**
   * Publishes a receipt-signing public key (a JWK with its `kid`) beside the state, so that every
   * gateway process sharing the store lists it: a receipt signed by any process verifies with the
   * key set of any other. Idempotent by `kid`.
   */
  publishKey(key: PublicJwk): Promise<void>;
  /** Every published key, in the order first published. */
  publishedKeys(): Promise<PublicJwk[]>;
}

/** A public JSON Web Key with its key id (RFC 7517, RFC 7638 thumbprint). */
export type PublicJwk = { kid: string } & Record<string, unknown>;

// ---------------------------------------------------------------- journal (deduplicated projection of the log)

/** One event in the journal: the log, deduplicated by event id, in the order the projector saw it. */
export interface JournalEntry {
  /** Monotonic sequence, the basis of feed cursors. */
  seq: number;
  logPosition: string;
  envelope: EventEnvelope;
}

/**
 * The journal is written by the projector, the single consumer that turns the log into state:
 * it deduplicates by event id (the log is at-least-once), keeps every record version and
 * serves feeds in order. Applying the same event twice changes nothing.
 */
export interface JournalStore {
  /**
   * Appends events not seen before (by event id), in the given order, durably (they survive power
   * loss once this resolves, before the projector commits its position); returns those that were new.
   * `text`, when given, is the envelope's JSON as the log holds it (stored as is where the store keeps JSON text).
   */
  project(events: { logPosition: string; envelope: EventEnvelope; text?: string }[]): Promise<JournalEntry[]>;
  /** Entries with seq > after, at most limit, ascending. */
  readJournal(after: number, limit: number): Promise<JournalEntry[]>;
  /** The highest seq written so far (0 when empty). */
  journalHead(): Promise<number>;
  /** Every version of a record, ascending by version. */
  recordVersions(recordId: string): Promise<JournalEntry[]>;
  /** The current (highest) version of each record in a process (ocid or transaction id), ascending by date then id. */
  processRecords(processKey: string): Promise<StandardRecord[]>;
  /** processRecords of several processes in one call; every key is in the map (with [] when it has no records). */
  recordsOfProcesses(processKeys: string[]): Promise<Map<string, StandardRecord[]>>;
}

// ---------------------------------------------------------------- delivery (subscriptions, cursors, attempts, dead letters, leases)

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

/** A subscription: which system reads what, in which format, by which mode. */
export interface Subscription {
  id: string;
  systemId: string;
  filter: FeedFilter;
  /** `cloudevents` (structured), `cloudevents-binary`, `standard` (the bare record) or `adapter:<id>`. */
  format: string;
  mode: DeliveryMode;
  /** Webhook mode only. */
  webhook?: { url: string; secrets: WebhookSecret[] };
  /** Declared in the registry file or created through the API. */
  origin: 'registry' | 'api';
  createdAt: string;
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

// ---------------------------------------------------------------- monitor (sync health, reconciliation)

/** A record (or push) the gateway refused, kept so the ministry sees who is rejected and why. */
export interface RejectionRecord {
  systemId: string;
  /** When it was refused, in milliseconds since the epoch. */
  atMs: number;
  /** Error catalogue code, e.g. `record_invalid`. */
  code: string;
  recordType: string | null;
  recordId: string | null;
  version: number | null;
}

/** One accepted record version, indexed from the journal by source system and accepting day. */
export interface AcceptedRecord {
  /** The journal seq it was projected at. */
  seq: number;
  systemId: string;
  recordId: string;
  version: number;
  contentHash: string;
  /** When the gateway accepted it (the envelope's `time`), in milliseconds since the epoch. */
  atMs: number;
  /** The accepting day in Asia/Shanghai (UTC+8), `YYYY-MM-DD`. */
  day: string;
}

/** Monitoring state, shared by every gateway process: rejections and the accepted-record index. */
export interface MonitorStore {
  /** Stores refused records durably. */
  recordRejections(rejections: RejectionRecord[]): Promise<void>;
  /** Indexes accepted versions read from the journal; idempotent by seq. */
  indexAccepted(records: AcceptedRecord[]): Promise<void>;
  /** The highest journal seq indexed so far (0 when none). */
  indexedSeq(): Promise<number>;
  /** Per system that ever pushed: the last accepted and the last rejected time (ms). */
  lastActivity(): Promise<{ systemId: string; lastAcceptedMs: number | null; lastRejectedMs: number | null }[]>;
  /** Per system: accepted and rejected counts at or after `sinceMs`. */
  counts(sinceMs: number): Promise<{ systemId: string; accepted: number; rejected: number }[]>;
  /** Per system and bucket (`bucketStartMs` aligned to `bucketMs`): counts at or after `sinceMs`. */
  buckets(sinceMs: number, bucketMs: number): Promise<{ systemId: string; bucketStartMs: number; accepted: number; rejected: number }[]>;
  /** Per system and code: rejections at or after `sinceMs`, most frequent first. */
  rejectionCodes(sinceMs: number): Promise<{ systemId: string; code: string; count: number }[]>;
  /** Versions accepted on a day from one system (or from all when null), ascending by seq. */
  acceptedOn(systemId: string | null, day: string): Promise<AcceptedRecord[]>;
  /** Deletes rejections older than `beforeMs`; returns how many. */
  pruneRejections(beforeMs: number): Promise<number>;
  /**
   * The secret kept under `name`, storing `candidate` when there is none yet: every gateway process
   * sharing the store gets the same one (the first to ask chose it).
   */
  sharedSecret(name: string, candidate: string): Promise<string>;
}

// ---------------------------------------------------------------- adapters (pull cursors)

/** How far the gateway has read a polled system's feed (pull mode); `revision` changes on every write. */
export interface PullPosition {
  /** The system API's own opaque cursor; null before the first page was taken. */
  cursor: string | null;
  revision: number;
  /** When the last poll ended, successful or not (epoch ms); null when never polled. */
  polledAtMs: number | null;
  /** Why the last poll failed; null after a successful one. */
  lastError: string | null;
}

/**
 * Cursors of the systems the gateway pulls from. A cursor moves only after the page's records were
 * ingested, so a crash re-reads the page (ingest is idempotent) instead of skipping it.
 */
export interface AdapterCursorStore {
  /** The position of a system's feed ({ cursor: null, revision: 0 } when never pulled). */
  position(systemId: string): Promise<PullPosition>;
  /** Moves the cursor if it is still at `revision` (compare-and-set); false when another poller moved it. */
  advance(systemId: string, revision: number, cursor: string, atMs: number): Promise<boolean>;
  /** Notes a failed poll; the cursor stays where it is. */
  recordFailure(systemId: string, error: string, atMs: number): Promise<void>;
  /** Every pulled system's position, ascending by system id, for monitoring. */
  positions(): Promise<({ systemId: string } & PullPosition)[]>;
  /**
   * Takes or extends the right to poll a system until `nowMs + ttlMs`: true when `holder` has it,
   * false while another holder's is unexpired. It only spares gateway processes fetching the same
   * pages; correctness never depends on it (cursor moves are compare-and-set, ingest is idempotent).
   */
  leasePolling(systemId: string, holder: string, ttlMs: number, nowMs: number): Promise<boolean>;
  /** Gives up the right to poll a system, if `holder` has it. */
  releasePolling(systemId: string, holder: string): Promise<void>;
}

// ---------------------------------------------------------------- the bundle of one deployment

/**
 * Every state-store concern of one deployment (SQLite or PostgreSQL), built together by the
 * composition root. Construction does no I/O; start() connects and migrates; close() disconnects.
 */
export interface StateStores {
  ingest: IngestStore;
  journal: JournalStore;
  delivery: DeliveryStore;
  monitor: MonitorStore;
  adapterCursors: AdapterCursorStore;
  start(): Promise<void>;
  close(): Promise<void>;
  /**
   * True when `error`, thrown by one of these stores, means the store cannot be used right now
   * (StoreUnavailableError, or the implementation's own errors of that kind): answered 503, not 500.
   */
  isUnavailable?(error: unknown): boolean;
}
