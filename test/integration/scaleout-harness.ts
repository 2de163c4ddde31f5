/**
 * Runs real gateway processes (`pxg serve`) in the distributed deployment for the scale-out,
 * SIGKILL and broker-outage tests: Kafka log and PostgreSQL store, a topic prefix and a schema of
 * the test's own, one registry and one receipt-signing key shared by every process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StandardRecord } from '../../gateway/core/records.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The publishing system of the tests and its API key. */
export const PUBLISHER = { id: 'fj-gpms', apiKey: 'pxg_test_fj_gpms_5f1c0e2b9a7d4c3e8b6a' } as const;

/** Files and names one distributed deployment shares between its gateway processes. */
export interface Deployment {
  env: Record<string, string>;
  dir: string;
  remove(): void;
}

/** Prepares a deployment: registry, signing key and the environment of its gateway processes. */
export function deployment(options: { brokers: string[]; databaseUrl: string; schema: string; topicPrefix: string }): Deployment {
  const dir = mkdtempSync(join(tmpdir(), 'pxg-scaleout-'));
  const registry = {
    systems: [
      {
        id: PUBLISHER.id,
        name: '福建省政府采购管理交易系统 (test)',
        kind: 'provincial',
        publish: { areas: ['350000'], recordTypes: ['notice', 'transaction'] },
        credentials: { apiKeys: [{ id: 'test', sha256: createHash('sha256').update(PUBLISHER.apiKey).digest('hex') }] },
        rateLimit: { requestsPerSecond: 100_000, burst: 100_000 },
      },
    ],
  };
  writeFileSync(join(dir, 'registry.json'), JSON.stringify(registry));
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(join(dir, 'signing-key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    PORT: '0',
    PXG_LOG: 'kafka',
    PXG_STORE: 'postgres',
    KAFKA_BROKERS: options.brokers.join(','),
    PXG_KAFKA_TOPIC_PREFIX: options.topicPrefix,
    PXG_KAFKA_PARTITIONS: '3',
    DATABASE_URL: options.databaseUrl,
    PXG_PG_SCHEMA: options.schema,
    PXG_REGISTRY: join(dir, 'registry.json'),
    PXG_REGISTRY_WATCH: 'false',
    PXG_SIGNING_KEY: join(dir, 'signing-key.pem'),
    PXG_SECRETS_KEY: '5e'.repeat(32),
    // Set PXG_KAFKA_LOG=warn (or debug) to see the gateways' Kafka client in failure output.
    PXG_KAFKA_LOG: process.env.PXG_KAFKA_LOG ?? 'nothing',
  };
  return { env, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A running gateway process. */
export interface Gateway {
  url: string;
  child: ChildProcess;
  /** Output so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Sends `signal` and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `pxg serve` with the deployment's environment and resolves once it listens. */
export function startGateway(d: Deployment, name: string, timeoutMs = 60_000): Promise<Gateway> {
  const dataDir = join(d.dir, `data-${name}`);
  const child = spawn(process.execPath, [join(ROOT, 'bin/pxg.js'), 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...d.env, PXG_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolvePromise, reject) => {
    let listening = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gateway ${name} did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = listening ? null : /listening on (\S+)/.exec(output);
      if (!match) return;
      listening = true;
      clearTimeout(timer);
      resolvePromise({
        url: match[1]!,
        child,
        output: () => output,
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!listening) reject(new Error(`gateway ${name} exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

/** The answer to one push. */
export interface PushOutcome {
  status: number;
  retryAfter: string | null;
  receipt?: { eventId: string; recordId: string; version: number; contentHash: string; logPosition: string };
}

/** Pushes one record; a connection failure (e.g. the process was killed) is status 0. */
export async function push(url: string, record: StandardRecord): Promise<PushOutcome> {
  try {
    const response = await fetch(`${url}/v1/records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PUBLISHER.apiKey}`, 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify(record),
      signal: AbortSignal.timeout(20_000),
    });
    const body = (await response.json().catch(() => ({}))) as { receipt?: PushOutcome['receipt'] };
    return { status: response.status, retryAfter: response.headers.get('retry-after'), ...(body.receipt ? { receipt: body.receipt } : {}) };
  } catch {
    return { status: 0, retryAfter: null };
  }
}

/**
 * A 终止公告 (termination notice) valid against the standard; `n` picks the record, `version` its
 * version. The content depends only on (n, version), so pushing it twice is a duplicate.
 */
export function terminationNotice(n: number, version: number, tag = 'so'): StandardRecord {
  const project = `FJZC2026-${tag.toUpperCase()}${String(n).padStart(4, '0')}`;
  return {
    recordType: 'notice',
    id: `FJ-ZZ-${tag}-${n}`,
    version,
    operation: version === 1 ? 'create' : 'update',
    regionCode: '350100',
    ocid: `ocds-px0001-${project}`,
    noticeType: 'termination',
    date: `2026-03-${String(1 + (version % 28)).padStart(2, '0')}T10:00:00+08:00`,
    title: `福州市鼓楼区教育局办公设备采购项目终止公告（第 ${version} 版）`,
    project: { id: project, name: '福州市鼓楼区教育局办公设备采购项目' },
    parties: [{ id: 'CN-USCC-11350102003623127F', name: '福州市鼓楼区教育局', roles: ['buyer'] }],
    termination: { reason: `因采购需求发生重大变化，本项目终止（第 ${version} 版说明）。` },
  };
}
