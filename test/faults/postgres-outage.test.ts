/**
 * PostgreSQL outage in the distributed deployment: a gateway process whose state store is a
 * PRIVATE PostgreSQL cluster (scripts/postgres.sh on another port, so the shared server other tests
 * use is never touched) keeps running while that cluster is stopped under load. While it is down the
 * process stays up, no push gets a receipt, every answer is 503 `store_unavailable` with Retry-After and /readyz
 * reports the store as not ready; once it is back the gateway
 * recovers without a restart, and the audit holds: every receipted record is on the Kafka topic and
 * in the journal exactly once, and reached the entitled subscriber.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Kafka } from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateSecret } from '../../gateway/delivery/signing.ts';
import { hashApiKey } from '../../gateway/registry/registry.ts';
import type { RegistryFile } from '../../gateway/registry/types.ts';
import { type Deployment, deployment, type Gateway, PUBLISHER, startGateway, terminationNotice } from '../integration/scaleout-harness.ts';
import { Endpoint } from '../integration/webhook.support.ts';
import {
  consumeMessages,
  deleteTopics,
  describeKafka,
  kafkaBrokers,
  kafkaClient,
  uniqueGroup,
  uniqueTopic,
  withAdmin,
} from '../support/kafka.ts';
import { eventually } from '../support/wait.ts';
import { type AttemptProblem, auditCopies, deliveredTo, type PushedRecord, printAudit, pushUntilReceipted } from './audit.ts';

const run = promisify(execFile);
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The private cluster of this test. */
const PG_PORT = Number(process.env.PXG_OUTAGE_PG_PORT ?? 25432);
const PRIVATE_URL = `postgres://pxg:pxg@127.0.0.1:${PG_PORT}/pxg_test`;
const CLIENTS = 6;

/** Runs scripts/postgres.sh for the private cluster only. */
async function privateCluster(command: 'start' | 'stop'): Promise<void> {
  await run('bash', [resolve(ROOT, 'scripts/postgres.sh'), command], {
    cwd: ROOT,
    env: { ...process.env, PG_PORT: String(PG_PORT) },
    timeout: 180_000,
  });
}

/** The outcome of one push attempt, with the phase it started in. */
type Phase = 'up' | 'stopping' | 'down' | 'recovering';

