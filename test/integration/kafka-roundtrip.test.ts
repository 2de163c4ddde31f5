/**
 * Round trip through a real Kafka broker with the client settings the Kafka record log uses:
 * idempotent producer with acks=all, murmur2 key partitioning, a consumer group committing offsets.
 */
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type ConsumedMessage,
  consumeMessages,
  createTopic,
  deleteTopics,
  describeKafka,
  idempotentProducer,
  kafkaClient,
  uniqueGroup,
  uniqueTopic,
  withAdmin,
} from '../support/kafka.ts';

const PARTITIONS = 3;
const KEYS = 40;
const PER_KEY = 75;
const TOTAL = KEYS * PER_KEY;
const BATCH = 150;

/** Message i belongs to key i % KEYS and is that key's (i / KEYS)-th message. */
function messageAt(i: number): { key: string; value: string } {
  const key = `ocds-213-${String(i % KEYS).padStart(3, '0')}`;
  return { key, value: `${key}#${Math.floor(i / KEYS)}` };
}

describeKafka('Kafka round trip (idempotent producer, consumer group)', () => {
  let kafka: Kafka;
  const topic = uniqueTopic('roundtrip');
  const groupId = uniqueGroup('roundtrip');
  let consumed: ConsumedMessage[] = [];

  beforeAll(async () => {
    kafka = await kafkaClient('roundtrip-test');
    await createTopic(kafka, topic, PARTITIONS);
    const producer = await idempotentProducer(kafka);
    try {
      for (let start = 0; start < TOTAL; start += BATCH) {
        const messages = Array.from({ length: Math.min(BATCH, TOTAL - start) }, (_, j) => messageAt(start + j));
        await producer.send({ topic, acks: -1, messages });
      }
    } finally {
      await producer.disconnect();
    }
    consumed = await consumeMessages(kafka, { topic, groupId, count: TOTAL, timeoutMs: 60_000 });
  });

  afterAll(async () => {
    if (kafka) await deleteTopics(kafka, [topic]);
  });

  it('delivers every produced message exactly once', () => {
    expect(consumed).toHaveLength(TOTAL);
    const distinct = new Set(consumed.map((m) => m.value));
    expect(distinct.size).toBe(TOTAL);
    for (let i = 0; i < TOTAL; i += 1) expect(distinct.has(messageAt(i).value)).toBe(true);
  });

  it('keeps the messages of one key on one partition, in production order', () => {
    const byKey = new Map<string, ConsumedMessage[]>();
    for (const message of consumed) {
      const list = byKey.get(message.key ?? '') ?? [];
      list.push(message);
      byKey.set(message.key ?? '', list);
    }
    expect(byKey.size).toBe(KEYS);
    for (const [key, messages] of byKey) {
      expect(new Set(messages.map((m) => m.partition)).size).toBe(1);
      expect(messages.map((m) => m.value)).toEqual(Array.from({ length: PER_KEY }, (_, n) => `${key}#${n}`));
    }
  });

  it('spreads keys over all partitions', () => {
    expect(new Set(consumed.map((m) => m.partition)).size).toBe(PARTITIONS);
  });

  it('commits the consumer group position at the end of every partition', async () => {
    const [committed, ends] = await withAdmin(
      kafka,
      async (admin) => [await admin.fetchOffsets({ groupId, topics: [topic] }), await admin.fetchTopicOffsets(topic)] as const,
    );
    const committedByPartition = new Map(committed[0]!.partitions.map((p) => [p.partition, p.offset]));
    expect(ends.reduce((sum, p) => sum + Number(p.high), 0)).toBe(TOTAL);
    for (const end of ends) expect(committedByPartition.get(end.partition)).toBe(end.high);
  });
});
