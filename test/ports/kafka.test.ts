/**
 * The Kafka record log against a real broker: what is particular to Kafka (topic layout,
 * CloudEvents binary-mode headers, keys and partitions, producer micro-batching, failing fast
 * when no broker answers). Each suite uses its own topic prefix.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type EventEnvelope, envelopeFor } from '../../gateway/core/envelope.ts';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { createKafkaRecordLog, KafkaRecordLog, topicName } from '../../gateway/log/kafka.ts';
import type { OutgoingMessage } from '../../gateway/log/kafka-client.ts';
import { KafkaJsClient } from '../../gateway/log/kafka-kafkajs.ts';
import { LogUnavailableError } from '../../gateway/log/port.ts';
import {
  consumeMessages,
  deleteTopics,
  describeKafka,
  kafkaBrokers,
  kafkaClient,
  PassThroughKafkaClient,
  uniqueGroup,
  uniqueTopic,
  withAdmin,
} from '../support/kafka.ts';
import { runLogSuite } from './log.suite.ts';

function notice(id: string, version: number, ocid: string): StandardRecord {
  return {
    recordType: 'notice',
    id,
    version,
    operation: version === 1 ? 'create' : 'update',
    regionCode: '350100',
    ocid,
    noticeType: 'tender',
    date: '2026-03-01T09:00:00+08:00',
  };
}

function transaction(id: string, transactionId: string): StandardRecord {
  return {
    recordType: 'transaction',
    id,
    version: 1,
    operation: 'create',
    regionCode: '350100',
    transactionId,
    transactionType: 'order',
    date: '2026-03-01T09:00:00+08:00',
  };
}

function envelope(record: StandardRecord, traceparent?: string): EventEnvelope {
  return envelopeFor(
    record,
    'fj-gpms',
    `https://procurement-exchange.example/schemas/v1/${record.recordType}.schema.json`,
    new Date(),
    traceparent,
  );
}

/** The real client, counting produce requests (a decorator, not a mock: every call reaches the broker). */
class CountingClient extends PassThroughKafkaClient {
  produceRequests = 0;
  override produce(messages: OutgoingMessage[]) {
    this.produceRequests++;
    return super.produce(messages);
  }
}

describeKafka('Kafka', () => {
  runLogSuite('Kafka', async () => {
    const prefix = `${uniqueTopic('log-suite')}.`;
    const log = createKafkaRecordLog(await kafkaBrokers(), { topicPrefix: prefix, partitions: 3 });
    await log.start();
    return {
      log,
      dispose: async () => {
        await log.close();
        await deleteTopics(
          await kafkaClient(),
          ['notices', 'transactions', 'rejected', 'deadletters'].map((f) => `${prefix}${f}.v1`),
        );
      },
    };
  });
});

