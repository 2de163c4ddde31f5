/**
 * SQLite implementation of the IngestStore: which system owns each record id, which versions were
 * claimed with which content, their receipts, and the results of batches by Idempotency-Key.
 */
import type { ClaimRequest, ClaimResult, IngestStore, PublicJwk, Receipt, TransferRequest } from '../port.ts';
import { type Migration, type SqliteDb, statement } from './database.ts';

/** Tables of the ingest concern. */
export const ingestMigrations: Migration[] = [
  {
    id: 'ingest/001-records-versions-batches',
    sql: `
      CREATE TABLE ingest_records (
        record_id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        max_version INTEGER NOT NULL
      );
      CREATE TABLE ingest_versions (
        record_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        event_id TEXT NOT NULL,
        receipt TEXT,
        claimed_at TEXT NOT NULL,
        PRIMARY KEY (record_id, version)
      );
      CREATE TABLE ingest_batches (
        system_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (system_id, idempotency_key)
      );`,
  },
  {
    id: 'ingest/002-signing-keys',
    sql: `
      CREATE TABLE ingest_signing_keys (
        kid TEXT PRIMARY KEY,
        jwk TEXT NOT NULL,
        published_at TEXT NOT NULL
      );`,
  },
];

/**
 * Process ownership (after the journal's tables, which the backfill reads): the owner of each
 * process, and the transfers applied. Processes accepted before ownership existed are owned by the
 * source of their earliest journal entry.
 */
export const processOwnerMigrations: Migration[] = [
  {
    id: 'ingest/003-process-owners',
    sql: `
      CREATE TABLE process_owners (
        process_key TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        since TEXT NOT NULL
      );
      CREATE TABLE process_owner_transfers (
        transfer_id TEXT PRIMARY KEY,
        from_system TEXT NOT NULL,
        to_system TEXT NOT NULL,
        process_prefix TEXT,
        processes INTEGER NOT NULL,
        applied_at TEXT NOT NULL
      );
      INSERT INTO process_owners (process_key, owner, since)
        SELECT j.process_key, replace(json_extract(j.envelope, '$.source'), '/systems/', ''), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        FROM journal j
        WHERE j.seq = (SELECT min(k.seq) FROM journal k WHERE k.process_key = j.process_key);`,
  },
];

type Queued = { work: (db: SqliteDb) => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void };

const UPSERT_RECORD = `INSERT INTO ingest_records (record_id, owner, max_version) VALUES (?, ?, ?)
  ON CONFLICT (record_id) DO UPDATE SET max_version = MAX(max_version, excluded.max_version)`;

/**
 * The ingest index over a SQLite connection opened (and migrated) by the caller. Claims and
 * confirmations are group-committed: every call arriving in the same turn of the event loop (the
 * records of a batch, concurrent requests) is decided in order inside one transaction.
 */
export class SqliteIngestStore implements IngestStore {
  private queue: Queued[] = [];
  private flushScheduled = false;

  /** `durable`: resolves once everything committed so far is on disk. */
  constructor(
    private readonly db: () => SqliteDb,
    private readonly durable: () => Promise<void> = () => Promise.resolve(),
  ) {}

  async claim(input: ClaimRequest): Promise<ClaimResult> {
    const [result] = await this.claimMany([input]);
    return result!;
  }

  /** One process appends in claim order: a late append of its own cannot overtake anything. */
  holdClaims(_versions: { recordId: string; version: number }[], _until: Promise<void>): void {}

  claimMany(inputs: ClaimRequest[]): Promise<ClaimResult[]> {
    return this.grouped((db) => inputs.map((input) => claimOne(db, input)));
  }

  async confirm(receipt: Receipt): Promise<Receipt | null> {
    const [stored] = await this.confirmMany([receipt]);
    return stored!;
  }

  /** Resolves once the receipts are durable: a receipt handed out survives power loss, as the record in the log does. */
  async confirmMany(receipts: Receipt[]): Promise<(Receipt | null)[]> {
    if (receipts.length === 0) return [];
    const stored = await this.grouped((db) => receipts.map((receipt) => confirmOne(db, receipt)));
    await this.durable();
    return stored;
  }

  async confirmed(versions: { recordId: string; version: number }[]): Promise<boolean[]> {
    const select = statement(this.db(), 'SELECT receipt IS NOT NULL AS confirmed FROM ingest_versions WHERE record_id = ? AND version = ?');
    return versions.map((v) => (select.get(v.recordId, v.version) as { confirmed: number } | undefined)?.confirmed === 1);
  }

  /** Runs `work` in the next group transaction. */
  private grouped<T>(work: (db: SqliteDb) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    let results: unknown[];
    try {
      const db = this.db();
      results = db.transaction(() => batch.map((q) => q.work(db))).immediate();
    } catch (error) {
      // Nothing of this group was committed: every caller sees the failure.
      for (const q of batch) q.reject(error);
      return;
    }
    for (const [i, q] of batch.entries()) q.resolve(results[i]);
  }

