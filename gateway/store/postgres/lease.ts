/**
 * Leases held in a table of (key, holder, expires_at_ms): one holder at a time, taken over once
 * expired, renewed by its holder. The pull scheduler's polling leases and the publication's bulk
 * builds use it; the insert is one statement, so two processes cannot both take a lease.
 */
import type { PgPool } from './pool.ts';

/** A lease table and its key column (names from code, never from input). */
export interface LeaseTable {
  table: string;
  key: string;
}

/** Takes or renews the lease `id` for `holder` until `nowMs + ttlMs`; false while another holds it. */
export async function takeLease(pool: PgPool, t: LeaseTable, id: string, holder: string, ttlMs: number, nowMs: number): Promise<boolean> {
  const { rowCount } = await pool.query(
    `INSERT INTO ${t.table} (${t.key}, holder, expires_at_ms) VALUES ($1, $2, $3)
     ON CONFLICT (${t.key}) DO UPDATE SET holder = excluded.holder, expires_at_ms = excluded.expires_at_ms
     WHERE ${t.table}.holder = excluded.holder OR ${t.table}.expires_at_ms <= $4`,
    [id, holder, nowMs + ttlMs, nowMs],
  );
  return rowCount === 1;
}

/** Gives the lease `id` up, if `holder` has it. */
export async function releaseLease(pool: PgPool, t: LeaseTable, id: string, holder: string): Promise<void> {
  await pool.query(`DELETE FROM ${t.table} WHERE ${t.key} = $1 AND holder = $2`, [id, holder]);
}
