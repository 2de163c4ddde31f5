/**
 * PostgreSQL implementation of the AdapterCursorStore (migration 400_adapter_cursors.sql), shared
 * by every gateway process: a compare-and-set on the revision keeps two pollers from both moving it.
 */
import type { AdapterCursorStore, PullPosition } from '../port.ts';
import { releaseLease, takeLease } from './lease.ts';
import type { PgPool } from './pool.ts';

/** The polling leases: one gateway process polls a system at a time. */
const LEASES = { table: 'adapter_poll_leases', key: 'system_id' };

type Row = { system_id: string; cursor: string | null; revision: number; polled_at_ms: string | null; last_error: string | null };

function positionOf(row: Row | undefined): PullPosition {
  if (!row) return { cursor: null, revision: 0, polledAtMs: null, lastError: null };
  return {
    cursor: row.cursor,
    revision: row.revision,
    polledAtMs: row.polled_at_ms === null ? null : Number(row.polled_at_ms),
    lastError: row.last_error,
  };
}

/** Pull cursors over a pool whose schema is migrated. */
export class PgAdapterCursorStore implements AdapterCursorStore {
  constructor(private readonly pool: () => PgPool) {}

  async position(systemId: string): Promise<PullPosition> {
    const { rows } = await this.pool().query<Row>('SELECT * FROM adapter_cursors WHERE system_id = $1', [systemId]);
    return positionOf(rows[0]);
  }

  async advance(systemId: string, revision: number, cursor: string, atMs: number): Promise<boolean> {
    // Revision 0 means "no cursor stored yet": the row is absent, or exists only with a recorded failure.
    const { rowCount } = await this.pool().query(
      revision === 0
        ? `INSERT INTO adapter_cursors (system_id, cursor, revision, polled_at_ms, last_error) VALUES ($1, $2, 1, $3, NULL)
           ON CONFLICT (system_id) DO UPDATE SET cursor = excluded.cursor, revision = 1, polled_at_ms = excluded.polled_at_ms, last_error = NULL
           WHERE adapter_cursors.revision = 0`
        : `UPDATE adapter_cursors SET cursor = $2, revision = revision + 1, polled_at_ms = $3, last_error = NULL
           WHERE system_id = $1 AND revision = $4`,
      revision === 0 ? [systemId, cursor, atMs] : [systemId, cursor, atMs, revision],
    );
    return rowCount === 1;
  }

  async recordFailure(systemId: string, error: string, atMs: number): Promise<void> {
    await this.pool().query(
      `INSERT INTO adapter_cursors (system_id, cursor, revision, polled_at_ms, last_error) VALUES ($1, NULL, 0, $2, $3)
       ON CONFLICT (system_id) DO UPDATE SET polled_at_ms = excluded.polled_at_ms, last_error = excluded.last_error`,
      [systemId, atMs, error.slice(0, 2000)],
    );
  }

  async positions(): Promise<({ systemId: string } & PullPosition)[]> {
    const { rows } = await this.pool().query<Row>('SELECT * FROM adapter_cursors ORDER BY system_id');
    return rows.map((row) => ({ systemId: row.system_id, ...positionOf(row) }));
  }

  async leasePolling(systemId: string, holder: string, ttlMs: number, nowMs: number): Promise<boolean> {
    return takeLease(this.pool(), LEASES, systemId, holder, ttlMs, nowMs);
  }

  async releasePolling(systemId: string, holder: string): Promise<void> {
    await releaseLease(this.pool(), LEASES, systemId, holder);
  }
}
