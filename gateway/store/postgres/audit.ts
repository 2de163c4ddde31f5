/**
 * PostgreSQL implementation of the AuditStore, shared by every gateway process. An append locks
 * the head row (`SELECT … FOR UPDATE`), so concurrent appends from any process take turns: each
 * reads the hash the previous one wrote, and no two entries share a `prevHash`. The time comes
 * from the database, one clock for every process, so `at` follows `seq`.
 */
import { chainEntry, concernedSystems, storedEvent, verifyChain } from '../../audit/index.ts';
import type { AuditEntry, AuditEvent, AuditFilter, AuditStore, ChainCheck } from '../port.ts';
import { inTransaction, type PgPool } from './pool.ts';

interface AuditRow {
  seq: string;
  at: string;
  event: string;
  prev_hash: string;
  hash: string;
}

function entryOf(r: AuditRow): AuditEntry {
  return { ...(JSON.parse(r.event) as AuditEvent), seq: Number(r.seq), at: r.at, prevHash: r.prev_hash, hash: r.hash };
}

/** The audit log over a pool whose schema is migrated. */
export class PgAuditStore implements AuditStore {
  constructor(private readonly pool: () => PgPool) {}

  async append(event: AuditEvent): Promise<AuditEntry> {
    const stored = storedEvent(event);
    return inTransaction(this.pool(), async (client) => {
      const { rows } = await client.query<{ seq: string; hash: string; now: string }>(
        `SELECT seq, hash, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now
           FROM audit_head FOR UPDATE`,
      );
      const head = rows[0]!;
      const entry = chainEntry(stored, Number(head.seq) + 1, head.now, head.hash);
      await client.query('INSERT INTO audit_log (seq, at, action, concerns, event, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        entry.seq,
        entry.at,
        entry.action,
        concernedSystems(stored),
        JSON.stringify(stored),
        entry.prevHash,
        entry.hash,
      ]);
      await client.query('UPDATE audit_head SET seq = $1, hash = $2', [entry.seq, entry.hash]);
      return entry;
    });
  }

  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    const { rows } = await this.pool().query<AuditRow>(
      `SELECT seq, at, event, prev_hash, hash FROM audit_log
         WHERE seq > $1 AND ($2::text IS NULL OR action = $2)
           AND ($3::text IS NULL OR at >= $3) AND ($4::text IS NULL OR at < $4)
           AND ($5::text IS NULL OR concerns @> ARRAY[$5::text])
         ORDER BY seq LIMIT $6`,
      [filter.after ?? 0, filter.action ?? null, filter.since ?? null, filter.until ?? null, filter.systemId ?? null, filter.limit],
    );
    return rows.map(entryOf);
  }

  async verify(): Promise<ChainCheck> {
    const { rows } = await this.pool().query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_head');
    const head = rows[0]!;
    return verifyChain((after, limit) => this.list({ after, limit }), { seq: Number(head.seq), hash: head.hash });
  }
}
