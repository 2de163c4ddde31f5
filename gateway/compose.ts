/**
 * The composition root: builds every service of the gateway once, from the frozen config, and
 * hands them down. Implementations are chosen here and only here (handlers see ports).
 * Building does no I/O; startServices() starts them in dependency order, closeServices() stops them
 * in reverse.
 */

import { createAdapterHost } from '../adapters/host.ts';
import type { AuditLog } from './audit/index.ts';
import type { Config } from './config/index.ts';
import { errorMessage, jsonLogger, type Logger, RateLimiter } from './core/index.ts';
import { dataDirSecretsKey, parseSecretsKey, SecretBox, suiteOf } from './crypto/index.ts';
import { adapterFormats, Delivery, deliveryConfig, liveDeliveryConfig, registryDirectory } from './delivery/index.ts';
import {
  IngestPipeline,
  OwnershipTransfers,
  ProcessReader,
  Projector,
  projectionPath,
  ReceiptSigner,
  rejectionPublisher,
} from './ingest/index.ts';
import { createKafkaRecordLog, type RecordLog, SqliteLog } from './log/index.ts';
import { compileProcess } from './merge/index.ts';
import { Monitor } from './monitor/index.ts';
import { BulkBuilder, PublicationService, PublicPackages, publicationPolicy } from './publication/index.ts';
import { PullScheduler } from './pull/index.ts';
import { SystemRegistry } from './registry/index.ts';
import type { Lifecycle, ProcessCompiler, ServiceOverrides, Services } from './services.ts';
import { createStandard } from './standard/index.ts';
import { PostgresStore, type PublicJwk, SqliteStateStores, type StateStores, sealSecrets } from './store/index.ts';
import { disabledTelemetry, traceLog, traceStandard } from './telemetry/index.ts';

/** The record log chosen by PXG_LOG. Add an implementation here. */
function buildLog(config: Readonly<Config>): RecordLog {
  switch (config.log.kind) {
    case 'sqlite':
      return SqliteLog.inDataDir(config.dataDir);
    case 'kafka': {
      const { brokers, ...layout } = config.log.kafka;
      return createKafkaRecordLog(brokers, layout);
    }
    default:
      throw new Error(`PXG_LOG=${config.log.kind} is not available in this build`);
  }
}

/** The state stores chosen by PXG_STORE. Add an implementation here. */
function buildStores(config: Readonly<Config>): StateStores {
  switch (config.store.kind) {
    case 'sqlite':
      return SqliteStateStores.inDataDir(config.dataDir);
    case 'postgres':
      return new PostgresStore({ url: config.store.databaseUrl!, schema: config.store.pgSchema });
    default:
      throw new Error(`PXG_STORE=${config.store.kind} is not available in this build`);
  }
}

/** The merge engine (gateway/merge) as the record routes use it. */
const mergeProcess: ProcessCompiler = (_processKey, records, options) => {
  const result = compileProcess(records, options);
  return result.ok ? { ok: true, state: result.state } : { ok: false, message: result.error.message };
};

