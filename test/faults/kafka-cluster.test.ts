/**
 * Broker faults in a replicated Kafka cluster (three KRaft nodes, `scripts/kafka.sh cluster`; topics
 * with replication factor 3 and min.insync.replicas 2) while two gateway processes (Kafka log,
 * PostgreSQL store) take pushes: the partition leader SIGKILLed, one broker stopped for a while, a
 * rolling restart of all three. After each, the audit: every receipted record is on the topic at
 * its receipt's position, each key's versions in order (copies only with the same event id), in the
 * journal once and at the entitled subscriber. With two brokers down (no quorum, no in-sync
 * majority) every push is answered 503 with Retry-After and nothing is receipted.
 */
import type { Admin, Kafka } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateSecret } from '../../gateway/delivery/signing.ts';
import { hashApiKey } from '../../gateway/registry/registry.ts';
import {
  type Deployment,
  deployment,
  type Gateway,
  PUBLISHER,
  push,
  startGateway,
  terminationNotice,
} from '../integration/scaleout-harness.ts';
import { Endpoint } from '../integration/webhook.support.ts';
import { uniqueTopic } from '../support/kafka.ts';
import {
  clusterBrokers,
  clusterClient,
  clusterNode,
  describeKafkaCluster,
  partitionStates,
  waitForFullIsr,
} from '../support/kafka-cluster.ts';
import { databaseUrl, type FreshSchema, freshSchema } from '../support/postgres.ts';
import { eventually } from '../support/wait.ts';
import { type PushedRecord, pushUntilReceipted } from './audit.ts';
import { addSubscriber, auditCluster } from './cluster-audit.ts';

