/**
 * The shape of the gateway's services, as the composition root (compose.ts) builds them and the
 * HTTP layer, the CLI and the tests receive them. Types only: importing this file builds nothing.
 */
import type { AdapterHost } from '../adapters/host.ts';
import type { AuditLog } from './audit/index.ts';
import type { Config } from './config/index.ts';
import type { Bilingual, Logger, RateLimiter, StandardRecord } from './core/index.ts';
import type { Delivery } from './delivery/index.ts';
import type { IngestPipeline, ProcessReader, Projector, ReceiptSigner } from './ingest/index.ts';
import type { RecordLog } from './log/index.ts';
import type { Monitor } from './monitor/index.ts';
import type { BulkBuilder, PublicationService } from './publication/index.ts';
import type { PullScheduler } from './pull/index.ts';
import type { SystemRegistry } from './registry/index.ts';
import type { Standard } from './standard/index.ts';
import type { StateStores } from './store/index.ts';
import type { Telemetry } from './telemetry/index.ts';

export type { Logger } from './core/index.ts';

/** Compiles a process's current records (ocid or transaction id) into its current state: the merge engine. */
export type ProcessCompiler = (
  processKey: string,
  records: StandardRecord[],
  options: { versioned: boolean },
) => { ok: true; state: unknown } | { ok: false; message: Bilingual };

/** Something with a start-up and a shut-down. */
export interface Lifecycle {
  name: string;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Every service of the gateway. */
export interface Services {
  config: Readonly<Config>;
  logger: Logger;
  /** The systems registry: identities, rights, credentials, limits. */
  registry: SystemRegistry;
  /** The data standard, compiled once. */
  standard: Standard;
  /** The record log: the source of truth. */
  log: RecordLog;
  /** The state stores: ingest index, journal, and further concerns. */
  stores: StateStores;
  signer: ReceiptSigner;
  ingest: IngestPipeline;
  /** Processes read back for a system: the records it may read and their history. */
  processes: ProcessReader;
  /** The single consumer that turns the log into the journal. */
  projector: Projector;
  /** Subscriptions, webhook workers, pull and stream feeds, dead letters. */
  delivery: Delivery;
  /** The ministry's sync monitor: system and subscription health, reconciliation, readiness (gateway/monitor/). */
  monitor: Monitor;
  /** The telemetry SDK started by the entry point (GET /metrics renders its metrics). */
  telemetry: Telemetry;
  /** The adapters of native formats (adapters/registry.ts), their configs compiled once. */
  adapters: AdapterHost;
  /** Pull mode: polls the systems whose adapter binding has `pull`, into the ingest pipeline. */
  pull: PullScheduler;
  rateLimiter: RateLimiter;
  /** The audit log of administrative and security-relevant actions (gateway/audit/). */
  audit: AuditLog;
  /** Public OCDS publication under /public/ and its daily bulk files (gateway/publication/). */
  publication: { service: PublicationService; bulk: BulkBuilder };
  compileProcess: ProcessCompiler;
  /** Started in this order, closed in reverse. */
  lifecycle: Lifecycle[];
}

/** What callers (tests, tools) may provide instead of the configured implementation. */
export type ServiceOverrides = Partial<
  Pick<Services, 'logger' | 'registry' | 'standard' | 'log' | 'stores' | 'compileProcess' | 'telemetry' | 'audit'>
>;
