/**
 * No dual-write loss in the distributed deployment: one of two gateway processes is SIGKILLed
 * while clients push, then restarted. Clients retry until they hold a receipt (on the other
 * process while one is down). Afterwards every receipted version is on the topic and in the
 * journal exactly once in effect, and nothing is on the topic that nobody holds a receipt for.
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

const CLIENTS = 8;
const RECORDS_PER_CLIENT = 6;
const VERSIONS = 3;
/** The kill comes once this many pushes were answered. */
const KILL_AFTER = 40;

describeKafka('SIGKILL of a gateway process in the distributed deployment', () => {
  const topicPrefix = `${uniqueTopic('sigkill')}.`;
  let kafka: Kafka;
  let db: FreshSchema;
  let deploy: Deployment;
  /** The processes clients may reach: [a, b]; a is replaced after its kill. */
  const live: (Gateway | null)[] = [null, null];
  const started: Gateway[] = [];
  const receipts: NonNullable<PushOutcome['receipt']>[] = [];
  let failedAttempts = 0;
  let messages: ConsumedMessage[] = [];

  beforeAll(async () => {
    kafka = await kafkaClient('sigkill-audit');
    db = await freshSchema('sigkill');
    deploy = deployment({ brokers: await kafkaBrokers(), databaseUrl: await databaseUrl(), schema: db.schema, topicPrefix });
    const [a, b] = await Promise.all([startGateway(deploy, 'a'), startGateway(deploy, 'b')]);
    live[0] = a;
    live[1] = b;
    started.push(a, b);

    let answered = 0;
    let killed: Promise<void> | null = null;
    const killAndRestart = async () => {
      const victim = live[0]!;
      live[0] = null;
      // However fast the others' pushes are answered, one push is certainly under way at the victim
      // when it dies: it fails, and is retried on the other process until it holds a receipt.
      const cut = (async () => {
        const record = terminationNotice(CLIENTS * 100, 1, 'kill');
        let outcome = await push(victim.url, record);
        while (!outcome.receipt) {
          failedAttempts++;
          await new Promise((resolve) => setTimeout(resolve, 100));
          outcome = await push(live[1]!.url, record);
        }
        receipts.push(outcome.receipt);
      })();
      await victim.stop('SIGKILL');
      await cut;
      const restarted = await startGateway(deploy, 'a-restarted');
      started.push(restarted);
      live[0] = restarted;
    };

    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let r = 0; r < RECORDS_PER_CLIENT; r++) {
          for (let version = 1; version <= VERSIONS; version++) {
            const record = terminationNotice(client * 100 + r, version, 'kill');
            // Retry (on whichever process is up) until a receipt: what a well-behaved pushing system does.
            for (let attempt = 0; ; attempt++) {
              const target = live[(client + r + version + attempt) % 2] ?? live[1]!;
              const outcome = await push(target.url, record);
              answered++;
              if (answered === KILL_AFTER && !killed) killed = killAndRestart();
              if (outcome.receipt) {
                receipts.push(outcome.receipt);
                break;
              }
              failedAttempts++;
              if (attempt > 50) throw new Error(`no receipt for ${record.id} v${version}: last status ${outcome.status}`);
              await new Promise((resolve) => setTimeout(resolve, 100));
            }
          }
        }
      }),
    );
    await killed;

    // The projectors (including the restarted one) catch up with every receipt.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { rows } = await db.pool.query<{ event_id: string }>('SELECT event_id FROM journal');
      const journal = new Set(rows.map((row) => row.event_id));
      if (receipts.every((receipt) => journal.has(receipt.eventId))) break;
      if (Date.now() > deadline) throw new Error('the journal did not catch up with the receipts after the restart');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const ends = await withAdmin(kafka, (admin) => admin.fetchTopicOffsets(`${topicPrefix}notices.v1`));
    const total = ends.reduce((sum, p) => sum + Number(p.high), 0);
    messages = await consumeMessages(kafka, {
      topic: `${topicPrefix}notices.v1`,
      groupId: uniqueGroup('sigkill-audit'),
      count: total,
      timeoutMs: 30_000,
    });
  }, 170_000);

  afterAll(async () => {
    await Promise.all(started.map((g) => g.stop('SIGTERM')));
    await db?.drop();
    if (kafka)
      await deleteTopics(
        kafka,
        ['notices', 'transactions', 'rejected', 'deadletters'].map((f) => `${topicPrefix}${f}.v1`),
      );
    deploy?.remove();
  });

  it('killed a process in the middle of the load (some pushes failed and were retried)', () => {
    expect(started).toHaveLength(3);
    expect(started[0]!.child.signalCode).toBe('SIGKILL');
    expect(failedAttempts).toBeGreaterThan(0);
  });

  it('ends with a receipt for every version pushed, one event id per version', () => {
    const byVersion = new Map(receipts.map((r) => [`${r.recordId}/${r.version}`, r.eventId]));
    // The clients' versions, and the one push that was under way at the victim when it died.
    expect(byVersion.size).toBe(CLIENTS * RECORDS_PER_CLIENT * VERSIONS + 1);
    for (const r of receipts) expect(byVersion.get(`${r.recordId}/${r.version}`)).toBe(r.eventId);
  });

  it('has every receipted version on the topic, and nothing unreceipted, once de-duplicated by event id', () => {
    const onTopic = new Set(messages.map((m) => String(m.headers?.ce_id ?? '')));
    expect(onTopic).toEqual(new Set(receipts.map((r) => r.eventId)));
  });

  it('has every receipted version in the journal exactly once, with a gap-free seq', async () => {
    const { rows } = await db.pool.query<{ event_id: string; seq: string }>('SELECT event_id, seq FROM journal ORDER BY seq');
    expect(rows.map((r) => r.event_id).sort()).toEqual([...new Set(receipts.map((r) => r.eventId))].sort());
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
  });

  it('prints the duplicate appends of retried requests and receipts not naming the journal copy', async () => {
    const { rows } = await db.pool.query<{ event_id: string; log_position: string }>('SELECT event_id, log_position FROM journal');
    const kept = new Map(rows.map((r) => [r.event_id, r.log_position]));
    const onTopic = new Set(messages.map((m) => String(m.headers?.ce_id ?? '')));
    const notKept = receipts.filter((r) => kept.get(r.eventId) !== r.logPosition);
    console.log(
      `[audit] SIGKILL in the distributed deployment: ${receipts.length} receipts, ${failedAttempts} failed attempts retried, ` +
        `duplicate appends on the topic ${messages.length - onTopic.size}, receipts not naming the journal's copy ${notKept.length}`,
    );
    // Every receipt names a copy that is on the topic.
    const positions = new Set(messages.map((m) => `${topicPrefix}notices.v1/${m.partition}/${m.offset}`));
    expect(receipts.filter((r) => !positions.has(r.logPosition))).toEqual([]);
  });

  it('has a confirmed receipt in the ingest index for every version on the topic', async () => {
    const { rows } = await db.pool.query<{ event_id: string }>('SELECT event_id FROM ingest_versions WHERE receipt IS NOT NULL');
    expect(new Set(rows.map((r) => r.event_id))).toEqual(new Set(messages.map((m) => String(m.headers?.ce_id ?? ''))));
  });
});
