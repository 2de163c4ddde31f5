/**
 * The audit of the Kafka cluster fault suite: what was receipted against the record topic (at the
 * receipt's position, each key's versions in order, copies only of the same event id), the journal
 * and the subscriber; and the registry entries that give the suite's gateways that subscriber.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Admin, Kafka } from 'kafkajs';
import { expect } from 'vitest';
import type { RegistryFile } from '../../gateway/registry/types.ts';
import type { Deployment } from '../integration/scaleout-harness.ts';
import type { Endpoint } from '../integration/webhook.support.ts';
import { consumeMessages, uniqueGroup } from '../support/kafka.ts';
import type { FreshSchema } from '../support/postgres.ts';
import { eventually } from '../support/wait.ts';
import { auditCopies, deliveredTo, type PushedRecord, printAudit } from './audit.ts';

/** Adds a subscribing platform with a webhook subscription from the beginning to the deployment's registry. */
export function addSubscriber(deploy: Deployment, url: string, secret: string, keyHash: string): void {
  const file = join(deploy.dir, 'registry.json');
  const registry = JSON.parse(readFileSync(file, 'utf8')) as RegistryFile;
  registry.systems.push({
    id: 'ggzy-fj',
    name: 'Platform',
    kind: 'trading-platform',
    subscribe: { recordTypes: ['notice'], areaPrefixes: ['35'] },
    credentials: { apiKeys: [{ id: 't', sha256: keyHash }] },
  });
  registry.subscriptions = [
    { id: 'platform-hook', system: 'ggzy-fj', mode: 'webhook', from: 'beginning', webhook: { url, secrets: [{ secret }] } },
  ];
  registry.delivery = {
    allowTargets: ['127.0.0.1'],
    pollMs: 50,
    leaseTtlMs: 1500,
    retry: { maxAttempts: 1000, baseDelayMs: 50, maxDelayMs: 500, requestTimeoutMs: 5000 },
  };
  writeFileSync(file, JSON.stringify(registry));
}

/** One message of the record topic: its event id, process key, version and position. */
interface Copy {
  id: string;
  key: string;
  version: number;
  partition: number;
  offset: bigint;
  position: string;
}

/**
 * Keys whose versions are out of order on the topic: for each key (one partition), the first copy
 * of each event id in offset order must have a higher version than the one before it.
 */
export function keysOutOfOrder(copies: Copy[]): string[] {
  const byKey = new Map<string, Copy[]>();
  for (const c of copies) byKey.set(c.key, [...(byKey.get(c.key) ?? []), c]);
  const broken: string[] = [];
  for (const [key, list] of byKey) {
    const seen = new Set<string>();
    let last = 0;
    for (const c of list.sort((a, b) => (a.offset < b.offset ? -1 : 1))) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      if (c.version <= last) broken.push(key);
      last = c.version;
    }
  }
  return [...new Set(broken)];
}

/** What the audit reads and prints. */
export interface ClusterAuditInput {
  kafka: Kafka;
  admin: Admin;
  db: FreshSchema;
  topic: string;
  pushed: PushedRecord[];
  subscriber: Endpoint;
  refusals: Map<string, Map<number, number>>;
}

/** Audits every receipt so far against the topic, the journal and the subscriber; prints and asserts. */
export async function auditCluster(label: string, input: ClusterAuditInput): Promise<void> {
  const { kafka, admin, db, topic, pushed, subscriber } = input;
  const ends = await admin.fetchTopicOffsets(topic);
  const total = ends.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  const messages = await consumeMessages(kafka, { topic, groupId: uniqueGroup('cluster-audit'), count: total, timeoutMs: 60_000 });
  const copies: Copy[] = messages.map((m) => ({
    id: String(m.headers?.ce_id ?? ''),
    key: m.key ?? '',
    version: Number(String(m.headers?.ce_recordversion ?? '0')),
    partition: m.partition,
    offset: BigInt(m.offset),
    position: `${topic}/${m.partition}/${m.offset}`,
  }));
  const onTopic = new Map<string, string[]>();
  for (const c of copies) onTopic.set(c.id, [...(onTopic.get(c.id) ?? []), c.position]);
  const journal = async () => {
    const { rows } = await db.pool.query<{ event_id: string; n: number }>(
      'SELECT event_id, count(*)::int AS n FROM journal GROUP BY event_id',
    );
    return new Map(rows.map((r) => [r.event_id, r.n]));
  };
  // The projectors and the webhook workers went through the fault too and catch up by themselves.
  await eventually(
    async () => auditCopies(pushed, onTopic, await journal(), { checkPositions: true }).journalCopies.length === 0,
    90_000,
    'the journal',
  );
  await eventually(async () => deliveredTo(subscriber, pushed).missing.length === 0, 90_000, 'the subscriber');
  const result = auditCopies(pushed, onTopic, await journal(), { checkPositions: true });
  const delivered = deliveredTo(subscriber, pushed);
  const duplicates = copies.length - onTopic.size;
  const outOfOrder = keysOutOfOrder(copies);
  const refused = [...input.refusals]
    .map(([phase, statuses]) => `${phase} ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ') || 'none'}`)
    .join('; ');
  printAudit(label, result, { platform: delivered });
  console.log(
    `[audit] ${label}: ${copies.length} messages on the topic, ${duplicates} extra copies of an event id, keys out of order ${outOfOrder.length}; attempts without receipt: ${refused}`,
  );
  expect(result.notInLog).toEqual([]);
  expect(result.wrongPosition).toEqual([]);
  expect(outOfOrder).toEqual([]);
  expect(result.journalCopies).toEqual([]);
  expect(delivered.missing).toEqual([]);
}