/** Builds every service from the config. No I/O. */
export function compose(config: Readonly<Config>, overrides: ServiceOverrides = {}): Services {
  const standard = traceStandard(overrides.standard ?? createStandard());
  const logger = overrides.logger ?? jsonLogger();
  const registry = overrides.registry ?? new SystemRegistry({ file: config.registry.file, watch: config.registry.watch }, process.env);
  const log = traceLog(overrides.log ?? buildLog(config));
  // Secrets kept in the state store are sealed (docs/cryptography.md); the key is read at first use.
  const secretsKey = config.secrets.key;
  const box = new SecretBox(
    secretsKey ? () => parseSecretsKey(secretsKey) as Buffer : () => dataDirSecretsKey(config.dataDir),
    config.signing.suite,
  );
  const stores = sealSecrets(overrides.stores ?? buildStores(config), box);
  // Administrative actions are audited in the state store, so every process appends to one chain.
  const audit = overrides.audit ?? stores.audit;
  const transfers = new OwnershipTransfers({ store: stores.ingest, transfers: () => registry.transfers(), audit });
  // Before the stores start (the first load), nothing is applied here: the lifecycle applies them.
  let storesStarted = false;
  const applyTransfers = async (): Promise<void> => {
    if (!storesStarted) return;
    await transfers.apply().catch((error: unknown) => logger.error('applying ownership transfers failed', { error: errorMessage(error) }));
  };
  const signer = new ReceiptSigner({
    dataDir: config.dataDir,
    suite: suiteOf(config.signing.suite),
    ...(config.signing.keyFile ? { keyFile: config.signing.keyFile } : {}),
  });
  const monitor = new Monitor({
    settings: config.monitor,
    systems: () => registry.systems(),
    store: stores.monitor,
    delivery: stores.delivery,
    journal: stores.journal,
    log,
    signingKeyLoaded: () => signer.jwks().keys.length > 0,
    entitlement: (systemId) => registryDirectory(registry)(systemId)?.read ?? null,
    onError: (error) => logger.error('monitor failed', { error: errorMessage(error) }),
  });
  // Refusals are also published on the log's rejected topic (Kafka only), without delaying the answer.
  const rejections = rejectionPublisher(log, (error) => logger.warn('publishing rejection events failed', { error: errorMessage(error) }));
  const ingest = new IngestPipeline({
    standard,
    ingestStore: stores.ingest,
    journal: stores.journal,
    log,
    signer,
    ownership: { systems: () => registry.systems(), transfers: () => registry.transfers() },
    observers: [monitor.observer, rejections],
    ...(config.http.publicUrl ? { publicUrl: config.http.publicUrl } : {}),
  });
  const adapters = createAdapterHost();
  const pull = new PullScheduler({
    adapters,
    cursors: stores.adapterCursors,
    journal: stores.journal,
    ingest: (system, records) => ingest.ingest(system, records),
    registry,
    logger,
  });
  const delivery = new Delivery({
    store: stores.delivery,
    journal: stores.journal,
    // A system subscribing in its adapter's format gets the adapter configured as in its registry entry.
    adapters: adapterFormats(adapters, (systemId, adapterId) => {
      const binding = registry.byId(systemId)?.adapter;
      return binding?.id === adapterId ? (binding.config ?? {}) : {};
    }),
    directory: registryDirectory(registry),
    audit,
    // Read from the current registry at every use, so a reload's allow-list, retry policy and tuning apply at once.
    config: liveDeliveryConfig(() => registry.file().delivery),
    registrySubscriptions: () => registry.file().subscriptions ?? [],
    onError: (error, subscriptionId) => logger.error('webhook delivery failed', { subscriptionId, error: errorMessage(error) }),
  });
  watchRegistry(registry, delivery, logger, audit);
  // Ownership transfers declared in the registry follow a reload.
  registry.onReloaded((outcome) => {
    if (outcome.ok) void applyTransfers();
  });
  // A record's path after the log: the journal write (traced), then the monitor's index, the ingest
  // pipeline's process contexts and the notifier waking this process's feeds and webhook workers.
  const projector = new Projector({
    log,
    journal: projectionPath(stores.journal, { monitor, ingest, notifier: delivery.notifier }),
    ingestStore: stores.ingest,
    signer,
    appendingHere: (eventId) => ingest.appending(eventId),
    onError: (error) => logger.error('projecting a log batch failed; it will be retried', { error: errorMessage(error) }),
  });
  // Public publication: the policy is read from the registry at every use, so a reload applies at once.
  const publication = new PublicationService({
    journal: stores.journal,
    packages: new PublicPackages(adapters, (id, reason) => logger.warn('a public record could not be mapped to OCDS', { id, reason })),
    policy: () => publicationPolicy(registry.file().publication),
  });
  const bulk = new BulkBuilder({ journal: stores.journal, store: stores.publication, service: publication, logger });
  return {
    config,
    logger,
    registry,
    standard,
    log,
    stores,
    signer,
    ingest,
    processes: new ProcessReader(stores.journal, { ingestStore: stores.ingest, registry }),
    projector,
    delivery,
    monitor,
    telemetry: overrides.telemetry ?? disabledTelemetry,
    adapters,
    pull,
    rateLimiter: new RateLimiter(),
    audit,
    publication: { service: publication, bulk },
    compileProcess: overrides.compileProcess ?? mergeProcess,
    lifecycle: [
      { name: 'registry', start: () => registry.start(), close: () => registry.close() },
      { name: 'stores', start: () => stores.start(), close: () => stores.close() },
      {
        // Before anything ingests: a transfer declared in the registry holds from the first push.
        name: 'ownership-transfers',
        start: async () => {
          storesStarted = true;
          await transfers.apply();
        },
        close: async () => {
          storesStarted = false;
        },
      },
      { name: 'log', start: () => log.start(), close: () => log.close() },
      {
        name: 'signer',
        // The key is published in the state store, so every process sharing it lists every process's key.
        start: async () => {
          await signer.start();
          for (const key of signer.jwks().keys) await stores.ingest.publishKey(key as PublicJwk);
        },
        close: () => signer.close(),
      },
      { name: 'projector', start: () => projector.start(), close: () => projector.close() },
      { name: 'delivery', start: () => delivery.start(), close: () => delivery.close() },
      { name: 'monitor', start: () => monitor.start(), close: () => monitor.close() },
      { name: 'pull', start: () => pull.start(), close: () => pull.close() },
      { name: 'publication-bulk', start: () => bulk.start(), close: () => bulk.close() },
    ],
  };
}

/**
 * A registry reload is all or nothing: the candidate must also pass delivery's checks (declared
 * subscriptions against the candidate's entitlements and allow-list) before it replaces the old
 * one; then declared subscriptions follow it. Every reload is logged and audited, applied or refused.
 */
function watchRegistry(registry: SystemRegistry, delivery: Delivery, logger: Logger, audit: AuditLog): void {
  registry.addCheck((candidate) =>
    delivery.checkRegistry({
      directory: registryDirectory(candidate),
      config: deliveryConfig(candidate.file.delivery),
      subscriptions: candidate.file.subscriptions ?? [],
    }),
  );
  registry.onReloaded((outcome) => {
    const logged = (error: unknown) => logger.error('auditing a registry reload failed', { error: errorMessage(error) });
    if (outcome.ok) {
      logger.info('systems registry reloaded', { systems: outcome.systems, changes: outcome.changes });
      void audit.append({ action: 'registry.reloaded', actor: 'operator', details: { ...outcome.changes } }).catch(logged);
      void delivery.syncRegistry();
    } else {
      const { problems } = outcome.error;
      logger.error('systems registry reload refused; keeping the previous one whole', { source: outcome.error.source, problems });
      void audit.append({ action: 'registry.reload_refused', actor: 'operator', details: { problems } }).catch(logged);
    }
  });
}

/** Starts every service in order; on failure closes those already started and rethrows. */
export async function startServices(services: Services): Promise<void> {
  const started: Lifecycle[] = [];
  try {
    for (const part of services.lifecycle) {
      await part.start();
      started.push(part);
    }
  } catch (error) {
    for (const part of started.reverse()) await part.close().catch(() => {});
    throw error;
  }
}

/** Closes every service in reverse start order, even when some fail. */
export async function closeServices(services: Services): Promise<void> {
  for (const part of [...services.lifecycle].reverse()) {
    await part.close().catch((error: unknown) => services.logger.error(`closing ${part.name} failed`, { error: String(error) }));
  }
}
