/**
 * PostgreSQL implementation of the MonitorStore (migration 300_monitor.sql): refused records and
 * the index of accepted versions, shared by every gateway process.
 */
import type { AcceptedRecord, MonitorStore, RejectionRecord } from '../port.ts';
import type { PgPool } from './pool.ts';

type AcceptedRow = { seq: string; system_id: string; record_id: string; version: number; content_hash: string; at_ms: string; day: string };

function acceptedOf(r: AcceptedRow): AcceptedRecord {
  return {
    seq: Number(r.seq),
    systemId: r.system_id,
    recordId: r.record_id,
    version: r.version,
    contentHash: r.content_hash,
    atMs: Number(r.at_ms),
    day: r.day,
  };
}

const nullableNumber = (value: string | null): number | null => (value === null ? null : Number(value));

/** The monitor store over a pool whose schema is migrated. */
export class PgMonitorStore implements MonitorStore {
  constructor(private readonly pool: () => PgPool) {}

  async recordRejections(rejections: RejectionRecord[]): Promise<void> {
    if (rejections.length === 0) return;
    await this.pool().query(
      `INSERT INTO monitor_rejections (system_id, at_ms, code, record_type, record_id, version)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::integer[])`,
      [
        rejections.map((r) => r.systemId),
        rejections.map((r) => r.atMs),
        rejections.map((r) => r.code),
        rejections.map((r) => r.recordType),
        rejections.map((r) => r.recordId),
        rejections.map((r) => r.version),
      ],
    );
  }

  async indexAccepted(records: AcceptedRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.pool().query(
      `INSERT INTO monitor_accepted (seq, system_id, record_id, version, content_hash, at_ms, day)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::bigint[], $7::text[])
       ON CONFLICT (seq) DO NOTHING`,
      [
        records.map((r) => r.seq),
        records.map((r) => r.systemId),
        records.map((r) => r.recordId),
        records.map((r) => r.version),
        records.map((r) => r.contentHash),
        records.map((r) => r.atMs),
        records.map((r) => r.day),
      ],
    );
  }

  async indexedSeq(): Promise<number> {
    const { rows } = await this.pool().query<{ seq: string | null }>('SELECT MAX(seq) AS seq FROM monitor_accepted');
    return Number(rows[0]?.seq ?? 0);
  }

  async lastActivity(): Promise<{ systemId: string; lastAcceptedMs: number | null; lastRejectedMs: number | null }[]> {
    const { rows } = await this.pool().query<{ system_id: string; accepted: string | null; rejected: string | null }>(
      `SELECT system_id, MAX(accepted) AS accepted, MAX(rejected) AS rejected FROM (
         SELECT system_id, MAX(at_ms) AS accepted, NULL::bigint AS rejected FROM monitor_accepted GROUP BY system_id
         UNION ALL
         SELECT system_id, NULL::bigint, MAX(at_ms) FROM monitor_rejections GROUP BY system_id
       ) activity GROUP BY system_id ORDER BY system_id`,
    );
    return rows.map((r) => ({
      systemId: r.system_id,
      lastAcceptedMs: nullableNumber(r.accepted),
      lastRejectedMs: nullableNumber(r.rejected),
    }));
  }

  async counts(sinceMs: number): Promise<{ systemId: string; accepted: number; rejected: number }[]> {
    const { rows } = await this.pool().query<{ system_id: string; accepted: string; rejected: string }>(
      `SELECT system_id, SUM(accepted) AS accepted, SUM(rejected) AS rejected FROM (
         SELECT system_id, COUNT(*) AS accepted, 0 AS rejected FROM monitor_accepted WHERE at_ms >= $1 GROUP BY system_id
         UNION ALL
         SELECT system_id, 0, COUNT(*) FROM monitor_rejections WHERE at_ms >= $1 GROUP BY system_id
       ) activity GROUP BY system_id ORDER BY system_id`,
      [sinceMs],
    );
    return rows.map((r) => ({ systemId: r.system_id, accepted: Number(r.accepted), rejected: Number(r.rejected) }));
  }

  async buckets(
    sinceMs: number,
    bucketMs: number,
  ): Promise<{ systemId: string; bucketStartMs: number; accepted: number; rejected: number }[]> {
    const { rows } = await this.pool().query<{ system_id: string; bucket: string; accepted: string; rejected: string }>(
      `SELECT system_id, bucket, SUM(accepted) AS accepted, SUM(rejected) AS rejected FROM (
         SELECT system_id, (at_ms / $2) * $2 AS bucket, COUNT(*) AS accepted, 0 AS rejected
           FROM monitor_accepted WHERE at_ms >= $1 GROUP BY system_id, bucket
         UNION ALL
         SELECT system_id, (at_ms / $2) * $2 AS bucket, 0, COUNT(*)
           FROM monitor_rejections WHERE at_ms >= $1 GROUP BY system_id, bucket
       ) activity GROUP BY system_id, bucket ORDER BY system_id, bucket`,
      [sinceMs, bucketMs],
    );
    return rows.map((r) => ({
      systemId: r.system_id,
      bucketStartMs: Number(r.bucket),
      accepted: Number(r.accepted),
      rejected: Number(r.rejected),
    }));
  }

  async rejectionCodes(sinceMs: number): Promise<{ systemId: string; code: string; count: number }[]> {
    const { rows } = await this.pool().query<{ system_id: string; code: string; count: string }>(
      `SELECT system_id, code, COUNT(*) AS count FROM monitor_rejections WHERE at_ms >= $1
       GROUP BY system_id, code ORDER BY system_id, count DESC, code`,
      [sinceMs],
    );
    return rows.map((r) => ({ systemId: r.system_id, code: r.code, count: Number(r.count) }));
  }

  async acceptedOn(systemId: string | null, day: string): Promise<AcceptedRecord[]> {
    const { rows } =
      systemId === null
        ? await this.pool().query<AcceptedRow>('SELECT * FROM monitor_accepted WHERE day = $1 ORDER BY seq', [day])
        : await this.pool().query<AcceptedRow>('SELECT * FROM monitor_accepted WHERE day = $1 AND system_id = $2 ORDER BY seq', [
            day,
            systemId,
          ]);
    return rows.map(acceptedOf);
  }

  async pruneRejections(beforeMs: number): Promise<number> {
    const result = await this.pool().query('DELETE FROM monitor_rejections WHERE at_ms < $1', [beforeMs]);
    return result.rowCount ?? 0;
  }

  async sharedSecret(name: string, candidate: string): Promise<string> {
    // One statement: the inserted row, or (on conflict) the one another process stored first.
    const { rows } = await this.pool().query<{ secret: string }>(
      `WITH inserted AS (INSERT INTO monitor_secrets (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING secret)
       SELECT secret FROM inserted UNION ALL SELECT secret FROM monitor_secrets WHERE name = $1 LIMIT 1`,
      [name, candidate],
    );
    if (rows[0]) return rows[0].secret;
    // Another process inserted it while this statement ran (so its snapshot missed the row): read it now.
    const again = await this.pool().query<{ secret: string }>('SELECT secret FROM monitor_secrets WHERE name = $1', [name]);
    return again.rows[0]!.secret;
  }
}
