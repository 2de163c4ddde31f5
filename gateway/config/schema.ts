/**
 * The environment the gateway reads, declared once: each variable with its default, its parser
 * and one line of documentation (docs/configuration.md lists the same variables).
 */
import { parseSecretsKey, SUITE_IDS } from '../crypto/index.ts';

/** Parses one raw value; returns the value or an error message. */
type Parser<T> = (raw: string) => { ok: true; value: T } | { ok: false; message: string };

/** One environment variable of the gateway. */
export interface EnvVar<T> {
  name: string;
  doc: string;
  /** Used when the variable is unset or empty; `undefined` means optional without default. */
  default?: string;
  parse: Parser<T>;
}

const text: Parser<string> = (raw) => ({ ok: true, value: raw });

function integer(min: number, max: number): Parser<number> {
  return (raw) => {
    const n = Number(raw);
    return Number.isInteger(n) && n >= min && n <= max
      ? { ok: true, value: n }
      : { ok: false, message: `must be an integer from ${min} to ${max}, got '${raw}'` };
  };
}

function oneOf<T extends string>(...values: T[]): Parser<T> {
  return (raw) =>
    (values as string[]).includes(raw)
      ? { ok: true, value: raw as T }
      : { ok: false, message: `must be one of ${values.join(', ')}, got '${raw}'` };
}

const secretsKey: Parser<string> = (raw) => {
  const key = parseSecretsKey(raw);
  return typeof key === 'string' ? { ok: false, message: key.replace(/^PXG_SECRETS_KEY /, '') } : { ok: true, value: raw };
};

const bool: Parser<boolean> = (raw) => {
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return { ok: true, value: true };
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return { ok: true, value: false };
  return { ok: false, message: `must be true or false, got '${raw}'` };
};

const list: Parser<string[]> = (raw) => ({
  ok: true,
  value: raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
});

const date: Parser<string> = (raw) =>
  /^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(`${raw}T00:00:00Z`))
    ? { ok: true, value: raw }
    : { ok: false, message: `must be a date YYYY-MM-DD, got '${raw}'` };

/** An environment variable with a default: it always has a value once parsed. */
export interface DefaultedEnvVar<T> extends EnvVar<T> {
  default: string;
}

function v<T>(name: string, doc: string, parse: Parser<T>): EnvVar<T>;
function v<T>(name: string, doc: string, parse: Parser<T>, dflt: string): DefaultedEnvVar<T>;
function v<T>(name: string, doc: string, parse: Parser<T>, dflt?: string): EnvVar<T> {
  return dflt === undefined ? { name, doc, parse } : { name, doc, parse, default: dflt };
}

