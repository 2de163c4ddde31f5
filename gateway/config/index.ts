/**
 * The gateway configuration: read from the environment once at the entry point, checked as a
 * whole (start-up fails with one message listing every problem), then frozen and passed down.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EnvValue, type EnvVar, env } from './schema.ts';

export { env } from './schema.ts';

/** The demo registry shipped with the gateway (the default of PXG_REGISTRY). */
const DEMO_REGISTRY = fileURLToPath(new URL('../../config/registry.demo.json', import.meta.url));

/** Every setting, by concern. Built only by loadConfig (or tests, through configFor). */
export interface Config {
  http: { host: string; port: number; headersTimeoutMs: number; requestTimeoutMs: number; publicUrl?: string };
  tls?: { certFile: string; keyFile: string; clientCaFile?: string; requireClientCert: boolean };
  dataDir: string;
  log: {
    kind: 'sqlite' | 'kafka';
    kafka: {
      brokers: string[];
      topicPrefix: string;
      partitions: number;
      replicationFactor: number;
      retentionMs: number;
      clientLogLevel: 'nothing' | 'error' | 'warn' | 'info' | 'debug';
    };
  };
  store: { kind: 'sqlite' | 'postgres'; databaseUrl?: string; pgSchema: string };
  registry: { file: string; watch: boolean };
  signing: { keyFile?: string };
  /** The data standard: extra holiday arrangements (docs/standard.md). */
  standard: { holidaysFile?: string };
  limits: {
    maxBodyBytes: number;
    maxBatchBytes: number;
    maxBatchRecords: number;
    maxJsonDepth: number;
    maxStringLength: number;
    signatureWindowS: number;
    /** Last day (UTC, YYYY-MM-DD) the legacy X-PXG signatures are accepted. */
    legacySignatureUntil: string;
  };
  /** OpenTelemetry (docs/monitoring.md). */
  telemetry: { traces: 'none' | 'console' };
  /** Sync-health thresholds of the ministry's monitor (docs/monitoring.md). */
  monitor: {
    defaultCadenceS: number;
    latePercent: number;
    silentPercent: number;
    rejectWarnPercent: number;
    lagWarnS: number;
    lagWarnEvents: number;
    stallS: number;
    errorFailingS: number;
    successWarnPercent: number;
    refreshMs: number;
    readyCacheMs: number;
    rejectionRetentionDays: number;
    tokenSecret?: string;
  };
}

/** Start-up configuration problems, all of them at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Values = { [K in keyof typeof env]: EnvValue<(typeof env)[K]> | undefined };

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
  const v = values as Values;
  if (Boolean(v.tlsCert) !== Boolean(v.tlsKey)) problems.push('PXG_TLS_CERT and PXG_TLS_KEY must be set together');
  if ((v.tlsClientCa || v.tlsRequireClientCert) && !v.tlsCert)
    problems.push('client certificates (PXG_TLS_CLIENT_CA) need HTTPS: set PXG_TLS_CERT and PXG_TLS_KEY');
  if (v.tlsRequireClientCert && !v.tlsClientCa) problems.push('PXG_TLS_REQUIRE_CLIENT_CERT needs PXG_TLS_CLIENT_CA');
  if (v.store === 'postgres' && !v.databaseUrl) problems.push('PXG_STORE=postgres needs DATABASE_URL');
  if (v.pgSchema && !/^[a-z_][a-z0-9_]{0,62}$/.test(v.pgSchema))
    problems.push(`PXG_PG_SCHEMA must be a lower-case SQL identifier, got '${v.pgSchema}'`);
  if (problems.length > 0) throw new ConfigError(problems);

  const config: Config = {
    http: {
      host: v.host!,
      port: v.port!,
      headersTimeoutMs: v.headersTimeoutMs!,
      requestTimeoutMs: v.requestTimeoutMs!,
      ...(v.publicUrl ? { publicUrl: v.publicUrl } : {}),
    },
    ...(v.tlsCert && v.tlsKey
      ? {
          tls: {
            certFile: resolve(v.tlsCert),
            keyFile: resolve(v.tlsKey),
            ...(v.tlsClientCa ? { clientCaFile: resolve(v.tlsClientCa) } : {}),
            requireClientCert: v.tlsRequireClientCert!,
          },
        }
      : {}),
    dataDir: resolve(v.dataDir!),
    log: {
      kind: v.log!,
      kafka: {
        brokers: v.kafkaBrokers!,
        topicPrefix: v.kafkaTopicPrefix!,
        partitions: v.kafkaPartitions!,
        replicationFactor: v.kafkaReplication!,
        retentionMs: v.kafkaRetentionMs!,
        clientLogLevel: v.kafkaLogLevel!,
      },
    },
    store: { kind: v.store!, pgSchema: v.pgSchema!, ...(v.databaseUrl ? { databaseUrl: v.databaseUrl } : {}) },
    // The default registry ships with the gateway: found next to it whatever the working directory.
    registry: { file: source[env.registryFile.name]?.trim() ? resolve(v.registryFile!) : DEMO_REGISTRY, watch: v.registryWatch! },
    signing: v.signingKey ? { keyFile: resolve(v.signingKey) } : {},
    standard: v.holidays ? { holidaysFile: resolve(v.holidays) } : {},
    limits: {
      maxBodyBytes: v.maxBodyBytes!,
      maxBatchBytes: v.maxBatchBytes!,
      maxBatchRecords: v.maxBatchRecords!,
      maxJsonDepth: v.maxJsonDepth!,
      maxStringLength: v.maxStringLength!,
      signatureWindowS: v.signatureWindowS!,
      legacySignatureUntil: v.legacySignatureUntil!,
    },
    telemetry: { traces: v.traces! },
    monitor: {
      defaultCadenceS: v.monitorDefaultCadenceS!,
      latePercent: v.monitorLatePercent!,
      silentPercent: v.monitorSilentPercent!,
      rejectWarnPercent: v.monitorRejectWarnPercent!,
      lagWarnS: v.monitorLagWarnS!,
      lagWarnEvents: v.monitorLagWarnEvents!,
      stallS: v.monitorStallS!,
      errorFailingS: v.monitorErrorFailingS!,
      successWarnPercent: v.monitorSuccessWarnPercent!,
      refreshMs: v.monitorRefreshMs!,
      readyCacheMs: v.monitorReadyCacheMs!,
      rejectionRetentionDays: v.monitorRejectionRetentionDays!,
      ...(v.monitorTokenSecret ? { tokenSecret: v.monitorTokenSecret } : {}),
    },
  };
  return deepFreeze(config);
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
