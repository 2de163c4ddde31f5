/**
 * The RecordLog behaviour every implementation (SQLite, Kafka) must show. Call
 * `runLogSuite(name, factory)` from a test file; the factory returns a fresh, started log
 * (its own file, or its own topic) and how to dispose of it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type EventEnvelope, envelopeFor } from '../../gateway/core/envelope.ts';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { type LoggedEvent, LogUnavailableError, type RecordLog } from '../../gateway/log/port.ts';
import { eventually } from '../support/wait.ts';

/** A fresh log for one test. */
export type LogFactory = () => Promise<{ log: RecordLog; dispose: () => Promise<void> }>;

let counter = 0;

/** An envelope of a notice in process `ocid`. */
export function testEnvelope(ocid: string, version = 1, id = `N-${ocid}-${++counter}`): EventEnvelope {
  const record: StandardRecord = {
    recordType: 'notice',
    id,
    version,
    operation: version === 1 ? 'create' : 'update',
    regionCode: '350102',
    ocid,
    noticeType: 'tender',
    date: '2026-03-01T09:00:00+08:00',
  };
  return envelopeFor(
    record,
    'fj-gpms',
    'https://procurement-exchange.example/schemas/v1/notice.schema.json',
    new Date('2026-03-01T01:00:00Z'),
  );
}

function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Reads everything in the log from the start. */
async function readAll(log: RecordLog): Promise<LoggedEvent[]> {
  const all: LoggedEvent[] = [];
  let cursor: string | null = null;
  for (;;) {
    const { events, next } = await log.read(cursor, 1000);
    if (events.length === 0) return all;
    all.push(...events);
    cursor = next;
  }
}

