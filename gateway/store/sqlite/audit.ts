/**
 * SQLite implementation of the AuditStore: the hash-chained audit log in the state store file.
 * An append reads the head and writes the entry and the new head in one immediate transaction,
 * and resolves once the WAL holding it is on disk, like receipts and journal entries.
 */
import { chainEntry, concernedSystems, GENESIS_HASH, storedEvent, verifyChain } from '../../audit/index.ts';
import type { AuditEntry, AuditEvent, AuditFilter, AuditStore, ChainCheck } from '../port.ts';
import { type Migration, type SqliteDb, statement } from './database.ts';

/** Tables of the audit concern (ids 008, as the PostgreSQL migration). */
export const auditMigrations: Migration[] = [
  {
    id: 'audit/008-audit-log',
    sql: `
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        concerns TEXT NOT NULL,
        event TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_log_action ON audit_log (action, seq);
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE TABLE audit_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL
      );
      INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${GENESIS_HASH}');`,
  },
];

interface AuditRow {
  seq: number;
  at: string;
  event: string;
  prev_hash: string;
  hash: string;
}

/** An entry as stored: the event's JSON text plus its place in the chain. */
function entryOf(r: AuditRow): AuditEntry {
  return { ...(JSON.parse(r.event) as AuditEvent), seq: r.seq, at: r.at, prevHash: r.prev_hash, hash: r.hash };
}

/** The audit log over a SQLite connection opened (and migrated) by the caller. */
export class SqliteAuditStore implements AuditStore {
  constructor(
    private readonly db: () => SqliteDb,
    private readonly durable: () => Promise<void>,
  ) {}

  async append(event: AuditEvent): Promise<AuditEntry> {
    const db = this.db();
    const stored = storedEvent(event);
    const entry = db
      .transaction(() => {
        const head = statement(db, 'SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string };
        const next = chainEntry(stored, head.seq + 1, new Date().toISOString(), head.hash);
        statement(db, 'INSERT INTO audit_log (seq, at, action, concerns, event, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
          next.seq,
          next.at,
          next.action,
          JSON.stringify(concernedSystems(stored)),
          JSON.stringify(stored),
          next.prevHash,
          next.hash,
        );
        statement(db, 'UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1').run(next.seq, next.hash);
        return next;
      })
      .immediate();
    await this.durable();
    return entry;
  }

  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    const rows = statement(
      this.db(),
      `SELECT seq, at, event, prev_hash, hash FROM audit_log
         WHERE seq > @after AND (@action IS NULL OR action = @action)
           AND (@since IS NULL OR at >= @since) AND (@until IS NULL OR at < @until)
           AND (@system IS NULL OR EXISTS (SELECT 1 FROM json_each(audit_log.concerns) WHERE value = @system))
         ORDER BY seq LIMIT @limit`,
    ).all({
      after: filter.after ?? 0,
      action: filter.action ?? null,
      since: filter.since ?? null,
      until: filter.until ?? null,
      system: filter.systemId ?? null,
      limit: filter.limit,
    }) as AuditRow[];
    return rows.map(entryOf);
  }

  async verify(): Promise<ChainCheck> {
    const head = statement(this.db(), 'SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string };
    return verifyChain((after, limit) => this.list({ after, limit }), head);
  }
}
