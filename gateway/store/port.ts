/**
 * The state store port: everything the gateway remembers besides the log itself.
 * Embedded: SQLite (gateway/store/sqlite/). Distributed: PostgreSQL (gateway/store/postgres/).
 * Split by concern; each concern has one behavioural suite in test/ports/ run against both.
 */
import type { EventEnvelope } from '../core/envelope.ts';
import type { StandardRecord } from '../core/records.ts';

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
  /** Compact JWS (EdDSA) over the fields above. */
  signature: string;
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

/** Idempotency and version index. A claim is made before the append, confirmed with the receipt after it. */
export interface IngestStore {
  claim(input: { recordId: string; version: number; contentHash: string; eventId: string; sourceSystem: string }): Promise<ClaimResult>;
  /** Stores the receipt of a claimed version once it is durably in the log. Idempotent. */
  confirm(receipt: Receipt): Promise<void>;
  /** The receipt of a version, if one was issued. */
  receipt(recordId: string, version: number): Promise<Receipt | null>;
  /** A batch's results stored under its Idempotency-Key, scoped by system. */
  batchResult(systemId: string, key: string): Promise<{ requestHash: string; status: number; body: string } | null>;
  saveBatchResult(systemId: string, key: string, value: { requestHash: string; status: number; body: string }): Promise<void>;
}

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
  /** Appends events not seen before (by event id), in the given order; returns those that were new. */
  project(events: { logPosition: string; envelope: EventEnvelope }[]): Promise<JournalEntry[]>;
  /** Entries with seq > after, at most limit, ascending. */
  readJournal(after: number, limit: number): Promise<JournalEntry[]>;
  /** The highest seq written so far (0 when empty). */
  journalHead(): Promise<number>;
  /** Every version of a record, ascending by version. */
  recordVersions(recordId: string): Promise<JournalEntry[]>;
  /** The current (highest) version of each record in a process (ocid or transaction id), ascending by date then id. */
  processRecords(processKey: string): Promise<StandardRecord[]>;
}