  async processOwners(processKeys: string[]): Promise<Map<string, string>> {
    const select = statement(this.db(), 'SELECT owner FROM process_owners WHERE process_key = ?');
    const owners = new Map<string, string>();
    for (const key of new Set(processKeys)) {
      const row = select.get(key) as { owner: string } | undefined;
      if (row) owners.set(key, row.owner);
    }
    return owners;
  }

  async recordOwners(recordIds: string[]): Promise<Map<string, string>> {
    const select = statement(this.db(), 'SELECT owner FROM ingest_records WHERE record_id = ?');
    const owners = new Map<string, string>();
    for (const id of new Set(recordIds)) {
      const row = select.get(id) as { owner: string } | undefined;
      if (row) owners.set(id, row.owner);
    }
    return owners;
  }

  /** In the claims' group transaction: a claim is decided wholly before or wholly after the transfer. */
  transferOwnership(transfer: TransferRequest): Promise<{ applied: boolean; processes: number }> {
    return this.grouped((db) => transferOne(db, transfer));
  }

  async receipt(recordId: string, version: number): Promise<Receipt | null> {
    const row = statement(this.db(), 'SELECT receipt FROM ingest_versions WHERE record_id = ? AND version = ?').get(recordId, version) as
      | { receipt: string | null }
      | undefined;
    return row?.receipt ? (JSON.parse(row.receipt) as Receipt) : null;
  }

  async batchResult(systemId: string, key: string): Promise<{ requestHash: string; status: number; body: string } | null> {
    const row = statement(
      this.db(),
      'SELECT request_hash, status, body FROM ingest_batches WHERE system_id = ? AND idempotency_key = ?',
    ).get(systemId, key) as { request_hash: string; status: number; body: string } | undefined;
    return row ? { requestHash: row.request_hash, status: row.status, body: row.body } : null;
  }

  async saveBatchResult(systemId: string, key: string, value: { requestHash: string; status: number; body: string }): Promise<void> {
    statement(
      this.db(),
      `INSERT INTO ingest_batches (system_id, idempotency_key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (system_id, idempotency_key) DO NOTHING`,
    ).run(systemId, key, value.requestHash, value.status, value.body, new Date().toISOString());
  }

  async publishKey(key: PublicJwk): Promise<void> {
    statement(this.db(), 'INSERT INTO ingest_signing_keys (kid, jwk, published_at) VALUES (?, ?, ?) ON CONFLICT (kid) DO NOTHING').run(
      key.kid,
      JSON.stringify(key),
      new Date().toISOString(),
    );
  }

  async publishedKeys(): Promise<PublicJwk[]> {
    const rows = statement(this.db(), 'SELECT jwk FROM ingest_signing_keys ORDER BY published_at, kid').all() as { jwk: string }[];
    return rows.map((r) => JSON.parse(r.jwk) as PublicJwk);
  }
}

/**
 * Decides one claim inside the caller's transaction: the record id's owner, then the process's
 * owner, then the version. The first claimed record of a process makes its publisher the owner.
 */
function claimOne(db: SqliteDb, input: ClaimRequest): ClaimResult {
  if (input.processKey === undefined) return claimVersion(db, input);
  const recordOwner = statement(db, 'SELECT owner FROM ingest_records WHERE record_id = ?').get(input.recordId) as
    | { owner: string }
    | undefined;
  if (recordOwner && recordOwner.owner !== input.sourceSystem) return { kind: 'foreign', owner: recordOwner.owner };
  const owner = (
    statement(db, 'SELECT owner FROM process_owners WHERE process_key = ?').get(input.processKey) as { owner: string } | undefined
  )?.owner;
  if (owner === undefined && !input.mayOpen) return { kind: 'not_owned', owner: null };
  if (owner !== undefined && !mayWriteInto(input, owner)) return { kind: 'not_owned', owner };
  const result = claimVersion(db, input);
  if (result.kind === 'claimed' && owner === undefined)
    statement(db, 'INSERT INTO process_owners (process_key, owner, since) VALUES (?, ?, ?) ON CONFLICT (process_key) DO NOTHING').run(
      input.processKey,
      input.sourceSystem,
      new Date().toISOString(),
    );
  return result;
}

function mayWriteInto(input: ClaimRequest, owner: string): boolean {
  if (owner === input.sourceSystem) return true;
  const to = input.contributesTo ?? [];
  return to === '*' || to.includes(owner);
}

