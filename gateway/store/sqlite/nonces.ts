/**
 * SQLite implementation of the NonceStore: one row per (system, nonce) until it expires. The
 * embedded deployment is one process, but the nonces survive its restart within the window.
 */
import type { NonceStore } from '../port.ts';
import { type Migration, type SqliteDb, statement } from './database.ts';

/** Tables of the nonce concern (migration 009, as on PostgreSQL). */
export const nonceMigrations: Migration[] = [
  {
    id: 'nonces/009-request-nonces',
    sql: `
      CREATE TABLE request_nonces (
        system_id TEXT NOT NULL,
        nonce TEXT NOT NULL,
        expires_at_ms INTEGER NOT NULL,
        PRIMARY KEY (system_id, nonce)
      );
      CREATE INDEX request_nonces_expiry ON request_nonces (expires_at_ms);`,
  },
];

/** How often (at most) expired nonces are purged while remembering new ones. */
const PURGE_EVERY_MS = 60_000;

/** Request nonces over a SQLite connection opened (and migrated) by the caller. */
export class SqliteNonceStore implements NonceStore {
  private purgedAtMs = 0;

  constructor(private readonly db: () => SqliteDb) {}

  async remember(systemId: string, nonce: string, expiresAtMs: number, nowMs: number): Promise<boolean> {
    if (nowMs - this.purgedAtMs >= PURGE_EVERY_MS) {
      this.purgedAtMs = nowMs;
      await this.purge(nowMs);
    }
    // An expired row may be taken over: its signature can no longer be accepted, so this is no replay.
    const result = statement(
      this.db(),
      `INSERT INTO request_nonces (system_id, nonce, expires_at_ms) VALUES (?, ?, ?)
       ON CONFLICT (system_id, nonce) DO UPDATE SET expires_at_ms = excluded.expires_at_ms
       WHERE request_nonces.expires_at_ms <= ?`,
    ).run(systemId, nonce, expiresAtMs, nowMs);
    return result.changes === 1;
  }

  async purge(nowMs: number): Promise<number> {
    return statement(this.db(), 'DELETE FROM request_nonces WHERE expires_at_ms <= ?').run(nowMs).changes;
  }
}
