/**
 * SQLite implementation of the AdapterCursorStore: one row per pulled system with the cursor of its
 * feed, a revision for compare-and-set, and the outcome of the last poll.
 */
import type { AdapterCursorStore, PullPosition } from '../port.ts';
import { type Migration, type SqliteDb, statement } from './database.ts';
import { releaseLease, takeLease } from './lease.ts';

/** The polling leases: one gateway process polls a system at a time. */
const LEASES = { table: 'adapter_poll_leases', key: 'system_id' };

/** Tables of the adapter-cursor concern (migrations 400–499). */
export const adapterCursorMigrations: Migration[] = [
  {
    id: 'adapter-cursors/400-pull-cursors',
    sql: `
      CREATE TABLE adapter_cursors (
        system_id TEXT PRIMARY KEY,
        cursor TEXT,
        revision INTEGER NOT NULL,
        polled_at_ms INTEGER,
        last_error TEXT
      );`,
  },
  {
    id: 'adapter-cursors/401-poll-leases',
    sql: `
      CREATE TABLE adapter_poll_leases (
        system_id TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        expires_at_ms INTEGER NOT NULL
      );`,
  },
];

type Row = { system_id: string; cursor: string | null; revision: number; polled_at_ms: number | null; last_error: string | null };

function positionOf(row: Row | undefined): PullPosition {
  if (!row) return { cursor: null, revision: 0, polledAtMs: null, lastError: null };
  return { cursor: row.cursor, revision: row.revision, polledAtMs: row.polled_at_ms, lastError: row.last_error };
}

/** Pull cursors over a SQLite connection opened (and migrated) by the caller. */
export class SqliteAdapterCursorStore implements AdapterCursorStore {
  constructor(private readonly db: () => SqliteDb) {}

  async position(systemId: string): Promise<PullPosition> {
    return positionOf(statement(this.db(), 'SELECT * FROM adapter_cursors WHERE system_id = ?').get(systemId) as Row | undefined);
  }

  async advance(systemId: string, revision: number, cursor: string, atMs: number): Promise<boolean> {
    const db = this.db();
    // Revision 0 means "no cursor stored yet": the row is absent, or exists only with a recorded failure.
    const result =
      revision === 0
        ? statement(
            db,
            `INSERT INTO adapter_cursors (system_id, cursor, revision, polled_at_ms, last_error) VALUES (?, ?, 1, ?, NULL)
               ON CONFLICT (system_id) DO UPDATE SET cursor = excluded.cursor, revision = 1, polled_at_ms = excluded.polled_at_ms, last_error = NULL
               WHERE adapter_cursors.revision = 0`,
          ).run(systemId, cursor, atMs)
        : statement(
            db,
            'UPDATE adapter_cursors SET cursor = ?, revision = revision + 1, polled_at_ms = ?, last_error = NULL WHERE system_id = ? AND revision = ?',
          ).run(cursor, atMs, systemId, revision);
    return result.changes === 1;
  }

  async recordFailure(systemId: string, error: string, atMs: number): Promise<void> {
    statement(
      this.db(),
      `INSERT INTO adapter_cursors (system_id, cursor, revision, polled_at_ms, last_error) VALUES (?, NULL, 0, ?, ?)
         ON CONFLICT (system_id) DO UPDATE SET polled_at_ms = excluded.polled_at_ms, last_error = excluded.last_error`,
    ).run(systemId, atMs, error.slice(0, 2000));
  }

  async positions(): Promise<({ systemId: string } & PullPosition)[]> {
    const rows = statement(this.db(), 'SELECT * FROM adapter_cursors ORDER BY system_id').all() as Row[];
    return rows.map((row) => ({ systemId: row.system_id, ...positionOf(row) }));
  }

  async leasePolling(systemId: string, holder: string, ttlMs: number, nowMs: number): Promise<boolean> {
    return takeLease(this.db(), LEASES, systemId, holder, ttlMs, nowMs);
  }

  async releasePolling(systemId: string, holder: string): Promise<void> {
    releaseLease(this.db(), LEASES, systemId, holder);
  }
}
