/**
 * The embedded state store: every concern in one SQLite file (`state.db` in the data dir).
 * Concerns are listed explicitly; each brings its migrations and its store over the shared connection.
 */
import { join } from 'node:path';
import { type StateStores, StoreUnavailableError } from '../port.ts';
import { adapterCursorMigrations, SqliteAdapterCursorStore } from './adapter-cursors.ts';
import { auditMigrations, SqliteAuditStore } from './audit.ts';
import { WalCheckpointer } from './checkpointer.ts';
import { isSqliteUnavailable, type Migration, migrate, openDatabase, type SqliteDb } from './database.ts';
import { deliveryMigrations, SqliteDeliveryStore } from './delivery.ts';
import { ingestMigrations, processOwnerMigrations, SqliteIngestStore } from './ingest.ts';
import { journalMigrations, SqliteJournalStore } from './journal.ts';
import { monitorMigrations, SqliteMonitorStore } from './monitor.ts';
import { nonceMigrations, SqliteNonceStore } from './nonces.ts';
import { publicationMigrations, SqlitePublicationStore } from './publication.ts';
import { WalSync } from './wal-sync.ts';

/** Every table of the state store, in order. Add a concern's migrations here. */
export const stateMigrations: readonly Migration[] = [
  // Ingest: idempotency and version index, batch results
  ...ingestMigrations,
  // Journal: the deduplicated projection of the log
  ...journalMigrations,
  // Ingest: process owners (backfilled from the journal, so after it)
  ...processOwnerMigrations,
  // Delivery: subscriptions, cursors, leases, attempts, dead letters, endpoint states
  ...deliveryMigrations,
  // Monitor: rejections and the accepted-record index (sync health, reconciliation)
  ...monitorMigrations,
  // Adapters: cursors of the systems pulled from (pull mode)
  ...adapterCursorMigrations,
  // Request signing: nonces seen within the signature window (replay protection)
  ...nonceMigrations,
  // Audit: the hash-chained log of administrative actions
  ...auditMigrations,
  // Public publication: daily bulk files and their builder's lease
  ...publicationMigrations,
];

/** The SQLite state store. Construction does no I/O; start() opens and migrates, close() closes. */
export class SqliteStateStores implements StateStores {
  readonly ingest: SqliteIngestStore;
  readonly journal: SqliteJournalStore;
  readonly delivery: SqliteDeliveryStore;
  readonly monitor: SqliteMonitorStore;
  readonly adapterCursors: SqliteAdapterCursorStore;
  readonly nonces: SqliteNonceStore;
  readonly audit: SqliteAuditStore;
  readonly publication: SqlitePublicationStore;
  private db: SqliteDb | null = null;
  /** Checkpoints the file from a worker thread, not inside commits on the event loop. */
  private checkpointer: WalCheckpointer | null = null;
  /** fsyncs of the WAL, off the event loop: receipts and journal entries are durable when stored. */
  private wal: WalSync | null = null;

  /** `file`: the database file, or ':memory:'. */
  constructor(private readonly file: string) {
    const connection = () => {
      if (!this.db) throw new StoreUnavailableError('the SQLite state store is not started, or closed');
      return this.db;
    };
    // Resolves once everything committed so far is on disk (at once for an in-memory database).
    const durable = () => this.wal?.synced() ?? Promise.resolve();
    this.ingest = new SqliteIngestStore(connection, durable);
    this.journal = new SqliteJournalStore(connection, durable);
    this.delivery = new SqliteDeliveryStore(connection);
    this.monitor = new SqliteMonitorStore(connection);
    this.adapterCursors = new SqliteAdapterCursorStore(connection);
    this.nonces = new SqliteNonceStore(connection);
    this.audit = new SqliteAuditStore(connection, durable);
    this.publication = new SqlitePublicationStore(connection);
  }

  /** fsyncs of the WAL since start (0 for an in-memory database): lets tests see what was made durable. */
  get syncs(): number {
    return this.wal?.syncs ?? 0;
  }

  /** The state store file of a data dir. */
  static inDataDir(dataDir: string): SqliteStateStores {
    return new SqliteStateStores(join(dataDir, 'state.db'));
  }

  async start(): Promise<void> {
    if (this.db) return;
    // NORMAL: commits are not fsynced on the event loop. Stored receipts and journal entries are made
    // durable by an fsync of the WAL off the event loop before they are reported stored (WalSync), so
    // that neither a receipt handed out nor the projector's progress in the log can outlive them.
    this.db = openDatabase(this.file, { synchronous: 'NORMAL' });
    migrate(this.db, stateMigrations);
    if (this.file !== ':memory:') {
      this.checkpointer = WalCheckpointer.start(this.db, this.file);
      this.wal = new WalSync(this.file, () => new StoreUnavailableError('the SQLite state store is closed'));
    }
  }

  async close(): Promise<void> {
    await this.wal?.close();
    this.wal = null;
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
