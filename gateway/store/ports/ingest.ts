/** The ingest store port: idempotency, version claims, receipts, signing keys. */

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
  | { kind: 'foreign'; owner: string }
  /**
   * The process belongs to another system and the request may not contribute to its processes,
   * or it has no owner yet and the request may not open it (`owner` null).
   */
  | { kind: 'not_owned'; owner: string | null };

/** A record version to claim. */
export interface ClaimRequest {
  recordId: string;
  version: number;
  contentHash: string;
  eventId: string;
  sourceSystem: string;
  /**
   * The process (ocid or transaction id) the record belongs to; with it the claim also decides
   * ownership, atomically with the version: absent, ownership is not checked (tools, old callers).
   */
  processKey?: string;
  /** The publisher may open the process (become its owner) when it has no owner yet. */
  mayOpen?: boolean;
  /** Owners whose processes the publisher may add this record to besides its own; '*' for any. */
  contributesTo?: '*' | string[];
}

/** A process ownership transfer to apply (registry `transfers`). */
export interface TransferRequest {
  /** Applied once per store: a transfer id seen before is not applied again. */
  id: string;
  from: string;
  to: string;
  /** Only processes whose key starts with it; absent: every process of `from`. */
  processPrefix?: string;
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
  /** The owner of each process that has one (processes opened since ownership exists, or backfilled). */
  processOwners(processKeys: string[]): Promise<Map<string, string>>;
  /** The system each record id belongs to (its first publisher), for those known. */
  recordOwners(recordIds: string[]): Promise<Map<string, string>>;
  /**
   * Hands the processes `from` owns (under the prefix) to `to`, with the record ids `from` published
   * in them, unless a transfer with this id was applied before: `applied` is true only for the call
   * that applied it (once, even with several gateway processes applying it at the same time).
   */
  transferOwnership(transfer: TransferRequest): Promise<{ applied: boolean; processes: number }>;
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