describeKafka('Kafka record log: layout, binding and batching', () => {
  const prefix = `${uniqueTopic('kl')}.`;
  let client: CountingClient;
  let log: KafkaRecordLog;

  beforeAll(async () => {
    client = new CountingClient(
      new KafkaJsClient({
        brokers: await kafkaBrokers(),
        clientId: 'kafka-log-test',
        connectionTimeoutMs: 1_000,
        requestTimeoutMs: 5_000,
        retries: 2,
      }),
    );
    log = new KafkaRecordLog(client, { topicPrefix: prefix, partitions: 3 });
    await log.start();
  });

  afterAll(async () => {
    await log?.close();
    const kafka = await kafkaClient();
    await deleteTopics(
      kafka,
      ['notices', 'transactions', 'rejected', 'deadletters'].map((f) => `${prefix}${f}.v1`),
    );
  });

  it('creates the four topics of the layout with the configured partitions and retention', async () => {
    const kafka = await kafkaClient();
    const names = ['notices', 'transactions', 'rejected', 'deadletters'].map((f) => `${prefix}${f}.v1`);
    const { topics } = await withAdmin(kafka, (admin) => admin.fetchTopicMetadata({ topics: names }));
    expect(topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual(names.map((n) => [n, 3]).sort());
    const configs = await withAdmin(kafka, (admin) =>
      admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2, name: names[0]!, configNames: ['retention.ms', 'max.message.bytes'] }],
      }),
    );
    const entries = Object.fromEntries(configs.resources[0]!.configEntries.map((e) => [e.configName, e.configValue]));
    expect(entries).toEqual({ 'retention.ms': '-1', 'max.message.bytes': String(8 * 1024 * 1024) });
  });

  it('starts again over existing topics without error', async () => {
    const again = createKafkaRecordLog(await kafkaBrokers(), { topicPrefix: prefix, partitions: 3 });
    await again.start();
    await again.close();
  });

  it('writes notices and transactions to their topics as CloudEvents binary-mode messages keyed by process key', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const n = envelope(notice('N-bind-1', 1, 'ocds-213czf-bind-1'), traceparent);
    const t = envelope(transaction('T-bind-1', 'ORD-bind-1'));
    const [notePosition, txPosition] = await log.append([n, t]);
    expect(notePosition).toMatch(new RegExp(`^${topicName(prefix, 'notices').replace(/\./g, '\\.')}/\\d+/\\d+$`));
    expect(txPosition!.startsWith(`${topicName(prefix, 'transactions')}/`)).toBe(true);

    const kafka = await kafkaClient();
    const [message] = await consumeMessages(kafka, { topic: topicName(prefix, 'notices'), groupId: uniqueGroup('kl-bind'), count: 1 });
    expect(message!.key).toBe('ocds-213czf-bind-1');
    const headers = Object.fromEntries(Object.entries(message!.headers ?? {}).map(([k, v]) => [k, String(v)]));
    expect(headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: n.id,
      ce_source: '/systems/fj-gpms',
      ce_type: 'cn.gov.procurement.notice.tender',
      ce_subject: 'N-bind-1',
      ce_time: n.time,
      ce_dataschema: n.dataschema,
      ce_operation: 'create',
      ce_recordversion: '1',
      ce_processkey: 'ocds-213czf-bind-1',
      ce_contenthash: n.contenthash,
      ce_traceparent: traceparent,
      traceparent,
      'content-type': 'application/json',
    });
    expect(JSON.parse(message!.value)).toEqual(n.data);
  });

  it('reads back what it appended with the same envelope, key by key in append order', async () => {
    const ocid = 'ocds-213czf-order-1';
    const events = [1, 2, 3, 4, 5].map((v) => envelope(notice('N-order-1', v, ocid)));
    const positions: string[] = [];
    for (const e of events) positions.push(...(await log.append([e])));
    let cursor: string | null = null;
    const seen: EventEnvelope[] = [];
    for (let page = 0; page < 20; page++) {
      const { events: read, next } = await log.read(cursor, 4);
      if (read.length === 0) break;
      seen.push(...read.map((r) => r.envelope));
      cursor = next;
    }
    const mine = seen.filter((e) => e.processkey === ocid);
    expect(mine).toEqual(events);
  });

  it('coalesces concurrent appends into fewer produce requests and gives each its own position', async () => {
    const before = client.produceRequests;
    const appends = Array.from({ length: 40 }, (_, i) => log.append([envelope(notice(`N-batch-${i}`, 1, `ocds-213czf-batch-${i % 7}`))]));
    const positions = (await Promise.all(appends)).flat();
    expect(new Set(positions).size).toBe(40);
    expect(client.produceRequests - before).toBeLessThan(40);
  });

  it('appends more than one produce request holds, and a record over the broker default of 1 MiB, keeping their order', async () => {
    const ocid = 'ocds-213czf-large-1';
    const large = (v: number, kib: number) => envelope({ ...notice('N-large-1', v, ocid), description: '采'.repeat((kib * 1024) / 3) });
    const events = [large(1, 400), large(2, 400), large(3, 400), large(4, 1100)];
    const positions = await log.append(events);
    expect(new Set(positions).size).toBe(4);
    const offsets = positions.map((p) => BigInt(p.split('/')[2]!));
    expect(offsets).toEqual(offsets.map((_, i) => offsets[0]! + BigInt(i)));
    let cursor: string | null = null;
    const seen: EventEnvelope[] = [];
    for (let page = 0; page < 50; page++) {
      const { events: read, next } = await log.read(cursor, 100);
      if (read.length === 0) break;
      seen.push(...read.map((r) => r.envelope).filter((e) => e.processkey === ocid));
      cursor = next;
    }
    expect(seen).toEqual(events);
  });

  it('keeps every event of one process key on one partition', async () => {
    const ocid = 'ocds-213czf-partition-1';
    const positions = await log.append([1, 2, 3].map((v) => envelope(notice(`N-part-${v}`, 1, ocid))));
    const partitions = new Set(positions.map((p) => p.split('/')[1]));
    expect(partitions.size).toBe(1);
    const offsets = positions.map((p) => BigInt(p.split('/')[2]!));
    expect(offsets[1]! - offsets[0]!).toBe(1n);
    expect(offsets[2]! - offsets[1]!).toBe(1n);
  });

  it('delivers appended events to a consumer group and resumes from the committed position', async () => {
    const group = `g-${Date.now()}`;
    const first = envelope(notice('N-group-1', 1, 'ocds-213czf-group-1'));
    await log.append([first]);
    const received: string[] = [];
    let consumer = await log.consume(group, async (events) => {
      received.push(...events.map((e) => e.envelope.id));
    });
    await waitFor(() => received.includes(first.id));
    await consumer.stop();

    const second = envelope(notice('N-group-2', 1, 'ocds-213czf-group-2'));
    await log.append([second]);
    const resumed: string[] = [];
    consumer = await log.consume(group, async (events) => {
      resumed.push(...events.map((e) => e.envelope.id));
    });
    await waitFor(() => resumed.includes(second.id));
    await consumer.stop();
    expect(resumed).not.toContain(first.id);
  });
  it('with catch-up, delivers to a new member while the group is held by a member that cannot rejoin', async () => {
    const group = `g-held-${Date.now()}`;
    const event = envelope(notice('N-held-1', 1, 'ocds-213czf-held-1'));
    await log.append([event]);
    // The first member takes every partition, then hangs in its handler: a rebalance waits for it
    // (as it waits for a killed member until its session expires).
    let release: () => void = () => {};
    const hung = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = false;
    const holder = await log.consume(group, async () => {
      holding = true;
      await hung;
    });
    await waitFor(() => holding);
    // The group's state when the new member first gets the event: still rebalancing (waiting for
    // the hung member) means the event came before the group would have handed out partitions.
    const kafka = await kafkaClient();
    const states: string[] = [];
    const member = await log.consume(
      group,
      async (events) => {
        if (states.length > 0 || !events.some((e) => e.envelope.id === event.id)) return;
        const { groups } = await withAdmin(kafka, (admin) => admin.describeGroups([`${prefix}${group}`]));
        states.push(groups[0]?.state ?? 'unknown');
      },
      { catchUp: true },
    );
    try {
      await waitFor(() => states.length > 0, 30_000);
      expect(states).toEqual(['PreparingRebalance']);
    } finally {
      release();
      await member.stop();
      await holder.stop();
    }
  }, 60_000);
});

describeKafka('Kafka record log without a broker', () => {
  it('fails start-up with LogUnavailableError when no broker answers', async () => {
    // A port nothing listens on: the connection is refused at once.
    const log = createKafkaRecordLog(['127.0.0.1:1'], { topicPrefix: `${uniqueTopic('kl-none')}.` });
    await expect(log.start()).rejects.toBeInstanceOf(LogUnavailableError);
    await log.close();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
