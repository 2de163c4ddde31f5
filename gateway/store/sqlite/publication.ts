/** SQLite implementation of the PublicationStore: bulk files as blobs, one row per day. */
import type { BulkDay, BulkDaySummary, PublicationStore } from '../port.ts';
import { type Migration, type SqliteDb, statement } from './database.ts';
import { releaseLease, takeLease } from './lease.ts';

/** The bulk builders' leases. */
const LEASES = { table: 'publication_leases', key: 'name' };

/** Tables of the publication concern (migrations 500–599). */
export const publicationMigrations: Migration[] = [
  {
    id: 'publication/500-bulk-days',
    sql: `
      CREATE TABLE publication_bulk_days (
        day TEXT PRIMARY KEY,
        packages INTEGER NOT NULL,
        releases INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        policy TEXT NOT NULL,
        built_at_ms INTEGER NOT NULL,
        gzip BLOB NOT NULL,
        manifest TEXT NOT NULL
      );
      CREATE TABLE publication_leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        expires_at_ms INTEGER NOT NULL
      );`,
  },
];

const SUMMARY = 'day, packages, releases, sha256, bytes, policy, built_at_ms';
type SummaryRow = { day: string; packages: number; releases: number; sha256: string; bytes: number; policy: string; built_at_ms: number };
type DayRow = SummaryRow & { gzip: Buffer; manifest: string };

function summaryOf(row: SummaryRow): BulkDaySummary {
  const { day, packages, releases, sha256, bytes, policy } = row;
  return { day, packages, releases, sha256, bytes, policy, builtAtMs: Number(row.built_at_ms) };
}

/** Bulk files over a SQLite connection opened (and migrated) by the caller. */
export class SqlitePublicationStore implements PublicationStore {
  constructor(private readonly db: () => SqliteDb) {}

  async putBulkDay(day: BulkDay): Promise<boolean> {
    const result = statement(
      this.db(),
      `INSERT INTO publication_bulk_days (day, packages, releases, sha256, bytes, policy, built_at_ms, gzip, manifest)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (day) DO UPDATE SET packages = excluded.packages, releases = excluded.releases, sha256 = excluded.sha256,
         bytes = excluded.bytes, policy = excluded.policy, built_at_ms = excluded.built_at_ms, gzip = excluded.gzip, manifest = excluded.manifest
       WHERE publication_bulk_days.policy <> excluded.policy`,
    ).run(day.day, day.packages, day.releases, day.sha256, day.bytes, day.policy, day.builtAtMs, Buffer.from(day.gzip), day.manifest);
    return result.changes === 1;
  }

  async bulkDay(day: string): Promise<BulkDay | undefined> {
    const row = statement(this.db(), 'SELECT * FROM publication_bulk_days WHERE day = ?').get(day) as DayRow | undefined;
    if (!row) return undefined;
    return { ...summaryOf(row), gzip: new Uint8Array(row.gzip), manifest: row.manifest };
  }

  async bulkDays(): Promise<BulkDaySummary[]> {
    const rows = statement(this.db(), `SELECT ${SUMMARY} FROM publication_bulk_days ORDER BY day`).all() as SummaryRow[];
    return rows.map(summaryOf);
  }

  async lease(name: string, holder: string, ttlMs: number, nowMs: number): Promise<boolean> {
    return takeLease(this.db(), LEASES, name, holder, ttlMs, nowMs);
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    releaseLease(this.db(), LEASES, name, holder);
  }
}
