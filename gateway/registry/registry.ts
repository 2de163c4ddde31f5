/**
 * The live systems registry: loaded and validated at start-up, swapped atomically on reload
 * (SIGHUP or a change of the file). A reload is all or nothing: the new file is parsed, checked
 * against the schema, checked semantically (duplicate keys, missing secrets, invalid public keys,
 * and the checks other services register, e.g. declared subscriptions and the webhook allow-list),
 * and only then replaces the whole previous version, which every reader sees at its next lookup.
 * With any problem the previous version stays, whole.
 */
import { createPublicKey, hash } from 'node:crypto';
import { type FSWatcher, readFileSync, watch } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import { Ajv } from 'ajv';
import { diffRegistries, type RegistryChanges } from './diff.ts';
import type { OwnershipTransfer, RegistryFile, SignatureKey, SystemEntry } from './types.ts';

const require = createRequire(import.meta.url);
const registrySchema = require('../../config/registry.schema.json') as object;
const validateFile = new Ajv({ allErrors: true, strict: false }).compile<RegistryFile>(registrySchema);

/** The registry could not be loaded; lists every problem. */
export class RegistryError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid systems registry ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RegistryError';
  }
}

/** sha-256 (hex) of an API key: what the registry stores instead of the key. */
export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** An immutable, indexed view of one registry version. */
class Snapshot {
  readonly byId = new Map<string, SystemEntry>();
  readonly byKeyHash = new Map<string, SystemEntry>();
  readonly byFingerprint = new Map<string, SystemEntry>();
  readonly bySubject = new Map<string, SystemEntry>();
  readonly hmacSecrets = new Map<string, string>();
  readonly signatureKeys = new Map<string, SignatureKey[]>();

  constructor(
    readonly file: RegistryFile,
    env: Record<string, string | undefined>,
  ) {
    const problems: string[] = [];
    for (const system of file.systems) {
      if (this.byId.has(system.id)) problems.push(`duplicate system id '${system.id}'`);
      this.byId.set(system.id, system);
      for (const key of system.credentials.apiKeys ?? []) {
        if (this.byKeyHash.has(key.sha256))
          problems.push(`system '${system.id}': API key '${key.id}' is also registered to another system`);
        this.byKeyHash.set(key.sha256, system);
      }
      for (const cert of system.credentials.certificates ?? []) {
        if (cert.fingerprint256) this.byFingerprint.set(cert.fingerprint256.toUpperCase(), system);
        if (cert.subject) this.bySubject.set(cert.subject, system);
      }
      const hmac = system.credentials.hmac;
      if (hmac) {
        const secret = hmac.secret ?? (hmac.secretEnv ? env[hmac.secretEnv] : undefined);
        if (!secret) problems.push(`system '${system.id}': HMAC secret variable ${hmac.secretEnv} is not set`);
        else this.hmacSecrets.set(system.id, secret);
      }
      const keys: SignatureKey[] = [];
      const secret = this.hmacSecrets.get(system.id);
      // The HMAC secret's keyid is the system id: the secret is the system's one shared secret.
      // The same secret with SM3 (hmac-sm3) for systems under 密评: the signature's alg parameter picks.
      if (secret) keys.push({ keyid: system.id, alg: 'hmac-sha256', key: secret }, { keyid: system.id, alg: 'hmac-sm3', key: secret });
      for (const entry of system.credentials.ed25519Keys ?? []) {
        const where = `system '${system.id}': Ed25519 key '${entry.keyid}'`;
        if (keys.some((k) => k.keyid === entry.keyid)) problems.push(`${where}: keyid used twice`);
        try {
          const key = createPublicKey(entry.publicKey);
          if (key.asymmetricKeyType !== 'ed25519') problems.push(`${where}: not an Ed25519 key (${key.asymmetricKeyType})`);
          else keys.push({ keyid: entry.keyid, alg: 'ed25519', key });
        } catch (error) {
          problems.push(`${where}: not a public key in PEM (${(error as Error).message})`);
        }
      }
      if (keys.length > 0) this.signatureKeys.set(system.id, keys);
    }
    const transferIds = new Set<string>();
    for (const transfer of file.transfers ?? []) {
      if (transferIds.has(transfer.id)) problems.push(`duplicate transfer id '${transfer.id}'`);
      transferIds.add(transfer.id);
      // The old system may be gone from the registry already; the new one must be there to publish.
      if (!this.byId.has(transfer.to)) problems.push(`transfer '${transfer.id}': system '${transfer.to}' is not registered`);
      if (transfer.from === transfer.to) problems.push(`transfer '${transfer.id}': from and to are the same system`);
    }
    if (problems.length > 0) throw new RegistryError('content', problems);
  }
}

/** Parses and checks registry content; throws RegistryError listing every problem. */
function parseRegistry(text: string, source: string, env: Record<string, string | undefined>): Snapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new RegistryError(source, [`not JSON: ${(error as Error).message}`]);
  }
  if (!validateFile(data)) {
    const problems = (validateFile.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
    throw new RegistryError(source, problems);
  }
  try {
    return new Snapshot(deepFreeze(data), env);
  } catch (error) {
    if (error instanceof RegistryError) throw new RegistryError(source, error.problems);
    throw error;
  }
}

/** Where a registry comes from: a file (reloadable) or fixed content (tests, tools). */
export type RegistrySource = { file: string; watch?: boolean } | { content: RegistryFile };

/** What a reload did: applied (with what changed), or refused with every problem (the previous registry stays). */
export type ReloadOutcome = { ok: true; systems: number; changes: RegistryChanges } | { ok: false; error: RegistryError };

