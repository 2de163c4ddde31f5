/**
 * Scale-out: two gateway processes share one Kafka and one PostgreSQL. Twenty concurrent clients
 * push overlapping records (the same ids and versions, some retried on the other process) to
 * both; afterwards an independent consumer of the topic, the journal and the ingest index must
 * agree on exactly what was receipted.
 */

import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type ConsumedMessage,
  consumeMessages,
  deleteTopics,
  describeKafka,
  kafkaBrokers,
  kafkaClient,
  uniqueGroup,
  uniqueTopic,
  withAdmin,
} from '../support/kafka.ts';
import { databaseUrl, type FreshSchema, freshSchema } from '../support/postgres.ts';
import { type Deployment, deployment, type Gateway, type PushOutcome, push, startGateway, terminationNotice } from './scaleout-harness.ts';

const CLIENTS = 20;
const RECORDS = 24;
const VERSIONS = 3;
const PUSHES_PER_CLIENT = 24;

/** A small deterministic generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function headerText(message: ConsumedMessage, name: string): string {
  return String(message.headers?.[name] ?? '');
}

describeKafka('scale-out: two gateway processes on one Kafka and one PostgreSQL', () => {
  const topicPrefix = `${uniqueTopic('scaleout')}.`;
  const topics = ['notices', 'transactions', 'rejected', 'deadletters'].map((f) => `${topicPrefix}${f}.v1`);
  let kafka: Kafka;
  let db: FreshSchema;
  let deploy: Deployment;
  const gateways: Gateway[] = [];
  const outcomes: { n: number; version: number; outcome: PushOutcome }[] = [];
  let messages: ConsumedMessage[] = [];

  beforeAll(async () => {
    kafka = await kafkaClient('scaleout-audit');
    db = await freshSchema('scaleout');
    deploy = deployment({ brokers: await kafkaBrokers(), databaseUrl: await databaseUrl(), schema: db.schema, topicPrefix });
    // Both start at once: migrations and topic creation must cope.
    gateways.push(...(await Promise.all([startGateway(deploy, 'a'), startGateway(deploy, 'b')])));

    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        const next = random(client + 1);
        for (let i = 0; i < PUSHES_PER_CLIENT; i++) {
          // Overlapping ids and versions in any order across clients: some pushes find a newer version accepted.
          const n = Math.floor(next() * RECORDS);
          const version = 1 + Math.floor(next() * VERSIONS);
          const record = terminationNotice(n, version);
          const target = gateways[(client + i) % 2]!;
          outcomes.push({ n, version, outcome: await push(target.url, record) });
          // Some clients retry the same push on the other process (as after a lost answer).
          if (next() < 0.2) outcomes.push({ n, version, outcome: await push(gateways[(client + i + 1) % 2]!.url, record) });
        }
      }),
    );

    // The projectors of both processes catch up with everything receipted.
    const receipted = new Set(outcomes.flatMap((o) => (o.outcome.receipt ? [o.outcome.receipt.eventId] : [])));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await db.pool.query<{ event_id: string }>('SELECT event_id FROM journal');
      const journal = new Set(rows.map((r) => r.event_id));
      if ([...receipted].every((id) => journal.has(id))) break;
      if (Date.now() > deadline) throw new Error('the journal did not catch up with the receipts');
      await new Promise((r) => setTimeout(r, 200));
    }

    const ends = await withAdmin(kafka, (admin) => admin.fetchTopicOffsets(`${topicPrefix}notices.v1`));
    const total = ends.reduce((sum, p) => sum + Number(p.high), 0);
    messages = await consumeMessages(kafka, {
      topic: `${topicPrefix}notices.v1`,
      groupId: uniqueGroup('scaleout-audit'),
      count: total,
      timeoutMs: 30_000,
    });
  }, 150_000);

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop('SIGTERM')));
    await db?.drop();
    if (kafka) await deleteTopics(kafka, topics);
    deploy?.remove();
  });

  it('answers every push with a receipt or a version decision, never a server error', () => {
    const statuses = new Set(outcomes.map((o) => o.outcome.status));
    expect([...statuses].filter((s) => ![200, 201, 409].includes(s))).toEqual([]);
    expect(outcomes.filter((o) => o.outcome.status === 201).length).toBeGreaterThanOrEqual(RECORDS);
    expect(outcomes.filter((o) => o.outcome.status === 200).length).toBeGreaterThan(0);
  });

  it('gives every accepted version one receipt, whichever process and however often it was pushed', () => {
    const byVersion = new Map<string, string>();
    for (const { n, version, outcome } of outcomes) {
      if (!outcome.receipt) continue;
      const key = `${n}/${version}`;
      const earlier = byVersion.get(key);
      if (earlier) expect(outcome.receipt.eventId).toBe(earlier);
      else byVersion.set(key, outcome.receipt.eventId);
    }
    expect(byVersion.size).toBeGreaterThanOrEqual(RECORDS);
  });

  it('has every receipted version on the topic, and nothing else, once de-duplicated by event id', () => {
    const onTopic = new Set(messages.map((m) => headerText(m, 'ce_id')));
    const receipted = new Set(outcomes.flatMap((o) => (o.outcome.receipt ? [o.outcome.receipt.eventId] : [])));
    expect(onTopic).toEqual(receipted);
  });

  it('finds each receipt at the log position it names', () => {
    const at = new Map(messages.map((m) => [`${topicPrefix}notices.v1/${m.partition}/${m.offset}`, headerText(m, 'ce_id')]));
    for (const { outcome } of outcomes) {
      if (outcome.receipt) expect(at.get(outcome.receipt.logPosition)).toBe(outcome.receipt.eventId);
    }
  });

  it('keeps the versions of each record in ascending order on the topic', () => {
    const byRecord = new Map<string, { partition: number; offset: bigint; version: number; id: string }[]>();
    for (const m of messages) {
      const record = headerText(m, 'ce_subject');
      const list = byRecord.get(record) ?? [];
      list.push({
        partition: m.partition,
        offset: BigInt(m.offset),
        version: Number(headerText(m, 'ce_recordversion')),
        id: headerText(m, 'ce_id'),
      });
      byRecord.set(record, list);
    }
    for (const [record, list] of byRecord) {
      expect(new Set(list.map((l) => l.partition)).size, record).toBe(1);
      list.sort((x, y) => (x.offset < y.offset ? -1 : 1));
      const seen = new Set<string>();
      const versions = list.filter((l) => !seen.has(l.id) && seen.add(l.id)).map((l) => l.version);
      expect(versions, record).toEqual([...versions].sort((x, y) => x - y));
    }
  });

  it('has a state store that agrees with the topic: journal and ingest index hold each version once', async () => {
    const onTopic = new Set(messages.map((m) => headerText(m, 'ce_id')));
    const journal = await db.pool.query<{ event_id: string; seq: string }>('SELECT event_id, seq FROM journal ORDER BY seq');
    expect(journal.rows.map((r) => r.event_id).sort()).toEqual([...onTopic].sort());
    expect(journal.rows.map((r) => Number(r.seq))).toEqual(journal.rows.map((_, i) => i + 1));
    const index = await db.pool.query<{ event_id: string }>('SELECT event_id FROM ingest_versions WHERE receipt IS NOT NULL');
    expect(new Set(index.rows.map((r) => r.event_id))).toEqual(onTopic);
  });
});
