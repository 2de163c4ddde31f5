/**
 * The embedded state store: every concern in one SQLite file (`state.db` in the data dir).
 * Concerns are listed explicitly; each brings its migrations and its store over the shared connection.
 */
import { join } from 'node:path';
import { type StateStores, StoreUnavailableError } from '../port.ts';
import { SqliteAdapterCursorStore, adapterCursorMigrations } from './adapter-cursors.ts';
import { WalCheckpointer } from './checkpointer.ts';
import { type Migration, type SqliteDb, isSqliteUnavailable, migrate, openDatabase } from './database.ts';
import { SqliteDeliveryStore, deliveryMigrations } from './delivery.ts';
import { SqliteIngestStore, ingestMigrations } from './ingest.ts';
import { SqliteJournalStore, journalMigrations } from './journal.ts';
import { SqliteMonitorStore, monitorMigrations } from './monitor.ts';

/** Every table of the state store, in order. Add a concern's migrations here. */
export const stateMigrations: readonly Migration[] = [
  // Ingest: idempotency and version index, batch results
  ...ingestMigrations,
  // Journal: the deduplicated projection of the log
  ...journalMigrations,
  // Delivery: subscriptions, cursors, leases, attempts, dead letters, endpoint states
  ...deliveryMigrations,
  // Monitor: rejections and the accepted-record index (sync health, reconciliation)
  ...monitorMigrations,
  // Adapters: cursors of the systems pulled from (pull mode)
  ...adapterCursorMigrations,
];

/** The SQLite state store. Construction does no I/O; start() opens and migrates, close() closes. */
export class SqliteStateStores implements StateStores {
  readonly ingest: SqliteIngestStore;
  readonly journal: SqliteJournalStore;
  readonly delivery: SqliteDeliveryStore;
  readonly monitor: SqliteMonitorStore;
  readonly adapterCursors: SqliteAdapterCursorStore;
  private db: SqliteDb | null = null;
  /** Checkpoints the file from a worker thread, not inside commits on the event loop. */
  private checkpointer: WalCheckpointer | null = null;

  /** `file`: the database file, or ':memory:'. */
  constructor(private readonly file: string) {
    const connection = () => {
      if (!this.db) throw new StoreUnavailableError('the SQLite state store is not started, or closed');
      return this.db;
    };
    this.ingest = new SqliteIngestStore(connection);
    this.journal = new SqliteJournalStore(connection);
    this.delivery = new SqliteDeliveryStore(connection);
    this.monitor = new SqliteMonitorStore(connection);
    this.adapterCursors = new SqliteAdapterCursorStore(connection);
  }

  /** The state store file of a data dir. */
  static inDataDir(dataDir: string): SqliteStateStores {
    return new SqliteStateStores(join(dataDir, 'state.db'));
  }

  async start(): Promise<void> {
    if (this.db) return;
    // NORMAL: everything here can be rebuilt from the log by the projector; the log itself syncs FULL.
    this.db = openDatabase(this.file, { synchronous: 'NORMAL' });
    migrate(this.db, stateMigrations);
    if (this.file !== ':memory:') this.checkpointer = WalCheckpointer.start(this.db, this.file);
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = null;
    await this.checkpointer?.stop();
    this.checkpointer = null;
  }

  /** A locked, failing or full database file (SQLITE_BUSY, SQLITE_IOERR, SQLITE_FULL, …), or a closed store. */
  isUnavailable(error: unknown): boolean {
    return isSqliteUnavailable(error);
  }

  /** The shared connection, for concerns that live in the same file. */
  connection(): SqliteDb {
    if (!this.db) throw new StoreUnavailableError('the SQLite state store is not started, or closed');
    return this.db;
  }
}