/** Runs the RecordLog behaviour suite against one implementation. */
export function runLogSuite(name: string, factory: LogFactory): void {
  describe(`RecordLog behaviour: ${name}`, () => {
    const disposers: (() => Promise<void>)[] = [];
    async function fresh(): Promise<RecordLog> {
      const { log, dispose } = await factory();
      disposers.push(dispose);
      return log;
    }
    afterEach(async () => {
      for (const dispose of disposers.splice(0)) await dispose();
    });

    it('resolves an append with one distinct position per event, in input order', async () => {
      const log = await fresh();
      const events = [testEnvelope(unique('p')), testEnvelope(unique('p')), testEnvelope(unique('p'))];
      const positions = await log.append(events);
      expect(positions).toHaveLength(3);
      expect(new Set(positions).size).toBe(3);
      const all = await readAll(log);
      expect(positions.map((p) => all.find((e) => e.position === p)?.envelope.id)).toEqual(events.map((e) => e.id));
    });

    it('resolves an empty append with no positions', async () => {
      const log = await fresh();
      expect(await log.append([])).toEqual([]);
    });

    it('reads back exactly what was appended, envelope for envelope', async () => {
      const log = await fresh();
      const event = testEnvelope(unique('p'));
      const [position] = await log.append([event]);
      const found = (await readAll(log)).find((e) => e.position === position);
      expect(found?.envelope).toEqual(event);
    });

    it('keeps the events of one process key in append order, across appends', async () => {
      const log = await fresh();
      const key = unique('ordered');
      const events = Array.from({ length: 6 }, (_, i) => testEnvelope(key, i + 1, `N-${key}`));
      await log.append(events.slice(0, 2));
      await log.append(events.slice(2, 4));
      await log.append(events.slice(4));
      const ofKey = (await readAll(log)).filter((e) => e.envelope.processkey === key);
      expect(ofKey.map((e) => e.envelope.recordversion)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('keeps every copy of an event appended twice (deduplication is the journal’s job)', async () => {
      const log = await fresh();
      const event = testEnvelope(unique('dup'));
      await log.append([event]);
      await log.append([event]);
      expect((await readAll(log)).filter((e) => e.envelope.id === event.id)).toHaveLength(2);
    });

    it('pages through the log with the cursor it returns, without gaps or repeats', async () => {
      const log = await fresh();
      const key = unique('page');
      const events = Array.from({ length: 7 }, () => testEnvelope(key));
      await log.append(events);
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 20; i++) {
        const page: { events: LoggedEvent[]; next: string } = await log.read(cursor, 3);
        if (page.events.length === 0) break;
        expect(page.events.length).toBeLessThanOrEqual(3);
        seen.push(...page.events.filter((e) => e.envelope.processkey === key).map((e) => e.envelope.id));
        cursor = page.next;
      }
      expect(seen).toEqual(events.map((e) => e.id));
    });

    it('returns no events and a usable cursor at the end of the log', async () => {
      const log = await fresh();
      await log.append([testEnvelope(unique('end'))]);
      const all = await log.read(null, 100_000);
      const after = await log.read(all.next, 10);
      expect(after.events).toEqual([]);
      const late = testEnvelope(unique('end'));
      await log.append([late]);
      const more = await log.read(after.next, 10);
      expect(more.events.map((e) => e.envelope.id)).toContain(late.id);
    });

    it('delivers appended events to a consumer group, and after a restart of the group only the uncommitted ones', async () => {
      const log = await fresh();
      const group = unique('group');
      const key = unique('consume');
      const first = [testEnvelope(key), testEnvelope(key)];
      await log.append(first);
      const seen: string[] = [];
      const consumer = await log.consume(group, async (events) => {
        seen.push(...events.filter((e) => e.envelope.processkey === key).map((e) => e.envelope.id));
      });
      await eventually(async () => seen.length >= 2, 20_000, 'first events');
      await consumer.stop();
      const second = [testEnvelope(key)];
      await log.append(second);
      const seenAgain: string[] = [];
      const again = await log.consume(group, async (events) => {
        seenAgain.push(...events.filter((e) => e.envelope.processkey === key).map((e) => e.envelope.id));
      });
      await eventually(async () => seenAgain.length >= 1, 20_000, 'second events');
      await again.stop();
      expect(seen).toEqual(first.map((e) => e.id));
      expect(seenAgain).toEqual(second.map((e) => e.id));
    });

    it("counts a consumer group's backlog: everything before it first commits, nothing once it has caught up", async () => {
      const log = await fresh();
      const group = unique('backlog');
      expect(await log.backlog(group)).toBe(0);
      const key = unique('backlog');
      await log.append([testEnvelope(key), testEnvelope(key), testEnvelope(unique('backlog'))]);
      expect(await log.backlog(group)).toBe(3);
      await log.append([testEnvelope(key)]);
      expect(await log.backlog(group)).toBe(4);
      let seen = 0;
      const consumer = await log.consume(group, async (events) => {
        seen += events.length;
      });
      try {
        await eventually(async () => seen >= 4 && (await log.backlog(group)) === 0, 20_000, 'the group to catch up');
        // Another group is not moved by this one.
        expect(await log.backlog(unique('other'))).toBe(4);
        await log.append([testEnvelope(key)]);
        await eventually(async () => seen >= 5 && (await log.backlog(group)) === 0, 20_000, 'the group to catch up again');
      } finally {
        await consumer.stop();
      }
    });

    it('hands a batch over again when its handler fails (at-least-once)', async () => {
      const log = await fresh();
      const group = unique('retry');
      const key = unique('retry');
      const event = testEnvelope(key);
      await log.append([event]);
      let attempts = 0;
      const consumer = await log.consume(group, async (events) => {
        if (events.some((e) => e.envelope.id === event.id)) {
          attempts++;
          if (attempts === 1) throw new Error('handler failed once');
        }
      });
      await eventually(async () => attempts >= 2, 20_000, 'redelivery');
      await consumer.stop();
      expect(attempts).toBeGreaterThanOrEqual(2);
    });

    it('rejects appends with LogUnavailableError once closed', async () => {
      const log = await fresh();
      await log.close();
      await expect(log.append([testEnvelope(unique('closed'))])).rejects.toBeInstanceOf(LogUnavailableError);
      expect(await log.writable()).toBe(false);
    });

    it('reports itself writable while running', async () => {
      const log = await fresh();
      expect(await log.writable()).toBe(true);
    });
  });
}
