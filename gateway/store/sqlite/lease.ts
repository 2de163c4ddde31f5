/**
 * Leases held in a table of (key, holder, expires_at_ms): one holder at a time, taken over once
 * expired, renewed by its holder. The pull scheduler's polling leases and the publication's bulk
 * builds use it.
 */
import { type SqliteDb, statement } from './database.ts';

/** A lease table and its key column (names from code, never from input). */
export interface LeaseTable {
  table: string;
  key: string;
}

/** Takes or renews the lease `id` for `holder` until `nowMs + ttlMs`; false while another holds it. */
export function takeLease(db: SqliteDb, t: LeaseTable, id: string, holder: string, ttlMs: number, nowMs: number): boolean {
  const result = statement(
    db,
    `INSERT INTO ${t.table} (${t.key}, holder, expires_at_ms) VALUES (?, ?, ?)
     ON CONFLICT (${t.key}) DO UPDATE SET holder = excluded.holder, expires_at_ms = excluded.expires_at_ms
     WHERE ${t.table}.holder = excluded.holder OR ${t.table}.expires_at_ms <= ?`,
  ).run(id, holder, nowMs + ttlMs, nowMs);
  return result.changes === 1;
}

/** Gives the lease `id` up, if `holder` has it. */
export function releaseLease(db: SqliteDb, t: LeaseTable, id: string, holder: string): void {
  statement(db, `DELETE FROM ${t.table} WHERE ${t.key} = ? AND holder = ?`).run(id, holder);
}
