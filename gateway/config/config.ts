/**
 * The gateway configuration: read from the environment once at the entry point, checked as a
 * whole (start-up fails with one message listing every problem), then frozen and passed down.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EnvValues, type EnvVar, env } from './schema.ts';

export { env } from './schema.ts';

/** The demo registry shipped with the gateway (the default of PXG_REGISTRY). */
const DEMO_REGISTRY = fileURLToPath(new URL('../../config/registry.demo.json', import.meta.url));

/**
 * Every setting, by concern: the environment schema's parsed values (schema.ts) arranged by
 * `arrange`. Derived, never written by hand, so a variable added to the schema and arranged here
 * has its type everywhere at once. Built only by loadConfig (or tests, through configFor).
 */
export type Config = ReturnType<typeof arrange>;

/** Start-up configuration problems, all of them at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment into a frozen Config, or throws ConfigError listing every problem. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Readonly<Config> {
  const problems: string[] = [];
  const values = {} as Record<string, unknown>;
  for (const [key, spec] of Object.entries(env) as [string, EnvVar<unknown>][]) {
    const raw = source[spec.name]?.trim() || spec.default;
    if (raw === undefined) continue;
    const parsed = spec.parse(raw);
    if (parsed.ok) values[key] = parsed.value;
    else problems.push(`${spec.name} ${parsed.message}`);
  }
  // Every defaulted variable has a value here: its default parses, or a problem was recorded above.
  const v = values as EnvValues;
  if (Boolean(v.tlsCert) !== Boolean(v.tlsKey)) problems.push('PXG_TLS_CERT and PXG_TLS_KEY must be set together');
  if ((v.tlsClientCa || v.tlsRequireClientCert) && !v.tlsCert)
    problems.push('client certificates (PXG_TLS_CLIENT_CA) need HTTPS: set PXG_TLS_CERT and PXG_TLS_KEY');
  if (v.tlsRequireClientCert && !v.tlsClientCa) problems.push('PXG_TLS_REQUIRE_CLIENT_CERT needs PXG_TLS_CLIENT_CA');
  if (v.store === 'postgres' && !v.databaseUrl) problems.push('PXG_STORE=postgres needs DATABASE_URL');
  // Processes sharing PostgreSQL must seal and open each other's secrets: one key, given to all.
  if (v.store === 'postgres' && !v.secretsKey) problems.push('PXG_STORE=postgres needs PXG_SECRETS_KEY (32 bytes, hex or base64)');
  if (v.pgSchema && !/^[a-z_][a-z0-9_]{0,62}$/.test(v.pgSchema))
    problems.push(`PXG_PG_SCHEMA must be a lower-case SQL identifier, got '${v.pgSchema}'`);
  if (problems.length > 0) throw new ConfigError(problems);

  return deepFreeze(arrange(v, source));
}

/** The parsed variables arranged by concern, paths resolved: the shape of `Config`. */
function arrange(v: EnvValues, source: Record<string, string | undefined>) {
  return {
    http: {
      host: v.host,
      port: v.port,
      headersTimeoutMs: v.headersTimeoutMs,
      requestTimeoutMs: v.requestTimeoutMs,
      ...(v.publicUrl ? { publicUrl: v.publicUrl } : {}),
    },
    ...(v.tlsCert && v.tlsKey
      ? {
          tls: {
            certFile: resolve(v.tlsCert),
            keyFile: resolve(v.tlsKey),
            ...(v.tlsClientCa ? { clientCaFile: resolve(v.tlsClientCa) } : {}),
            requireClientCert: v.tlsRequireClientCert,
          },
        }
      : {}),
    dataDir: resolve(v.dataDir),
    log: {
      kind: v.log,
      kafka: {
        brokers: v.kafkaBrokers,
        topicPrefix: v.kafkaTopicPrefix,
        partitions: v.kafkaPartitions,
        replicationFactor: v.kafkaReplication,
        retentionMs: v.kafkaRetentionMs,
        clientLogLevel: v.kafkaLogLevel,
      },
    },
    store: { kind: v.store, pgSchema: v.pgSchema, ...(v.databaseUrl ? { databaseUrl: v.databaseUrl } : {}) },
    // The default registry ships with the gateway: found next to it whatever the working directory.
    registry: { file: source[env.registryFile.name]?.trim() ? resolve(v.registryFile) : DEMO_REGISTRY, watch: v.registryWatch },
    signing: { suite: v.cryptoSuite, ...(v.signingKey ? { keyFile: resolve(v.signingKey) } : {}) },
    /** Sealing of stored secrets (docs/cryptography.md). */
    secrets: { ...(v.secretsKey ? { key: v.secretsKey } : {}) },
    /** The data standard: extra holiday arrangements (docs/standard.md). */
    standard: { ...(v.holidays ? { holidaysFile: resolve(v.holidays) } : {}) },
    limits: {
      maxBodyBytes: v.maxBodyBytes,
      maxBatchBytes: v.maxBatchBytes,
      maxBatchRecords: v.maxBatchRecords,
      maxJsonDepth: v.maxJsonDepth,
      maxStringLength: v.maxStringLength,
      signatureWindowS: v.signatureWindowS,
      legacySignatureUntil: v.legacySignatureUntil,
    },
    /** OpenTelemetry (docs/monitoring.md). */
    telemetry: { traces: v.traces },
    /** Sync-health thresholds of the ministry's monitor (docs/monitoring.md). */
    monitor: {
      defaultCadenceS: v.monitorDefaultCadenceS,
      latePercent: v.monitorLatePercent,
      silentPercent: v.monitorSilentPercent,
      rejectWarnPercent: v.monitorRejectWarnPercent,
      lagWarnS: v.monitorLagWarnS,
      lagWarnEvents: v.monitorLagWarnEvents,
      stallS: v.monitorStallS,
      errorFailingS: v.monitorErrorFailingS,
      successWarnPercent: v.monitorSuccessWarnPercent,
      refreshMs: v.monitorRefreshMs,
      readyCacheMs: v.monitorReadyCacheMs,
      rejectionRetentionDays: v.monitorRejectionRetentionDays,
      ...(v.monitorTokenSecret ? { tokenSecret: v.monitorTokenSecret } : {}),
    },
  };
}

/** A config for tests and tools: the defaults, overridden by the given environment. */
export function configFor(overrides: Record<string, string>): Readonly<Config> {
  return loadConfig(overrides);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
