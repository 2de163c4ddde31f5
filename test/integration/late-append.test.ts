/**
 * An append given up on that lands after all. Process a's push of version 1 is not acknowledged
 * within its append timeout (its produce request is held back before it reaches the broker, as a
 * slow broker or the client's own retries would), so a answers 503; the request then goes through.
 * Meanwhile version 2 is pushed to process b, longer after version 1's claim than the claim hold.
 * Version 1 must still come first on the topic: a keeps its claim holding newer versions back for
 * as long as its append may land.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKafkaRecordLog, KafkaRecordLog } from '../../gateway/log/kafka.ts';
import type { OutgoingMessage } from '../../gateway/log/kafka-client.ts';
import { KafkaJsClient } from '../../gateway/log/kafka-kafkajs.ts';
import { PostgresStore } from '../../gateway/store/postgres/index.ts';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { deleteTopics, describeKafka, kafkaBrokers, kafkaClient, PassThroughKafkaClient, uniqueTopic } from '../support/kafka.ts';
import { databaseUrl, type FreshSchema, freshSchema } from '../support/postgres.ts';
import { headerRecord } from '../support/records.ts';
import { keys } from '../support/registry.ts';
import { eventually } from '../support/wait.ts';

/** The real client, whose produce requests wait at a gate the test opens (every call reaches the broker). */
class GatedClient extends PassThroughKafkaClient {
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => {
    this.open = resolve;
  });
  override async produce(messages: OutgoingMessage[]) {
    await this.gate;
    return super.produce(messages);
  }
  release(): void {
    this.open();
  }
}

const HOLD_MS = 600;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeKafka('an append given up on that lands later', () => {
  const prefix = `${uniqueTopic('pxg-late')}.`;
  let db: FreshSchema;
  let gated: GatedClient;
  const gateways: TestGateway[] = [];

  beforeAll(async () => {
    db = await freshSchema('late');
    const brokers = await kafkaBrokers();
    const url = await databaseUrl();
    gated = new GatedClient(
      new KafkaJsClient({ brokers, clientId: 'pxg-late-a', connectionTimeoutMs: 1_000, requestTimeoutMs: 3_000, retries: 2 }),
    );
    const logs = [
      new KafkaRecordLog(gated, { topicPrefix: prefix, partitions: 1, appendTimeoutMs: 300 }),
      createKafkaRecordLog(brokers, { topicPrefix: prefix, partitions: 1, clientId: 'pxg-late-b' }),
    ];
    for (const log of logs) {
      gateways.push(
        await startTestGateway({
          overrides: {
            log,
            stores: new PostgresStore({ url, schema: db.schema, maxConnections: 4, claimHoldMs: HOLD_MS }),
            logger: { info() {}, warn() {}, error() {} },
          },
        }),
      );
    }
  });

  afterAll(async () => {
    gated?.release();
    for (const gw of gateways) await gw.close();
    await db?.drop();
    await deleteTopics(
      await kafkaClient(),
      ['notices', 'transactions', 'rejected', 'deadletters'].map((f) => `${prefix}${f}.v1`),
    );
  });

  it('keeps the older version first on the log although the newer one was pushed after the claim hold', async () => {
    const [a, b] = gateways as [TestGateway, TestGateway];
    const record = (version: number) => headerRecord({ id: 'N-LATE-1', processKey: 'ocds-late-1', version });
    const push = (gw: TestGateway, version: number) =>
      gw.app.request('/v1/records', { method: 'POST', body: JSON.stringify(record(version)), headers: asSystem(keys.fujian) });

    const first = await push(a, 1);
    expect(first.status).toBe(503);
    expect((await json(first)).code).toBe('log_unavailable');

    // Well past the hold of version 1's claim, version 2 arrives at the other process.
    await sleep(HOLD_MS * 2);
    const second = push(b, 2);
    await sleep(HOLD_MS * 2);
    // Version 1's request reaches the broker only now.
    gated.release();
    expect((await second).status).toBe(201);

    // Both versions land (version 1 late); in log order, 1 comes first.
    const versions = await eventually(
      async () => {
        const { events } = await b.services.log.read(null, 100);
        const found = events.filter((e) => e.envelope.subject === 'N-LATE-1').map((e) => e.envelope.recordversion);
        return found.length >= 2 ? found : null;
      },
      10_000,
      'both versions on the log',
    );
    expect(versions).toEqual([1, 2]);
  });
});
