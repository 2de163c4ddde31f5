/**
 * SQLite implementation of the IngestStore: which system owns each record id, which versions were
 * claimed with which content, their receipts, and the results of batches by Idempotency-Key.
 */
import type { ClaimResult, IngestStore, Receipt } from '../port.ts';
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
];

/** The ingest index over a SQLite connection opened (and migrated) by the caller. */
export class SqliteIngestStore implements IngestStore {
  constructor(private readonly db: () => SqliteDb) {}

  async claim(input: { recordId: string; version: number; contentHash: string; eventId: string; sourceSystem: string }): Promise<ClaimResult> {
    const db = this.db();
    return db
      .transaction((): ClaimResult => {
        const record = statement(db, 'SELECT owner, max_version FROM ingest_records WHERE record_id = ?').get(input.recordId) as
          | { owner: string; max_version: number }
          | undefined;
        if (record && record.owner !== input.sourceSystem) return { kind: 'foreign', owner: record.owner };
        const existing = statement(db, 'SELECT content_hash, receipt FROM ingest_versions WHERE record_id = ? AND version = ?').get(input.recordId, input.version) as
          | { content_hash: string; receipt: string | null }
          | undefined;
        if (existing) {
          if (existing.content_hash !== input.contentHash) return { kind: 'conflict', existingHash: existing.content_hash };
          // Same content: either accepted before (hand back its receipt) or a claim that crashed before its receipt.
          return existing.receipt ? { kind: 'duplicate', receipt: JSON.parse(existing.receipt) as Receipt } : { kind: 'claimed' };
        }
        if (record && input.version < record.max_version) return { kind: 'stale', currentVersion: record.max_version };
        statement(db, 
          `INSERT INTO ingest_records (record_id, owner, max_version) VALUES (?, ?, ?)
           ON CONFLICT (record_id) DO UPDATE SET max_version = MAX(max_version, excluded.max_version)`,
        ).run(input.recordId, input.sourceSystem, input.version);
        statement(db, 'INSERT INTO ingest_versions (record_id, version, content_hash, event_id, claimed_at) VALUES (?, ?, ?, ?, ?)').run(
          input.recordId,
          input.version,
          input.contentHash,
          input.eventId,
          new Date().toISOString(),
        );
        return { kind: 'claimed' };
      })
      .immediate();
  }

  async confirm(receipt: Receipt): Promise<void> {
    const db = this.db();
    db.transaction(() => {
      // The projector may confirm a version whose claim was lost: recreate owner and version rows.
      statement(db, 
        `INSERT INTO ingest_records (record_id, owner, max_version) VALUES (?, ?, ?)
         ON CONFLICT (record_id) DO UPDATE SET max_version = MAX(max_version, excluded.max_version)`,
      ).run(receipt.recordId, receipt.sourceSystem, receipt.version);
      statement(db, 
        `INSERT INTO ingest_versions (record_id, version, content_hash, event_id, receipt, claimed_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (record_id, version) DO UPDATE SET receipt = excluded.receipt
         WHERE ingest_versions.receipt IS NULL AND ingest_versions.content_hash = excluded.content_hash`,
      ).run(receipt.recordId, receipt.version, receipt.contentHash, receipt.eventId, JSON.stringify(receipt), receipt.acceptedAt);
    }).immediate();
  }

  async receipt(recordId: string, version: number): Promise<Receipt | null> {
    const row = statement(this.db(), 'SELECT receipt FROM ingest_versions WHERE record_id = ? AND version = ?').get(recordId, version) as
      | { receipt: string | null }
      | undefined;
    return row?.receipt ? (JSON.parse(row.receipt) as Receipt) : null;
  }

  async batchResult(systemId: string, key: string): Promise<{ requestHash: string; status: number; body: string } | null> {
    const row = statement(this.db(), 'SELECT request_hash, status, body FROM ingest_batches WHERE system_id = ? AND idempotency_key = ?')
      .get(systemId, key) as { request_hash: string; status: number; body: string } | undefined;
    return row ? { requestHash: row.request_hash, status: row.status, body: row.body } : null;
  }

  async saveBatchResult(systemId: string, key: string, value: { requestHash: string; status: number; body: string }): Promise<void> {
    statement(this.db(), 
        `INSERT INTO ingest_batches (system_id, idempotency_key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (system_id, idempotency_key) DO NOTHING`,
      )
      .run(systemId, key, value.requestHash, value.status, value.body, new Date().toISOString());
  }
}
