/**
 * The JournalStore behaviour every implementation (SQLite, PostgreSQL) must show.
 * `runJournalStoreSuite(name, factory)`: the factory returns a fresh, started store and its disposer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type EventEnvelope, envelopeFor } from '../../gateway/core/envelope.ts';
import type { StandardRecord } from '../../gateway/core/records.ts';
import type { JournalStore } from '../../gateway/store/port.ts';

/** A fresh store for one test. */
export type JournalStoreFactory = () => Promise<{ store: JournalStore; dispose: () => Promise<void> }>;

function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

function envelope(
  id: string,
  version: number,
  ocid: string,
  date = '2026-03-01T09:00:00+08:00',
  extra: Record<string, unknown> = {},
): EventEnvelope {
  const record: StandardRecord = {
    recordType: 'notice',
    id,
    version,
    operation: version === 1 ? 'create' : 'update',
    regionCode: '350102',
    ocid,
    noticeType: 'tender',
    date,
    ...extra,
  };
  return envelopeFor(record, 'fj-gpms', 'urn:test', new Date('2026-03-01T01:00:00Z'));
}

/** Runs the JournalStore behaviour suite against one implementation. */
export function runJournalStoreSuite(name: string, factory: JournalStoreFactory): void {
  describe(`JournalStore behaviour: ${name}`, () => {
    const disposers: (() => Promise<void>)[] = [];
    async function fresh(): Promise<JournalStore> {
      const { store, dispose } = await factory();
      disposers.push(dispose);
      return store;
    }
    afterEach(async () => {
      for (const dispose of disposers.splice(0)) await dispose();
    });

    it('projects new events with increasing seq and returns them', async () => {
      const store = await fresh();
      const ocid = unique('o');
      const head = await store.journalHead();
      const entries = await store.project([
        { logPosition: '1', envelope: envelope(unique('a'), 1, ocid) },
        { logPosition: '2', envelope: envelope(unique('b'), 1, ocid) },
      ]);
      expect(entries).toHaveLength(2);
      expect(entries[0]!.seq).toBeGreaterThan(head);
      expect(entries[1]!.seq).toBeGreaterThan(entries[0]!.seq);
      expect(await store.journalHead()).toBe(entries[1]!.seq);
    });

    it('ignores an event id it has already projected, within a batch and across batches', async () => {
      const store = await fresh();
      const e = envelope(unique('a'), 1, unique('o'));
      const first = await store.project([
        { logPosition: '1', envelope: e },
        { logPosition: '2', envelope: e },
      ]);
      expect(first).toHaveLength(1);
      expect(await store.project([{ logPosition: '3', envelope: e }])).toEqual([]);
      expect(await store.recordVersions(e.subject)).toHaveLength(1);
    });

    it('reads the journal after a seq, ascending, bounded by the limit', async () => {
      const store = await fresh();
      const ocid = unique('o');
      const entries = await store.project(
        Array.from({ length: 5 }, (_, i) => ({ logPosition: String(i), envelope: envelope(unique('r'), 1, ocid) })),
      );
      const page = await store.readJournal(entries[0]!.seq, 3);
      expect(page.map((p) => p.seq)).toEqual(entries.slice(1, 4).map((e) => e.seq));
      expect(page[0]!.envelope).toEqual(entries[1]!.envelope);
      expect(page[0]!.logPosition).toBe('1');
    });

    it('lists every version of a record, ascending by version', async () => {
      const store = await fresh();
      const ocid = unique('o');
      const id = unique('r');
      await store.project([
        { logPosition: '1', envelope: envelope(id, 2, ocid) },
        { logPosition: '2', envelope: envelope(id, 1, ocid) },
        { logPosition: '3', envelope: envelope(id, 3, ocid) },
      ]);
      expect((await store.recordVersions(id)).map((e) => e.envelope.recordversion)).toEqual([1, 2, 3]);
    });

    it('lists every version of every record of a process in one call, ascending by seq, and nothing of other processes', async () => {
      const store = await fresh();
      const ocid = unique('o');
      const a = unique('r');
      const b = unique('r');
      await store.project([
        { logPosition: '1', envelope: envelope(a, 1, ocid) },
        { logPosition: '2', envelope: envelope(unique('other'), 1, unique('o')) },
        { logPosition: '3', envelope: envelope(b, 1, ocid) },
        { logPosition: '4', envelope: envelope(a, 2, ocid) },
      ]);
      const versions = await store.processVersions(ocid);
      expect(versions.map((e) => [e.envelope.subject, e.envelope.recordversion, e.logPosition])).toEqual([
        [a, 1, '1'],
        [b, 1, '3'],
        [a, 2, '4'],
      ]);
      expect(versions.map((e) => e.seq)).toEqual([...versions.map((e) => e.seq)].sort((x, y) => x - y));
      expect(await store.processVersions(unique('o'))).toEqual([]);
    });

    it('gives the current version of each record of a process, ascending by date then id', async () => {
      const store = await fresh();
      const ocid = unique('o');
      const late = `b-${unique('r')}`;
      const early = `a-${unique('r')}`;
      await store.project([
        { logPosition: '1', envelope: envelope(late, 1, ocid, '2026-03-05T09:00:00+08:00') },
        { logPosition: '2', envelope: envelope(early, 1, ocid, '2026-03-01T09:00:00+08:00') },
        { logPosition: '3', envelope: envelope(late, 2, ocid, '2026-03-06T09:00:00+08:00', { title: 'v2' }) },
        { logPosition: '4', envelope: envelope(unique('other'), 1, unique('o')) },
      ]);
      const records = await store.processRecords(ocid);
      expect(records.map((r) => [r.id, r.version])).toEqual([
        [early, 1],
        [late, 2],
      ]);
      expect(records[1]!['title']).toBe('v2');
    });

    it('gives the current records of several processes in one call, as for each alone', async () => {
      const store = await fresh();
      const [first, second, none] = [unique('o'), unique('o'), unique('none')];
      await store.project([
        { logPosition: '1', envelope: envelope(`b-${unique('r')}`, 1, first, '2026-03-05T09:00:00+08:00') },
        { logPosition: '2', envelope: envelope(`a-${unique('r')}`, 1, first, '2026-03-01T09:00:00+08:00') },
        { logPosition: '3', envelope: envelope(unique('r'), 1, second) },
      ]);
      const many = await store.recordsOfProcesses([first, second, none, first]);
      expect([...many.keys()].sort()).toEqual([first, second, none].sort());
      for (const key of [first, second, none]) expect(many.get(key), key).toEqual(await store.processRecords(key));
      expect(many.get(first)).toHaveLength(2);
    });

    it('gives nothing for an unknown process', async () => {
      const store = await fresh();
      expect(await store.processRecords(unique('none'))).toEqual([]);
    });
  });
}