/** Concurrent clients; each pushes versions 1..VERSIONS of one record, in order, then the next record. */
const CLIENTS = 4;
const VERSIONS = 3;
/** Receipts wanted before a fault, while it lasts and after it: load bounded by count, not by time. */
const RECEIPTS = 12;
/** Pause of a client between two pushes: the load stays modest on a small machine running three brokers. */
const PACE_MS = 20;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeKafkaCluster('Kafka cluster faults under load', () => {
  const topicPrefix = `${uniqueTopic('cluster')}.`;
  const topics = [`${topicPrefix}notices.v1`, `${topicPrefix}transactions.v1`];
  const secret = generateSecret();
  const subscriber = new Endpoint(() => [secret]);
  const pushed: PushedRecord[] = [];
  const gateways: Gateway[] = [];
  let kafka: Kafka;
  let admin: Admin;
  let db: FreshSchema;
  let deploy: Deployment;
  /** Pushes answered without a receipt per phase, by status (printed with the audit). */
  const refusals = new Map<string, Map<number, number>>();

  /** Runs `during` while CLIENTS push; returns once `during` is over and RECEIPTS more receipts arrived. */
  async function underLoad(phase: string, during: (receipts: () => number) => Promise<void>): Promise<void> {
    let running = true;
    let serial = 0;
    const done: PushedRecord[] = [];
    const refused = new Map<number, number>();
    refusals.set(phase, refused);
    const clients = Array.from({ length: CLIENTS }, async (_, client) => {
      while (running) {
        const n = serial++;
        for (let version = 1; version <= VERSIONS; version++) {
          // Consecutive versions of a record go to different gateway processes.
          const url = () => gateways[(client + version) % gateways.length]!.url;
          const result = await pushUntilReceipted(url, terminationNotice(n, version, phase), PUBLISHER.apiKey, 120_000, (status) => {
            if (status !== 201 && status !== 200) refused.set(status, (refused.get(status) ?? 0) + 1);
          });
          done.push(result);
          await sleep(PACE_MS);
        }
      }
    });
    const load = Promise.all(clients);
    load.catch(() => {});
    try {
      await eventually(async () => done.length >= RECEIPTS, 90_000, `${RECEIPTS} receipts before the fault`);
      await during(() => done.length);
      const after = done.length;
      await eventually(async () => done.length >= after + RECEIPTS, 90_000, `${RECEIPTS} receipts after the fault`);
    } finally {
      running = false;
      await load;
      pushed.push(...done);
    }
  }

  /** Waits until `count` more receipts arrived (the load goes on through the fault). */
  const receiptsGoOn = async (receipts: () => number, what: string) => {
    const before = receipts();
    await eventually(async () => receipts() >= before + RECEIPTS / 2, 90_000, `receipts ${what}`);
  };

  beforeAll(async () => {
    // Every node up and every internal partition in sync, whatever an earlier run left behind.
    await clusterNode('start');
    await subscriber.start();
    kafka = clusterClient('cluster-faults');
    admin = kafka.admin();
    await admin.connect();
    db = await freshSchema('cluster');
    deploy = deployment({ brokers: clusterBrokers, databaseUrl: await databaseUrl(), schema: db.schema, topicPrefix });
    deploy.env.PXG_KAFKA_REPLICATION = '3';
    addSubscriber(deploy, subscriber.url, secret, hashApiKey('test-key-cluster-platform-00001'));
    gateways.push(await startGateway(deploy, 'cluster-1'), await startGateway(deploy, 'cluster-2'));
    await waitForFullIsr(admin, topics);
  }, 240_000);

  afterAll(async () => {
    await clusterNode('start').catch(() => {});
    await Promise.all(gateways.map((g) => g.stop('SIGTERM')));
    await subscriber.close();
    if (admin) {
      await admin.deleteTopics({ topics: (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix)) }).catch(() => {});
      await admin.disconnect();
    }
    await db?.drop();
    deploy?.remove();
  }, 240_000);

  const audit = (label: string) => auditCluster(label, { kafka, admin, db, topic: topics[0]!, pushed, subscriber, refusals });

  it('creates the record topics with three replicas and min.insync.replicas 2', async () => {
    const states = await partitionStates(admin, topics);
    expect(states.map((s) => s.isr.length)).toEqual(states.map(() => 3));
    const { resources } = await admin.describeConfigs({
      resources: topics.map((name) => ({ type: 2, name, configNames: ['min.insync.replicas'] })),
      includeSynonyms: false,
    });
    expect(resources.map((r) => r.configEntries.find((e) => e.configName === 'min.insync.replicas')?.configValue)).toEqual(['2', '2']);
  });

  it('loses no receipted record when the partition leader is SIGKILLed', async () => {
    const leader = (await partitionStates(admin, [topics[0]!])).find((s) => s.partition === 0)!.leader;
    await underLoad('kill', async (receipts) => {
      await clusterNode('kill', leader);
      await receiptsGoOn(receipts, `after node ${leader} was killed`);
      await clusterNode('start', leader);
      await waitForFullIsr(admin, topics);
    });
    expect((await partitionStates(admin, [topics[0]!])).every((s) => s.leader >= 0)).toBe(true);
    await audit(`partition leader (node ${leader}) SIGKILLed under load`);
  }, 300_000);

  it('loses no receipted record while one broker is stopped for a while and brought back', async () => {
    await underLoad('stop', async (receipts) => {
      await clusterNode('stop', 2);
      await receiptsGoOn(receipts, 'while node 2 is stopped');
      await sleep(3_000);
      await clusterNode('start', 2);
      await waitForFullIsr(admin, topics);
    });
    await audit('one broker stopped and restarted under load');
  }, 300_000);

  it('loses no receipted record through a rolling restart of all three brokers', async () => {
    await underLoad('roll', async (receipts) => {
      for (const node of [1, 2, 3]) {
        await clusterNode('stop', node);
        await receiptsGoOn(receipts, `while node ${node} is down in the roll`);
        await clusterNode('start', node);
        await waitForFullIsr(admin, topics);
      }
    });
    await audit('rolling restart of all three brokers under load');
  }, 420_000);

  it('answers 503 with Retry-After and receipts nothing while two brokers are down, then recovers', async () => {
    await clusterNode('stop', 2);
    await clusterNode('stop', 3);
    const answers = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        const outcomes = [];
        for (let n = 0; n < 5; n++) {
          const started = Date.now();
          const outcome = await push(gateways[client % gateways.length]!.url, terminationNotice(client * 10 + n, 1, 'noquorum'));
          outcomes.push({ ...outcome, ms: Date.now() - started });
          await sleep(200);
        }
        return outcomes;
      }),
    );
    const outcomes = answers.flat();
    console.log(`[audit] answers with two of three brokers down: ${outcomes.map((o) => `${o.status} in ${o.ms} ms`).join(', ')}`);
    expect(outcomes.filter((o) => o.receipt)).toEqual([]);
    expect(outcomes.filter((o) => o.status !== 503 || !(Number(o.retryAfter) > 0))).toEqual([]);
    expect(gateways.every((g) => g.child.exitCode === null)).toBe(true);

    await clusterNode('start');
    await waitForFullIsr(admin, topics);
    await underLoad('back', async () => {});
    await audit('after two brokers were down and came back');
  }, 300_000);
});
