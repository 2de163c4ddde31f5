/**
 * PostgreSQL implementation of the PublicationStore (migration 500_publication.sql): bulk files as
 * bytea, so every gateway process sharing the schema serves every day.
 */
import type { BulkDay, BulkDaySummary, PublicationStore } from '../port.ts';
import { releaseLease, takeLease } from './lease.ts';
import type { PgPool } from './pool.ts';

/** The bulk builders' leases. */
const LEASES = { table: 'publication_leases', key: 'name' };

const SUMMARY = 'day, packages, releases, sha256, bytes, policy, built_at_ms';
type SummaryRow = { day: string; packages: number; releases: number; sha256: string; bytes: number; policy: string; built_at_ms: string };
type DayRow = SummaryRow & { gzip: Buffer; manifest: string };

function summaryOf(row: SummaryRow): BulkDaySummary {
  const { day, packages, releases, sha256, bytes, policy } = row;
  return { day, packages, releases, sha256, bytes, policy, builtAtMs: Number(row.built_at_ms) };
}

/** Bulk files over a pool whose schema is migrated. */
export class PgPublicationStore implements PublicationStore {
  constructor(private readonly pool: () => PgPool) {}

  async putBulkDay(day: BulkDay): Promise<boolean> {
    const { rowCount } = await this.pool().query(
      `INSERT INTO publication_bulk_days (day, packages, releases, sha256, bytes, policy, built_at_ms, gzip, manifest)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (day) DO UPDATE SET packages = excluded.packages, releases = excluded.releases, sha256 = excluded.sha256,
         bytes = excluded.bytes, policy = excluded.policy, built_at_ms = excluded.built_at_ms, gzip = excluded.gzip, manifest = excluded.manifest
       WHERE publication_bulk_days.policy <> excluded.policy`,
      [day.day, day.packages, day.releases, day.sha256, day.bytes, day.policy, day.builtAtMs, Buffer.from(day.gzip), day.manifest],
    );
    return rowCount === 1;
  }

  async bulkDay(day: string): Promise<BulkDay | undefined> {
    const { rows } = await this.pool().query<DayRow>('SELECT * FROM publication_bulk_days WHERE day = $1', [day]);
    const row = rows[0];
    if (!row) return undefined;
    return { ...summaryOf(row), gzip: new Uint8Array(row.gzip), manifest: row.manifest };
  }

  async bulkDays(): Promise<BulkDaySummary[]> {
    const { rows } = await this.pool().query<SummaryRow>(`SELECT ${SUMMARY} FROM publication_bulk_days ORDER BY day`);
    return rows.map(summaryOf);
  }

  async lease(name: string, holder: string, ttlMs: number, nowMs: number): Promise<boolean> {
    return takeLease(this.pool(), LEASES, name, holder, ttlMs, nowMs);
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await releaseLease(this.pool(), LEASES, name, holder);
  }
}
