/**
 * Every native fixture of every registered adapter makes the whole trip through a real Kafka
 * broker: native → adapter inbound → standard records → envelopes appended by the Kafka record
 * log (binary CloudEvents on the record topics) → read back from the broker → adapter outbound →
 * the same native payload (byte for byte; JSON as data; or, where the fixture says `roundtrip`,
 * the same standard records once more).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adapters } from '../../adapters/registry.ts';
import type { Adapter } from '../../adapters/sdk.ts';
import { type EventEnvelope, envelopeFor } from '../../gateway/core/envelope.ts';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { createKafkaRecordLog, type KafkaRecordLog } from '../../gateway/log/kafka.ts';
import type { LoggedEvent } from '../../gateway/log/port.ts';
import { NOTICE_SCHEMA_ID, TRANSACTION_SCHEMA_ID } from '../../gateway/standard/index.ts';
import { deleteTopics, describeKafka, kafkaBrokers, kafkaClient, uniqueTopic } from '../support/kafka.ts';

interface Meta {
  mediaType?: string;
  encoding?: string;
  config?: number;
  publishedAt?: string;
  outbound?: 'exact' | 'roundtrip' | 'none';
}

interface Case {
  adapter: Adapter;
  file: string;
  native: Buffer;
  meta: Meta;
  records: StandardRecord[];
  envelopes: EventEnvelope[];
}

const MEDIA_TYPES: Record<string, string> = { json: 'application/json', xml: 'application/xml', csv: 'text/csv' };

/** The fixtures of an adapter that have an outbound counterpart to compare with. */
function casesOf(adapter: Adapter): Omit<Case, 'records' | 'envelopes'>[] {
  if (!adapter.inbound || !adapter.outbound) return [];
  const dir = new URL(`../../adapters/${adapter.manifest.id}/fixtures/native/`, import.meta.url);
  const files = readdirSync(dir).sort();
  return files
    .filter((f) => !f.endsWith('.meta.json'))
    .map((file) => {
      const metaFile = `${file.replace(/\.[^.]+$/, '')}.meta.json`;
      const meta = (files.includes(metaFile) ? JSON.parse(readFileSync(new URL(metaFile, dir), 'utf8')) : {}) as Meta;
      return { adapter, file, native: readFileSync(new URL(file, dir)), meta };
    })
    .filter((c) => c.meta.outbound !== 'none');
}

function contextOf(c: Omit<Case, 'records' | 'envelopes'>) {
  const extension = c.file.split('.').pop() ?? '';
  const declared = c.adapter.manifest.native.mediaTypes;
  return {
    systemId: `roundtrip-${c.adapter.manifest.id}`,
    config: c.adapter.manifest.configExamples[c.meta.config ?? 0] ?? {},
    mediaType: c.meta.mediaType ?? (declared.includes(MEDIA_TYPES[extension] ?? '') ? MEDIA_TYPES[extension]! : declared[0]!),
    encoding: c.meta.encoding ?? c.adapter.manifest.native.encodings[0]!,
  };
}

describeKafka('adapter fixtures round-trip through Kafka', () => {
  const prefix = `${uniqueTopic('pxg-adapters')}.`;
  let log: KafkaRecordLog;
  const cases: Case[] = [];
  const readBack = new Map<string, LoggedEvent>();

  beforeAll(async () => {
    // One partition per topic: the broker gives the events back in the order they were appended.
    log = createKafkaRecordLog(await kafkaBrokers(), { topicPrefix: prefix, partitions: 1, clientId: 'pxg-adapter-roundtrip' });
    await log.start();
    const acceptedAt = new Date('2026-05-01T08:00:00Z');
    for (const fixture of adapters.flatMap(casesOf)) {
      const ctx = contextOf(fixture);
      const result = fixture.adapter.inbound!(fixture.native, ctx);
      if (!result.ok) throw new Error(`${fixture.adapter.manifest.id}/${fixture.file}: ${JSON.stringify(result.error)}`);
      const envelopes = result.records.map((r) =>
        envelopeFor(r, ctx.systemId, r.recordType === 'notice' ? NOTICE_SCHEMA_ID : TRANSACTION_SCHEMA_ID, acceptedAt),
      );
      cases.push({ ...fixture, records: result.records, envelopes });
    }
    const all = cases.flatMap((c) => c.envelopes);
    await log.append(all);
    let cursor: string | null = null;
    while (readBack.size < new Set(all.map((e) => e.id)).size) {
      const page = await log.read(cursor, 500);
      if (page.events.length === 0) throw new Error(`read ${readBack.size} of ${all.length} events back from Kafka`);
      for (const event of page.events) readBack.set(event.envelope.id, event);
      cursor = page.next;
    }
  });

  afterAll(async () => {
    await log?.close();
    await deleteTopics(
      await kafkaClient(),
      ['notices', 'transactions', 'rejected', 'deadletters'].map((f) => `${prefix}${f}.v1`),
    );
  });

  it('covers the native fixtures of every adapter with an outbound direction, including the three native systems', () => {
    const ids = new Set(cases.map((c) => c.adapter.manifest.id));
    for (const id of ['national-trading-platform', 'provincial-fujian', 'emall']) expect(ids).toContain(id);
  });

  it('turns the envelopes read back from the broker into the original native payloads', () => {
    for (const c of cases) {
      const label = `${c.adapter.manifest.id}/${c.file}`;
      // What came back from Kafka, not what was sent: same ids, read in log order.
      const fromKafka = c.envelopes.map((e) => readBack.get(e.id)?.envelope);
      expect(fromKafka.every(Boolean), `${label}: every event read back`).toBe(true);
      expect(
        fromKafka.map((e) => e!.data),
        `${label}: records intact through Kafka`,
      ).toEqual(c.records);
      const ctx = {
        systemId: `roundtrip-${c.adapter.manifest.id}`,
        config: contextOf(c).config,
        ...(c.meta.publishedAt ? { publishedAt: c.meta.publishedAt } : {}),
      };
      const out = c.adapter.outbound!(fromKafka as EventEnvelope[], ctx);
      if (!out.ok) expect.fail(`${label}: outbound failed: ${JSON.stringify(out.error)}`);
      if ((c.meta.outbound ?? 'exact') === 'exact') {
        const bytes = typeof out.body === 'string' ? Buffer.from(out.body, 'utf8') : Buffer.from(out.body);
        const same = /[/+]json$/.test(out.mediaType)
          ? isDeepStrictEqual(JSON.parse(bytes.toString('utf8')), JSON.parse(c.native.toString('utf8')))
          : bytes.equals(c.native);
        expect(same, `${label}: outbound equals the native fixture`).toBe(true);
      } else {
        const again = c.adapter.inbound!(out.body, contextOf(c));
        expect(again.ok ? again.records : again.error, `${label}: outbound reads back as the same records`).toEqual(c.records);
      }
    }
  });
});
