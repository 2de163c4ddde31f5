/**
 * The PostgreSQL migrations runner: applies every `migrations/NNN_name.sql` file in order at
 * start-up and records each one, under an advisory lock so that gateway processes starting
 * together apply each migration once. Numbering: 001–099 ingest, journal, request nonces and
 * audit, 200–299 delivery and feeds, 300–399 monitoring and reconciliation, 400–499 adapters' pull
 * cursors.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkSchemaName, type PgPool } from './pool.ts';

/** The directory of the gateway's own migrations. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

const FILE_NAME = /^(\d{3})_[a-z0-9_]+\.sql$/;

/** One migration file. */
export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

/** The migration files of a directory, in the order they apply. */
export function migrationFiles(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  const names = readdirSync(dir).filter((n) => n.endsWith('.sql'));
  const bad = names.filter((n) => !FILE_NAME.test(n));
  if (bad.length > 0) throw new Error(`migration files must be named NNN_name.sql: ${bad.join(', ')}`);
  const numbers = new Map<string, string>();
  for (const name of names) {
    const n = name.slice(0, 3);
    if (numbers.has(n)) throw new Error(`two migrations share number ${n}: ${numbers.get(n)} and ${name}`);
    numbers.set(n, name);
  }
  return names.sort().map((name) => {
    const sql = readFileSync(`${dir}/${name}`, 'utf8');
    return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

/**
 * Creates the schema if needed and applies the migrations not applied yet, each in its own
 * transaction. Fails if an applied migration's file has changed since: migrations are append-only.
 * Returns the names applied by this call.
 */
export async function migrate(pool: PgPool, schema: string, files: MigrationFile[] = migrationFiles()): Promise<string[]> {
  checkSchemaName(schema);
  const client = await pool.connect();
  const lock = `pxg-migrations:${schema}`;
  try {
    // A session-level lock: held across the per-migration transactions below.
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lock]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
         name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM ${schema}.schema_migrations`);
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    const changed = files.filter((f) => applied.has(f.name) && applied.get(f.name) !== f.checksum).map((f) => f.name);
    if (changed.length > 0) throw new Error(`applied migrations were edited (add a new migration instead): ${changed.join(', ')}`);
    const done: string[] = [];
    for (const file of files) {
      if (applied.has(file.name)) continue;
      try {
        await client.query('BEGIN');
        await client.query(`SET LOCAL search_path TO ${schema}`);
        await client.query(file.sql);
        await client.query(`INSERT INTO ${schema}.schema_migrations (name, checksum) VALUES ($1, $2)`, [file.name, file.checksum]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw new Error(`migration ${file.name} failed: ${(error as Error).message}`, { cause: error });
      }
      done.push(file.name);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lock]).catch(() => {});
    client.release();
  }
}
