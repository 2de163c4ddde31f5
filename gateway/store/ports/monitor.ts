/** The monitor store port: rejections and the accepted-record index (sync health, reconciliation). */

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