/** Applies a transfer once (by id): its processes and the record ids `from` published in them. */
function transferOne(db: SqliteDb, t: TransferRequest): { applied: boolean; processes: number } {
  const now = new Date().toISOString();
  const recorded = statement(
    db,
    `INSERT INTO process_owner_transfers (transfer_id, from_system, to_system, process_prefix, processes, applied_at)
     VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT (transfer_id) DO NOTHING`,
  ).run(t.id, t.from, t.to, t.processPrefix ?? null, now);
  if (recorded.changes === 0) return { applied: false, processes: 0 };
  const scope = 'owner = ? AND (? IS NULL OR substr(process_key, 1, length(?)) = ?)';
  const args = [t.from, t.processPrefix ?? null, t.processPrefix ?? null, t.processPrefix ?? null];
  statement(
    db,
    `UPDATE ingest_records SET owner = ? WHERE owner = ? AND record_id IN (
       SELECT DISTINCT j.record_id FROM journal j WHERE j.process_key IN (SELECT process_key FROM process_owners WHERE ${scope}))`,
  ).run(t.to, t.from, ...args);
  const moved = statement(db, `UPDATE process_owners SET owner = ?, since = ? WHERE ${scope}`).run(t.to, now, ...args);
  statement(db, 'UPDATE process_owner_transfers SET processes = ? WHERE transfer_id = ?').run(moved.changes, t.id);
  return { applied: true, processes: moved.changes };
}

/** Decides the version part of a claim inside the caller's transaction. */
function claimVersion(db: SqliteDb, input: ClaimRequest): ClaimResult {
  // The common case, a record id never seen: it owns nothing yet, so nothing can conflict.
  const created = statement(
    db,
    'INSERT INTO ingest_records (record_id, owner, max_version) VALUES (?, ?, ?) ON CONFLICT (record_id) DO NOTHING',
  ).run(input.recordId, input.sourceSystem, input.version);
  if (created.changes === 1) {
    insertVersion(db, input);
    return { kind: 'claimed' };
  }
  const record = statement(db, 'SELECT owner, max_version FROM ingest_records WHERE record_id = ?').get(input.recordId) as
    | { owner: string; max_version: number }
    | undefined;
  if (record && record.owner !== input.sourceSystem) return { kind: 'foreign', owner: record.owner };
  const existing = statement(db, 'SELECT content_hash, receipt FROM ingest_versions WHERE record_id = ? AND version = ?').get(
    input.recordId,
    input.version,
  ) as { content_hash: string; receipt: string | null } | undefined;
  if (existing) {
    if (existing.content_hash !== input.contentHash) return { kind: 'conflict', existingHash: existing.content_hash };
    if (existing.receipt) return { kind: 'duplicate', receipt: JSON.parse(existing.receipt) as Receipt };
    // Never confirmed, and a newer version was accepted since: appending it now would put it after
    // the newer one in the log (the same answer as the PostgreSQL store).
    if (record && input.version < record.max_version) return { kind: 'stale', currentVersion: record.max_version };
    // Same content claimed before but never confirmed (the earlier attempt failed): append again.
    return { kind: 'claimed' };
  }
  if (record && input.version < record.max_version) return { kind: 'stale', currentVersion: record.max_version };
  statement(db, UPSERT_RECORD).run(input.recordId, input.sourceSystem, input.version);
  insertVersion(db, input);
  return { kind: 'claimed' };
}

function insertVersion(db: SqliteDb, input: ClaimRequest): void {
  statement(db, 'INSERT INTO ingest_versions (record_id, version, content_hash, event_id, claimed_at) VALUES (?, ?, ?, ?, ?)').run(
    input.recordId,
    input.version,
    input.contentHash,
    input.eventId,
    new Date().toISOString(),
  );
}

/**
 * Stores one receipt inside the caller's transaction and answers the receipt now stored for its
 * version; the projector may confirm a version whose claim was lost, so both rows are (re)created.
 */
function confirmOne(db: SqliteDb, receipt: Receipt): Receipt | null {
  const json = JSON.stringify(receipt);
  // The common case, the version's own claim still waiting for its receipt: one update (a claim
  // row always comes with its record row, whose max_version already counts this version).
  const updated = statement(
    db,
    'UPDATE ingest_versions SET receipt = ? WHERE record_id = ? AND version = ? AND receipt IS NULL AND content_hash = ?',
  ).run(json, receipt.recordId, receipt.version, receipt.contentHash);
  if (updated.changes === 1) return receipt;
  statement(db, UPSERT_RECORD).run(receipt.recordId, receipt.sourceSystem, receipt.version);
  statement(
    db,
    `INSERT INTO ingest_versions (record_id, version, content_hash, event_id, receipt, claimed_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (record_id, version) DO UPDATE SET receipt = excluded.receipt
     WHERE ingest_versions.receipt IS NULL AND ingest_versions.content_hash = excluded.content_hash`,
  ).run(receipt.recordId, receipt.version, receipt.contentHash, receipt.eventId, json, receipt.acceptedAt);
  const stored = statement(db, 'SELECT receipt FROM ingest_versions WHERE record_id = ? AND version = ?').get(
    receipt.recordId,
    receipt.version,
  ) as { receipt: string | null } | undefined;
  if (!stored?.receipt) return null;
  return stored.receipt === json ? receipt : (JSON.parse(stored.receipt) as Receipt);
}
