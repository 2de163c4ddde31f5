/**
 * The state store on PostgreSQL, for the distributed deployment: every gateway process shares it.
 * start() opens the pool and applies pending migrations; the concerns query through the pool.
 */
import {
  type AdapterCursorStore,
  type AuditStore,
  type DeliveryStore,
  type JournalStore,
  type MonitorStore,
  type NonceStore,
  type PublicationStore,
  type StateStores,
  StoreUnavailableError,
} from '../port.ts';
import { PgAdapterCursorStore } from './adapter-cursors.ts';
import { PgAuditStore } from './audit.ts';
import { PgDeliveryStore } from './delivery.ts';
import { PgIngestStore } from './ingest.ts';
import { PgJournalStore } from './journal.ts';
import { migrate } from './migrate.ts';
import { PgMonitorStore } from './monitor.ts';
import { PgNonceStore } from './nonces.ts';
import { createPool, defaultPgOptions, isPgUnavailable, type PgOptions, type PgPool } from './pool.ts';
import { PgPublicationStore } from './publication.ts';

export type { PgOptions, PgPool } from './pool.ts';

/** The PostgreSQL state store. Construction does no I/O. */
export class PostgresStore implements StateStores {
  readonly options: PgOptions;
  readonly ingest: PgIngestStore;
  readonly journal: JournalStore;
  readonly delivery: DeliveryStore;
  readonly monitor: MonitorStore;
  readonly adapterCursors: AdapterCursorStore;
  readonly nonces: NonceStore;
  readonly audit: AuditStore;
  readonly publication: PublicationStore;
  #pool: PgPool | null = null;

  /** `claimHoldMs`: how long an unconfirmed claim holds up newer versions of its record (see PgIngestStore). */
  constructor(options: Pick<PgOptions, 'url'> & Partial<PgOptions> & { claimHoldMs?: number }) {
    const { claimHoldMs, ...pgOptions } = options;
    this.options = { ...defaultPgOptions, ...pgOptions };
    this.ingest = new PgIngestStore(() => this.pool, claimHoldMs);
    this.journal = new PgJournalStore(() => this.pool);
    this.delivery = new PgDeliveryStore(() => this.pool);
    this.monitor = new PgMonitorStore(() => this.pool);
    this.adapterCursors = new PgAdapterCursorStore(() => this.pool);
    this.nonces = new PgNonceStore(() => this.pool);
    this.audit = new PgAuditStore(() => this.pool);
    this.publication = new PgPublicationStore(() => this.pool);
  }

  /** The pool, for other concerns stored in the same schema (delivery, monitoring, …). */
  get pool(): PgPool {
    if (!this.#pool) throw new StoreUnavailableError('the PostgreSQL store is not started, or closed');
    return this.#pool;
  }

  /** PostgreSQL unreachable, shutting down, out of connections, or the store closed (the pool already throws StoreUnavailableError). */
  isUnavailable(error: unknown): boolean {
    return isPgUnavailable(error);
  }

  /** Connects and brings the schema up to date (safe with several processes starting at once). */
  async start(): Promise<void> {
    if (this.#pool) return;
    const pool = createPool(this.options);
    try {
      await migrate(pool, this.options.schema);
    } catch (error) {
      await pool.end().catch(() => {});
      throw error;
    }
    this.#pool = pool;
  }

  async close(): Promise<void> {
    this.ingest.stopHolding();
    const pool = this.#pool;
    this.#pool = null;
    await pool?.end();
  }
}
