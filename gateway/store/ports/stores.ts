/** The bundle of one deployment's state-store concerns. */
import type { AdapterCursorStore } from './adapter-cursors.ts';
import type { AuditStore } from './audit.ts';
import type { DeliveryStore } from './delivery.ts';
import type { IngestStore } from './ingest.ts';
import type { JournalStore } from './journal.ts';
import type { MonitorStore } from './monitor.ts';
import type { NonceStore } from './nonces.ts';
import type { PublicationStore } from './publication.ts';

/**
 * Every state-store concern of one deployment (SQLite or PostgreSQL), built together by the
 * composition root. Construction does no I/O; start() connects and migrates; close() disconnects.
 */
export interface StateStores {
  ingest: IngestStore;
  journal: JournalStore;
  delivery: DeliveryStore;
  monitor: MonitorStore;
  adapterCursors: AdapterCursorStore;
  /** Nonces of signed requests, shared across processes (replay protection). */
  nonces: NonceStore;
  /** The hash-chained audit log of administrative actions. */
  audit: AuditStore;
  /** The daily bulk files of public OCDS data and the lease of their builder. */
  publication: PublicationStore;
  start(): Promise<void>;
  close(): Promise<void>;
  /**
   * True when `error`, thrown by one of these stores, means the store cannot be used right now
   * (StoreUnavailableError, or the implementation's own errors of that kind): answered 503, not 500.
   */
  isUnavailable?(error: unknown): boolean;
}
