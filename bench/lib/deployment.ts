/**
 * A gateway deployment for one benchmark: a temporary data dir, a registry file with the publishing
 * system (and, when asked, a webhook subscription to a local receiver), and the environment of
 * `pxg serve` for the embedded (SQLite) or the distributed (Kafka + PostgreSQL) deployment.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashApiKey } from '../../gateway/registry/registry.ts';
import type { RegistryFile } from '../../gateway/registry/types.ts';

/** The publishing system of the benchmarks (福建省 provincial system) and its API key. */
export const PUBLISHER = { id: 'fj-gpms', apiKey: 'bench-key-fujian-province-000001' } as const;

/** Request headers of the publisher. */
export const publisherHeaders = {
  authorization: `Bearer ${PUBLISHER.apiKey}`,
  'content-type': 'application/json',
  'accept-language': 'en',
};

/** What a deployment needs. */
export interface DeploymentOptions {
  /** A webhook subscription of a subscribing platform to this URL (retries quick, so a recovery shows at once). */
  webhookUrl?: string;
  /** The distributed deployment instead of the embedded one. */
  distributed?: { brokers: string; databaseUrl: string; schema: string; topicPrefix: string };
}

/** A prepared deployment. */
export interface Deployment {
  dir: string;
  env: Record<string, string>;
  remove(): void;
}

function registry(options: DeploymentOptions): RegistryFile {
  return {
    systems: [
      {
        id: PUBLISHER.id,
        name: '福建省政府采购管理交易系统 (bench)',
        kind: 'provincial',
        publish: { areas: ['350000'], recordTypes: ['notice', 'transaction'] },
        credentials: { apiKeys: [{ id: 'bench', sha256: hashApiKey(PUBLISHER.apiKey) }] },
        rateLimit: { requestsPerSecond: 1_000_000, burst: 1_000_000 },
      },
      {
        id: 'ggzy-fj',
        name: '福建省公共资源交易平台 (bench)',
        kind: 'trading-platform',
        subscribe: { recordTypes: ['notice'], areaPrefixes: ['35'] },
        credentials: { apiKeys: [{ id: 'bench', sha256: hashApiKey('bench-key-trading-platform-00002') }] },
      },
    ],
    ...(options.webhookUrl
      ? {
          subscriptions: [
            {
              id: 'bench-webhook',
              system: 'ggzy-fj',
              mode: 'webhook' as const,
              webhook: { url: options.webhookUrl, secrets: [{ secret: 'whsec_YmVuY2gtd2ViaG9vay1zZWNyZXQtMDEyMzQ1Njc4OWFiY2RlZg==' }] },
            },
          ],
          delivery: {
            allowTargets: ['127.0.0.1'],
            pollMs: 50,
            retry: {
              maxAttempts: 1000,
              maxAgeMs: 3600_000,
              baseDelayMs: 100,
              maxDelayMs: 1000,
              disableAfterMs: 3600_000,
              disableAfterDeadLetters: 1_000_000,
              requestTimeoutMs: 5000,
            },
          },
        }
      : {}),
  };
}

/** Writes the registry and returns the environment of the deployment's gateway processes. */
export function deployment(options: DeploymentOptions = {}): Deployment {
  const dir = mkdtempSync(join(tmpdir(), 'pxg-bench-'));
  const registryFile = join(dir, 'registry.json');
  writeFileSync(registryFile, JSON.stringify(registry(options)));
  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    PORT: '0',
    PXG_DATA_DIR: join(dir, 'data'),
    PXG_REGISTRY: registryFile,
    PXG_REGISTRY_WATCH: 'false',
    PXG_MAX_BATCH_RECORDS: '1000',
  };
  const d = options.distributed;
  if (d) {
    Object.assign(env, {
      PXG_LOG: 'kafka',
      PXG_STORE: 'postgres',
      KAFKA_BROKERS: d.brokers,
      PXG_KAFKA_TOPIC_PREFIX: d.topicPrefix,
      PXG_KAFKA_PARTITIONS: '3',
      DATABASE_URL: d.databaseUrl,
      PXG_PG_SCHEMA: d.schema,
      PXG_SECRETS_KEY: '5e'.repeat(32),
    });
  }
  return { dir, env, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