/** A registry version as a check sees it before it is applied. */
export interface RegistryView {
  file: RegistryFile;
  byId(id: string): SystemEntry | undefined;
}

/** A semantic check of a candidate registry, run before a reload applies it; returns its problems (none: fine). */
export type RegistryCheck = (candidate: RegistryView) => Promise<string[]>;

/** The systems registry. Construction does no I/O; start() loads (and watches), close() stops watching. */
export class SystemRegistry {
  private snapshot: Snapshot | null = null;
  private watcher: FSWatcher | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private readonly checks: RegistryCheck[] = [];
  private readonly listeners: ((outcome: ReloadOutcome) => void)[] = [];
  /** Reloads run one after the other: a file change and a SIGHUP at once must not interleave. */
  private reloading: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: RegistrySource,
    private readonly env: Record<string, string | undefined> = process.env,
    onReload?: (outcome: ReloadOutcome) => void,
  ) {
    if (onReload) this.listeners.push(onReload);
  }

  /** Adds a check every reloaded registry must pass before it is applied. */
  addCheck(check: RegistryCheck): void {
    this.checks.push(check);
  }

  /** Calls `listener` after every reload, applied or refused. */
  onReloaded(listener: (outcome: ReloadOutcome) => void): void {
    this.listeners.push(listener);
  }

  /** Loads the registry; throws RegistryError when it is invalid. */
  async start(): Promise<void> {
    this.snapshot = this.load();
    if ('file' in this.source && this.source.watch) {
      const file = this.source.file;
      // Watch the directory: editors and deploy tools replace the file (rename), which a watch on the file itself misses.
      this.watcher = watch(dirname(file), { persistent: false }, (_event, name) => {
        if (name !== null && name !== basename(file)) return;
        // Editors write files in several steps: wait for the dust to settle.
        if (this.debounce) clearTimeout(this.debounce);
        this.debounce = setTimeout(() => void this.reload(), 100);
      });
      this.watcher.on('error', () => {});
    }
  }

  async close(): Promise<void> {
    this.watcher?.close();
    this.watcher = null;
    if (this.debounce) clearTimeout(this.debounce);
  }

  /** Re-reads the source and applies it whole, or keeps the current registry whole and reports every problem. */
  reload(): Promise<ReloadOutcome> {
    const next = this.reloading.then(() => this.reloadNow());
    this.reloading = next.catch(() => {});
    return next;
  }

  private async reloadNow(): Promise<ReloadOutcome> {
    let outcome: ReloadOutcome;
    try {
      const candidate = this.load();
      const view: RegistryView = { file: candidate.file, byId: (id) => candidate.byId.get(id) };
      const problems: string[] = [];
      for (const check of this.checks) {
        problems.push(...(await check(view).catch((error: unknown) => [`check failed: ${(error as Error).message ?? String(error)}`])));
      }
      if (problems.length > 0) throw new RegistryError(this.sourceName(), problems);
      const changes = diffRegistries(this.current().file, candidate.file);
      this.snapshot = candidate;
      outcome = { ok: true, systems: candidate.byId.size, changes };
    } catch (error) {
      const refused = error instanceof RegistryError ? error : new RegistryError(this.sourceName(), [String(error)]);
      outcome = { ok: false, error: refused };
    }
    for (const listener of this.listeners) {
      try {
        listener(outcome);
      } catch {
        // A listener's failure must not undo or hide the reload.
      }
    }
    return outcome;
  }

  private sourceName(): string {
    return 'file' in this.source ? this.source.file : 'content';
  }

  /** All systems, in registry order. */
  systems(): readonly SystemEntry[] {
    return this.current().file.systems;
  }

  byId(id: string): SystemEntry | undefined {
    return this.current().byId.get(id);
  }

  /** The system an API key belongs to. */
  byApiKey(key: string): SystemEntry | undefined {
    return this.current().byKeyHash.get(hashApiKey(key));
  }

  /** The system a client certificate belongs to, by SHA-256 fingerprint first, then by subject. */
  byCertificate(cert: { fingerprint256?: string; subject?: string }): SystemEntry | undefined {
    const snap = this.current();
    return (
      (cert.fingerprint256 ? snap.byFingerprint.get(cert.fingerprint256.toUpperCase()) : undefined) ??
      (cert.subject ? snap.bySubject.get(cert.subject) : undefined)
    );
  }

  /** The whole registry file as loaded (e.g. its `subscriptions` and `delivery` sections). */
  file(): RegistryFile {
    return this.current().file;
  }

  /** Process ownership transfers declared in the registry. */
  transfers(): readonly OwnershipTransfer[] {
    return this.current().file.transfers ?? [];
  }

  /** The request-signing secret of a system, when it must sign its requests. */
  hmacSecret(systemId: string): string | undefined {
    return this.current().hmacSecrets.get(systemId);
  }

  /** The keys a system signs its requests with (RFC 9421); empty when it need not sign. */
  signatureKeys(systemId: string): readonly SignatureKey[] {
    return this.current().signatureKeys.get(systemId) ?? [];
  }

  private current(): Snapshot {
    if (!this.snapshot) throw new Error('systems registry used before start()');
    return this.snapshot;
  }

  private load(): Snapshot {
    if ('content' in this.source) return parseRegistry(JSON.stringify(this.source.content), 'content', this.env);
    let text: string;
    try {
      text = readFileSync(this.source.file, 'utf8');
    } catch (error) {
      throw new RegistryError(this.source.file, [`cannot read: ${(error as Error).message}`]);
    }
    return parseRegistry(text, this.source.file, this.env);
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
