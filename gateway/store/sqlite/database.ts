/**
 * Shared SQLite plumbing of the embedded deployment: opening a database file in WAL mode and
 * applying migrations. Every SQLite-backed concern (log, ingest, journal, delivery, …) declares
 * its tables as a list of migrations with ids unique across the gateway.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../port.ts';

/** A SQLite connection (better-sqlite3). */
export type SqliteDb = Database.Database;

/** One forward-only schema change; `id` is unique across the gateway, e.g. `ingest/001-versions`. */
export interface Migration {
  id: string;
  sql: string;
}

/**
 * Opens (creating if needed) a database file in WAL mode. `FULL` fsyncs the WAL on every commit
 * (nothing committed is lost, even on power failure); `NORMAL` fsyncs only at checkpoints
 * (nothing is lost when the process dies; the last commits may be lost when the machine does).
 */
export function openDatabase(file: string, options: { synchronous: 'FULL' | 'NORMAL' }): SqliteDb {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}

/** Applies the migrations not applied yet, in order, each in its own transaction. */
export function migrate(db: SqliteDb, migrations: readonly Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set((db.prepare('SELECT id FROM schema_migrations').all() as { id: string }[]).map((r) => r.id));
  const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.id, new Date().toISOString());
    }).immediate();
  }
}

const statements = new WeakMap<SqliteDb, Map<string, Database.Statement>>();

/** A prepared statement, prepared once per connection and SQL text. */
export function statement(db: SqliteDb, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}

/** Result codes (and their extended forms, e.g. SQLITE_IOERR_WRITE) of a database that is locked, failing or full. */
const UNAVAILABLE_CODE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN)/;

/**
 * True when `error` says the SQLite database cannot be used right now, as opposed to a bad statement
 * or a constraint. better-sqlite3 throws these from inside the store's methods; they are recognised
 * where they are answered (StateStores.isUnavailable) rather than wrapped at every call, which would
 * cost each store call a promise.
 */
export function isSqliteUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return UNAVAILABLE_CODE.test(code);
  // better-sqlite3 after close().
  return error instanceof TypeError && error.message === 'The database connection is not open';
}
