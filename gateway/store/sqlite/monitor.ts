/**
 * SQLite implementation of the MonitorStore: refused records and the index of accepted versions
 * by source system and accepting day (Asia/Shanghai), which the monitor derives from the journal.
 */
import type { AcceptedRecord, MonitorStore, RejectionRecord } from '../port.ts';
import { type Migration, type SqliteDb, statement } from './database.ts';

/** Tables of the monitor concern (ids 300–399). */
export const monitorMigrations: Migration[] = [
  {
    id: 'monitor/300-accepted-rejections',
    sql: `
      CREATE TABLE monitor_accepted (
        seq INTEGER PRIMARY KEY,
        system_id TEXT NOT NULL,
        record_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        day TEXT NOT NULL
      );
      CREATE INDEX monitor_accepted_system_at ON monitor_accepted (system_id, at_ms);
      CREATE INDEX monitor_accepted_day ON monitor_accepted (day, system_id);
      CREATE INDEX monitor_accepted_at ON monitor_accepted (at_ms);
      CREATE TABLE monitor_rejections (
        n INTEGER PRIMARY KEY AUTOINCREMENT,
        system_id TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        code TEXT NOT NULL,
        record_type TEXT,
        record_id TEXT,
        version INTEGER
      );
      CREATE INDEX monitor_rejections_system_at ON monitor_rejections (system_id, at_ms);
      CREATE INDEX monitor_rejections_at ON monitor_rejections (at_ms);`,
  },
  {
    id: 'monitor/301-shared-secrets',
    sql: `
      CREATE TABLE monitor_secrets (
        name TEXT PRIMARY KEY,
        secret TEXT NOT NULL
      );`,
  },
];

type AcceptedRow = { seq: number; system_id: string; record_id: string; version: number; content_hash: string; at_ms: number; day: string };

function acceptedOf(r: AcceptedRow): AcceptedRecord {
  return {
    seq: r.seq,
    systemId: r.system_id,
    recordId: r.record_id,
    version: r.version,
    contentHash: r.content_hash,
    atMs: r.at_ms,
    day: r.day,
  };
}

/** The monitor store over a SQLite connection opened (and migrated) by the caller. */
export class SqliteMonitorStore implements MonitorStore {
  constructor(private readonly db: () => SqliteDb) {}