describeKafka('PostgreSQL outage', () => {
  const topicPrefix = `${uniqueTopic('pgoutage')}.`;
  const schema = `t_pgoutage_${Date.now().toString(36)}`;
  const secret = generateSecret();
  const subscriber = new Endpoint(() => [secret]);
  let kafka: Kafka;
  let deploy: Deployment;
  let gateway: Gateway;
  let phase: Phase = 'up';
  let running = true;
  const attempts: { phase: Phase; status: number; receipted: boolean; problem?: AttemptProblem }[] = [];
  const pushed: PushedRecord[] = [];
  let load: Promise<void>;

  beforeAll(async () => {
    await privateCluster('start');
    await subscriber.start();
    kafka = await kafkaClient('pg-outage-audit');
    deploy = deployment({ brokers: await kafkaBrokers(), databaseUrl: PRIVATE_URL, schema, topicPrefix });
    // The harness's registry, plus a subscribing platform with a webhook subscription.
    const file = join(deploy.dir, 'registry.json');
    const registry = JSON.parse(readFileSync(file, 'utf8')) as RegistryFile;
    registry.systems.push({
      id: 'ggzy-fj',
      name: 'Platform',
      kind: 'trading-platform',
      subscribe: { recordTypes: ['notice'], areaPrefixes: ['35'] },
      credentials: { apiKeys: [{ id: 't', sha256: hashApiKey('test-key-outage-platform-000001') }] },
    });
    registry.subscriptions = [
      {
        id: 'platform-hook',
        system: 'ggzy-fj',
        mode: 'webhook',
        from: 'beginning',
        webhook: { url: subscriber.url, secrets: [{ secret }] },
      },
    ];
    registry.delivery = {
      allowTargets: ['127.0.0.1'],
      pollMs: 50,
      leaseTtlMs: 1500,
      retry: { maxAttempts: 1000, baseDelayMs: 50, maxDelayMs: 500, requestTimeoutMs: 5000 },
    };
    writeFileSync(file, JSON.stringify(registry));
    gateway = await startGateway(deploy, 'pg-outage');

    // Clients push new records, each until it holds a receipt; every attempt is noted with its phase.
    let serial = 0;
    load = Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (running) {
          const record = terminationNotice(serial++, 1, `pg${Date.now().toString(36).slice(-3)}`);
          const started = { phase };
          const result = await pushUntilReceipted(
            () => gateway.url,
            record,
            PUBLISHER.apiKey,
            120_000,
            (status, problem) => {
              attempts.push({ phase: started.phase, status, receipted: status === 200 || status === 201, ...(problem ? { problem } : {}) });
              started.phase = phase;
            },
          );
          pushed.push(result);
        }
      }),
    ).then(() => undefined);
  }, 240_000);

  afterAll(async () => {
    running = false;
    phase = 'recovering';
    await privateCluster('start').catch(() => {});
    await load?.catch(() => {});
    await gateway?.stop('SIGTERM');
    await subscriber.close();
    if (kafka) {
      const topics = await withAdmin(kafka, (admin) => admin.listTopics()).catch(() => [] as string[]);
      await deleteTopics(
        kafka,
        topics.filter((t) => t.startsWith(topicPrefix)),
      );
    }
    const client = new pg.Client({ connectionString: PRIVATE_URL });
    await client
      .connect()
      .then(() => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`))
      .catch(() => {})
      .finally(() => client.end().catch(() => {}));
    await privateCluster('stop').catch(() => {});
    deploy?.remove();
  }, 240_000);

  it('receipts pushes while PostgreSQL is up', async () => {
    await eventually(async () => pushed.length >= 20, 60_000, '20 receipts');
  });

  it('issues no receipt while PostgreSQL is down, answering 503 store_unavailable with Retry-After', async () => {
    phase = 'stopping';
    await privateCluster('stop');
    phase = 'down';
    await eventually(async () => attempts.filter((a) => a.phase === 'down').length >= 30, 60_000, '30 attempts while down');
    const down = attempts.filter((a) => a.phase === 'down');
    const statuses = new Map<number, number>();
    for (const a of down) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    console.log(`[audit] answers while PostgreSQL was down: ${[...statuses].map(([status, n]) => `${status}×${n}`).join(', ')}`);
    expect(down.filter((a) => a.receipted)).toEqual([]);
    // The process stays up and answers every push with a 503 saying a retry can help, and when.
    expect(gateway.child.exitCode, gateway.output().slice(-3000)).toBeNull();
    expect(
      down.filter(
        (a) => a.status !== 503 || a.problem?.code !== 'store_unavailable' || a.problem.retriable !== true || a.problem.retryAfter !== '5',
      ),
    ).toEqual([]);
    // Readiness says why: the state store does not answer (the log still takes writes).
    await eventually(
      async () => {
        const res = await fetch(`${gateway.url}/readyz`);
        const body = (await res.json()) as { checks?: { store?: boolean; log?: boolean } };
        return res.status === 503 && body.checks?.store === false && body.checks.log === true;
      },
      30_000,
      '/readyz reporting the store down',
    );
  }, 90_000);

  it('recovers without a restart once PostgreSQL is back', async () => {
    phase = 'recovering';
    await privateCluster('start');
    const before = pushed.length;
    await eventually(async () => pushed.length >= before + 20, 90_000, '20 receipts after the restart');
    running = false;
    await load;
    expect(gateway.child.exitCode).toBeNull();
  }, 120_000);

  it('has every receipted record on the topic, in the journal once, and at the subscriber', async () => {
    const topic = `${topicPrefix}notices.v1`;
    const ends = await withAdmin(kafka, (admin) => admin.fetchTopicOffsets(topic));
    const total = ends.reduce((sum, p) => sum + Number(p.high), 0);
    const messages = await consumeMessages(kafka, { topic, groupId: uniqueGroup('pg-outage-audit'), count: total, timeoutMs: 30_000 });
    const onTopic = new Map<string, string[]>();
    for (const m of messages) {
      const id = String(m.headers?.ce_id ?? '');
      onTopic.set(id, [...(onTopic.get(id) ?? []), `${m.partition}:${m.offset}`]);
    }
    const journal = async () => {
      const client = new pg.Client({ connectionString: PRIVATE_URL });
      await client.connect();
      try {
        const { rows } = await client.query<{ event_id: string; n: string }>(
          `SELECT event_id, count(*) AS n FROM ${schema}.journal GROUP BY event_id`,
        );
        return new Map(rows.map((r) => [r.event_id, Number(r.n)]));
      } finally {
        await client.end();
      }
    };
    // The projector and the webhook worker went through the outage too and catch up by themselves.
    await eventually(
      async () => auditCopies(pushed, onTopic, await journal(), { checkPositions: false }).journalCopies.length === 0,
      60_000,
      'the journal',
    );
    await eventually(async () => deliveredTo(subscriber, pushed).missing.length === 0, 60_000, 'the subscriber');
    const audit = auditCopies(pushed, onTopic, await journal(), { checkPositions: false });
    const delivered = deliveredTo(subscriber, pushed);
    printAudit('PostgreSQL stopped and restarted under load', audit, { platform: delivered });
    expect(audit.notInLog).toEqual([]);
    expect(audit.journalCopies).toEqual([]);
    expect(delivered.missing).toEqual([]);
  }, 150_000);
});
