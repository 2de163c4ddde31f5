/**
 * PostgreSQL implementation of the NonceStore (migration 009_request_nonces.sql), shared by every
 * gateway process: the primary key (system, nonce) makes "remember" one atomic upsert.
 */
import type { NonceStore } from '../port.ts';
import type { PgPool } from './pool.ts';

/** How often (at most) a process purges expired nonces while remembering new ones. */
const PURGE_EVERY_MS = 60_000;

/** Request nonces over a pool whose schema is migrated. */
export class PgNonceStore implements NonceStore {
  private purgedAtMs = 0;

  constructor(private readonly pool: () => PgPool) {}

  async remember(systemId: string, nonce: string, expiresAtMs: number, nowMs: number): Promise<boolean> {
    // An expired row may be taken over: its signature can no longer be accepted, so this is no replay.
    const { rowCount } = await this.pool().query(
      `INSERT INTO request_nonces (system_id, nonce, expires_at_ms) VALUES ($1, $2, $3)
       ON CONFLICT (system_id, nonce) DO UPDATE SET expires_at_ms = excluded.expires_at_ms
       WHERE request_nonces.expires_at_ms <= $4`,
      [systemId, nonce, expiresAtMs, nowMs],
    );
    if (nowMs - this.purgedAtMs >= PURGE_EVERY_MS) {
      this.purgedAtMs = nowMs;
      await this.purge(nowMs);
    }
    return rowCount === 1;
  }

  async purge(nowMs: number): Promise<number> {
    const { rowCount } = await this.pool().query('DELETE FROM request_nonces WHERE expires_at_ms <= $1', [nowMs]);
    return rowCount ?? 0;
  }
}