/** Every environment variable, grouped by concern. Others add theirs here. */
export const env = {
  // HTTP server
  host: v('HOST', 'Address to listen on.', text, '127.0.0.1'),
  port: v('PORT', 'TCP port to listen on (0 picks a free port).', integer(0, 65535), '8080'),
  headersTimeoutMs: v('PXG_HEADERS_TIMEOUT_MS', 'Time a client has to send the request headers.', integer(1000, 600_000), '10000'),
  requestTimeoutMs: v('PXG_REQUEST_TIMEOUT_MS', 'Time a client has to send the whole request.', integer(1000, 3_600_000), '30000'),
  publicUrl: v('PXG_PUBLIC_URL', 'Base URL the gateway is reached at, named by the served contract, schemas and dataschema.', text),
  // TLS (HTTPS and client certificates)
  tlsCert: v('PXG_TLS_CERT', 'PEM certificate file; with PXG_TLS_KEY the gateway serves HTTPS.', text),
  tlsKey: v('PXG_TLS_KEY', 'PEM private key file of PXG_TLS_CERT.', text),
  tlsClientCa: v(
    'PXG_TLS_CLIENT_CA',
    'PEM CA bundle for client certificates (mTLS); systems are matched by certificate fingerprint or subject.',
    text,
  ),
  tlsRequireClientCert: v(
    'PXG_TLS_REQUIRE_CLIENT_CERT',
    'Refuse TLS connections without a client certificate signed by PXG_TLS_CLIENT_CA.',
    bool,
    'false',
  ),
  // Storage and log
  dataDir: v('PXG_DATA_DIR', 'Directory of the embedded SQLite files and the generated signing key.', text, './var'),
  log: v('PXG_LOG', 'Record log implementation: sqlite (embedded) or kafka.', oneOf('sqlite', 'kafka'), 'sqlite'),
  store: v('PXG_STORE', 'State store implementation: sqlite (embedded) or postgres.', oneOf('sqlite', 'postgres'), 'sqlite'),
  kafkaBrokers: v('KAFKA_BROKERS', 'Kafka bootstrap brokers, comma-separated (PXG_LOG=kafka).', list, '127.0.0.1:9092'),
  kafkaTopicPrefix: v(
    'PXG_KAFKA_TOPIC_PREFIX',
    'Prefix of the Kafka topics (<prefix>notices.v1, …) and consumer groups (PXG_LOG=kafka).',
    text,
    'px.',
  ),
  kafkaPartitions: v('PXG_KAFKA_PARTITIONS', 'Partitions of each Kafka topic created at start-up.', integer(1, 10_000), '6'),
  kafkaReplication: v('PXG_KAFKA_REPLICATION', 'Replication factor of each Kafka topic created at start-up.', integer(1, 100), '1'),
  kafkaLogLevel: v(
    'PXG_KAFKA_LOG',
    'Log of the Kafka client on stderr: nothing, error, warn, info or debug.',
    oneOf('nothing', 'error', 'warn', 'info', 'debug'),
    'nothing',
  ),
  kafkaRetentionMs: v(
    'PXG_KAFKA_RETENTION_MS',
    'retention.ms of the Kafka topics created at start-up; -1 keeps records forever.',
    integer(-1, Number.MAX_SAFE_INTEGER),
    '-1',
  ),
  databaseUrl: v('DATABASE_URL', 'PostgreSQL connection string (PXG_STORE=postgres).', text),
  pgSchema: v('PXG_PG_SCHEMA', 'PostgreSQL schema holding the gateway tables; created at start-up if missing.', text, 'pxg'),
  // Systems registry
  registryFile: v(
    'PXG_REGISTRY',
    'Systems registry file (JSON, validated at start-up, reloaded on SIGHUP and on change).',
    text,
    'config/registry.demo.json',
  ),
  registryWatch: v('PXG_REGISTRY_WATCH', 'Reload the registry when its file changes.', bool, 'true'),
  // Receipts
  holidays: v(
    'PXG_HOLIDAYS',
    'Holiday arrangements (放假调休) of years the standard does not ship yet, as a JSON file in the format of schemas/data/holidays.json; read at start, its years replace shipped ones.',
    text,
  ),
  signingKey: v(
    'PXG_SIGNING_KEY',
    'Private key signing receipts, of the PXG_CRYPTO_SUITE algorithm: Ed25519 (PKCS#8 PEM or JWK) or SM2 (JWK, kty EC, crv SM2); generated once in PXG_DATA_DIR when unset.',
    text,
  ),
  cryptoSuite: v(
    'PXG_CRYPTO_SUITE',
    'Hash and signature suite of receipts, Merkle proofs and key ids: ed25519+sha256, or sm2+sm3 (国密, docs/cryptography.md). Receipts signed under the other suite stay verifiable.',
    oneOf(...SUITE_IDS),
    'ed25519+sha256',
  ),
  secretsKey: v(
    'PXG_SECRETS_KEY',
    'Key (32 bytes: 64 hex digits or base64) sealing the secrets kept in the state store (AES-256-GCM, or SM4-GCM under sm2+sm3); generated once in PXG_DATA_DIR when unset (docs/cryptography.md).',
    secretsKey,
  ),
  // Limits
  maxBodyBytes: v('PXG_MAX_BODY_BYTES', 'Largest body of POST /v1/records.', integer(1024, 64 * 1024 * 1024), String(1024 * 1024)),
  maxBatchBytes: v(
    'PXG_MAX_BATCH_BYTES',
    'Largest body of POST /v1/records/batch.',
    integer(1024, 512 * 1024 * 1024),
    String(16 * 1024 * 1024),
  ),
  maxBatchRecords: v('PXG_MAX_BATCH_RECORDS', 'Most records in one batch.', integer(1, 100_000), '1000'),
  maxJsonDepth: v('PXG_MAX_JSON_DEPTH', 'Deepest nesting of objects and arrays in a record.', integer(4, 1000), '32'),
  maxStringLength: v('PXG_MAX_STRING_LENGTH', 'Longest string value in a record (characters).', integer(64, 10_000_000), '200000'),
  signatureWindowS: v(
    'PXG_SIGNATURE_WINDOW_S',
    'Accepted clock skew of signed requests; nonces are remembered this long.',
    integer(1, 3600),
    '300',
  ),
  legacySignatureUntil: v(
    'PXG_LEGACY_SIGNATURE_UNTIL',
    'Last day (UTC) the legacy X-PXG request signatures are accepted; afterwards only RFC 9421 signatures are.',
    date,
    '2027-06-30',
  ),
  // Telemetry (docs/monitoring.md)
  traces: v(
    'PXG_TRACES',
    'Where finished trace spans go: none (spans are still created and propagated) or console (JSON on stderr).',
    oneOf('none', 'console'),
    'none',
  ),
  // Monitoring (docs/monitoring.md): sync-health thresholds of the ministry's monitor
  monitorDefaultCadenceS: v(
    'PXG_MONITOR_DEFAULT_CADENCE_S',
    'Expected push cadence (seconds) of a publishing system whose registry entry has no expectedCadence.',
    integer(1, 366 * 86400),
    '86400',
  ),
  monitorLatePercent: v(
    'PXG_MONITOR_LATE_PERCENT',
    'A system is WARN (late) once its last accepted push is older than this % of its expected cadence.',
    integer(1, 100_000),
    '150',
  ),
  monitorSilentPercent: v(
    'PXG_MONITOR_SILENT_PERCENT',
    'A system is SILENT once its last accepted push is older than this % of its expected cadence.',
    integer(1, 100_000),
    '300',
  ),
  monitorRejectWarnPercent: v(
    'PXG_MONITOR_REJECT_WARN_PERCENT',
    'A system is WARN when at least this % of its records of the last hour were rejected.',
    integer(1, 100),
    '20',
  ),
  monitorLagWarnS: v(
    'PXG_MONITOR_LAG_WARN_S',
    'A subscription is WARN when its oldest undelivered event waits longer than this (seconds).',
    integer(1, 30 * 86400),
    '300',
  ),
  monitorLagWarnEvents: v(
    'PXG_MONITOR_LAG_WARN_EVENTS',
    'A subscription is WARN when more events than this wait for it.',
    integer(1, 100_000_000),
    '1000',
  ),
  monitorStallS: v(
    'PXG_MONITOR_STALL_S',
    'A subscription is STALLED when events wait and nothing was delivered for this long (seconds).',
    integer(1, 30 * 86400),
    '900',
  ),
  monitorErrorFailingS: v(
    'PXG_MONITOR_ERROR_FAILING_S',
    'A subscription is ERROR when its endpoint is disabled or has been failing this long (seconds).',
    integer(0, 30 * 86400),
    '600',
  ),
  monitorSuccessWarnPercent: v(
    'PXG_MONITOR_SUCCESS_WARN_PERCENT',
    'A subscription is WARN when fewer than this % of its webhook attempts of the last hour succeeded.',
    integer(0, 100),
    '95',
  ),
  monitorRefreshMs: v('PXG_MONITOR_REFRESH_MS', 'How often the live dashboard (SSE) sends fresh figures.', integer(200, 600_000), '5000'),
  monitorReadyCacheMs: v('PXG_MONITOR_READY_CACHE_MS', 'How long GET /readyz reuses its last deep check.', integer(0, 600_000), '3000'),
  monitorTokenSecret: v(
    'PXG_MONITOR_TOKEN_SECRET',
    "Key of the dashboard's short-lived stream tokens; set the same value on every gateway process (random per process when unset).",
    text,
  ),
  monitorRejectionRetentionDays: v(
    'PXG_MONITOR_REJECTION_RETENTION_DAYS',
    'Days rejections are kept for the monitor.',
    integer(1, 3650),
    '90',
  ),
} as const;

/** The parsed value type of an env var: undefined only when it is unset and has no default. */
export type EnvValue<V> = V extends DefaultedEnvVar<infer T> ? T : V extends EnvVar<infer T> ? T | undefined : never;

/** The parsed value of every variable: what gateway/config/config.ts arranges into `Config`. */
export type EnvValues = { [K in keyof typeof env]: EnvValue<(typeof env)[K]> };