  async recordRejections(rejections: RejectionRecord[]): Promise<void> {
    if (rejections.length === 0) return;
    const db = this.db();
    const insert = statement(
      db,
      'INSERT INTO monitor_rejections (system_id, at_ms, code, record_type, record_id, version) VALUES (?, ?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (const r of rejections) insert.run(r.systemId, r.atMs, r.code, r.recordType, r.recordId, r.version);
    })();
  }

  async indexAccepted(records: AcceptedRecord[]): Promise<void> {
    if (records.length === 0) return;
    const db = this.db();
    const insert = statement(
      db,
      `INSERT INTO monitor_accepted (seq, system_id, record_id, version, content_hash, at_ms, day)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (seq) DO NOTHING`,
    );
    db.transaction(() => {
      for (const r of records) insert.run(r.seq, r.systemId, r.recordId, r.version, r.contentHash, r.atMs, r.day);
    })();
  }

  async indexedSeq(): Promise<number> {
    const row = statement(this.db(), 'SELECT MAX(seq) AS seq FROM monitor_accepted').get() as { seq: number | null };
    return row.seq ?? 0;
  }

  async lastActivity(): Promise<{ systemId: string; lastAcceptedMs: number | null; lastRejectedMs: number | null }[]> {
    const rows = statement(
      this.db(),
      `SELECT system_id, MAX(accepted) AS accepted, MAX(rejected) AS rejected FROM (
           SELECT system_id, MAX(at_ms) AS accepted, NULL AS rejected FROM monitor_accepted GROUP BY system_id
           UNION ALL
           SELECT system_id, NULL, MAX(at_ms) FROM monitor_rejections GROUP BY system_id
         ) GROUP BY system_id ORDER BY system_id`,
    ).all() as { system_id: string; accepted: number | null; rejected: number | null }[];
    return rows.map((r) => ({ systemId: r.system_id, lastAcceptedMs: r.accepted, lastRejectedMs: r.rejected }));
  }

  async counts(sinceMs: number): Promise<{ systemId: string; accepted: number; rejected: number }[]> {
    const rows = statement(
      this.db(),
      `SELECT system_id, SUM(accepted) AS accepted, SUM(rejected) AS rejected FROM (
           SELECT system_id, COUNT(*) AS accepted, 0 AS rejected FROM monitor_accepted WHERE at_ms >= ? GROUP BY system_id
           UNION ALL
           SELECT system_id, 0, COUNT(*) FROM monitor_rejections WHERE at_ms >= ? GROUP BY system_id
         ) GROUP BY system_id ORDER BY system_id`,
    ).all(sinceMs, sinceMs) as { system_id: string; accepted: number; rejected: number }[];
    return rows.map((r) => ({ systemId: r.system_id, accepted: r.accepted, rejected: r.rejected }));
  }

  async buckets(
    sinceMs: number,
    bucketMs: number,
  ): Promise<{ systemId: string; bucketStartMs: number; accepted: number; rejected: number }[]> {
    const rows = statement(
      this.db(),
      `SELECT system_id, bucket, SUM(accepted) AS accepted, SUM(rejected) AS rejected FROM (
           SELECT system_id, (at_ms / CAST(@bucket AS INTEGER)) * CAST(@bucket AS INTEGER) AS bucket, COUNT(*) AS accepted, 0 AS rejected
             FROM monitor_accepted WHERE at_ms >= @since GROUP BY system_id, bucket
           UNION ALL
           SELECT system_id, (at_ms / CAST(@bucket AS INTEGER)) * CAST(@bucket AS INTEGER) AS bucket, 0, COUNT(*)
             FROM monitor_rejections WHERE at_ms >= @since GROUP BY system_id, bucket
         ) GROUP BY system_id, bucket ORDER BY system_id, bucket`,
    ).all({ bucket: bucketMs, since: sinceMs }) as { system_id: string; bucket: number; accepted: number; rejected: number }[];
    return rows.map((r) => ({ systemId: r.system_id, bucketStartMs: r.bucket, accepted: r.accepted, rejected: r.rejected }));
  }

  async rejectionCodes(sinceMs: number): Promise<{ systemId: string; code: string; count: number }[]> {
    const rows = statement(
      this.db(),
      `SELECT system_id, code, COUNT(*) AS count FROM monitor_rejections WHERE at_ms >= ?
         GROUP BY system_id, code ORDER BY system_id, count DESC, code`,
    ).all(sinceMs) as { system_id: string; code: string; count: number }[];
    return rows.map((r) => ({ systemId: r.system_id, code: r.code, count: r.count }));
  }

  async acceptedOn(systemId: string | null, day: string): Promise<AcceptedRecord[]> {
    const db = this.db();
    const rows =
      systemId === null
        ? statement(db, 'SELECT * FROM monitor_accepted WHERE day = ? ORDER BY seq').all(day)
        : statement(db, 'SELECT * FROM monitor_accepted WHERE day = ? AND system_id = ? ORDER BY seq').all(day, systemId);
    return (rows as AcceptedRow[]).map(acceptedOf);
  }

  async pruneRejections(beforeMs: number): Promise<number> {
    return statement(this.db(), 'DELETE FROM monitor_rejections WHERE at_ms < ?').run(beforeMs).changes;
  }

  async sharedSecret(name: string, candidate: string): Promise<string> {
    const db = this.db();
    statement(db, 'INSERT INTO monitor_secrets (name, secret) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(name, candidate);
    return (statement(db, 'SELECT secret FROM monitor_secrets WHERE name = ?').get(name) as { secret: string }).secret;
  }
}
