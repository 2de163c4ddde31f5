/**
 * The behaviour every AuditStore must have, run against SQLite and PostgreSQL: a hash chain that
 * stays intact under concurrent appends (from several processes where the store is shared),
 * filters and paging in sequence order, and tampering found both by `brokenLink` and `verify`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { brokenLink, GENESIS_HASH } from '../../gateway/audit/index.ts';
import type { AuditEvent, AuditStore } from '../../gateway/store/port.ts';

/** Stores under test sharing one audit log, and how to tamper with it behind their back. */
export interface AuditStoreHandle {
  /** Every store appends to the same log (several for a store shared by several processes). */
  stores: AuditStore[];
  /** Rewrites the stored event of entry `seq` with SQL, as an intruder with database access would. */
  tamper(seq: number, event: AuditEvent): Promise<void>;
  /** Deletes entry `seq` with SQL. */
  remove(seq: number): Promise<void>;
  dispose(): Promise<void>;
}

const created = (actor: string, target: string): AuditEvent => ({ action: 'subscription.created', actor, target });

/** Registers the AuditStore behaviour suite for one implementation. */
export function runAuditStoreSuite(name: string, open: () => Promise<AuditStoreHandle>): void {
  describe(`AuditStore: ${name}`, () => {
    let handle: AuditStoreHandle;
    let store: AuditStore;
    beforeEach(async () => {
      handle = await open();
      store = handle.stores[0]!;
    });
    afterEach(async () => {
      await handle?.dispose();
    });

    it('appends entries in sequence, each linked to the one before, and keeps every field but no undefined one', async () => {
      const first = await store.append(created('ggzy-fj', 'sub-1'));
      const second = await store.append({
        action: 'subscription.paused',
        actor: 'mof-monitor',
        target: 'sub-1',
        systems: ['ggzy-fj'],
        details: { reason: '接口升级 maintenance', nested: { b: 2, a: [1, 'x'] } },
        address: '10.0.0.7',
        requestId: 'req-12345678',
      });
      expect([first.seq, second.seq]).toEqual([1, 2]);
      expect(first.prevHash).toBe(GENESIS_HASH);
      expect(second.prevHash).toBe(first.hash);
      const entries = await store.list({ limit: 10 });
      expect(entries).toEqual([first, second]);
      expect(entries[1]).toMatchObject({ address: '10.0.0.7', requestId: 'req-12345678', details: { nested: { b: 2, a: [1, 'x'] } } });
      expect(Date.parse(entries[0]!.at)).not.toBeNaN();
      expect(brokenLink(entries)).toBeNull();
      expect(await store.verify()).toEqual({ intact: true, checkedThrough: 2 });
    });

    it('keeps the chain intact when many appends race, from every process sharing the store', async () => {
      const appends = Array.from({ length: 40 }, (_, i) =>
        handle.stores[i % handle.stores.length]!.append(created(`sys-${i % 5}`, `sub-${i}`)),
      );
      const appended = await Promise.all(appends);
      const entries = await store.list({ limit: 100 });
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(new Set(entries.map((e) => e.prevHash)).size).toBe(40);
      expect(new Set(appended.map((e) => e.seq)).size).toBe(40);
      expect(brokenLink(entries)).toBeNull();
      expect(await store.verify()).toEqual({ intact: true, checkedThrough: 40 });
      // Times follow the sequence.
      expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort());
    });

    it('filters by system (actor or concerned), action and time, and pages after a sequence number', async () => {
      await store.append(created('ggzy-fj', 'sub-1'));
      await store.append({ action: 'subscription.paused', actor: 'mof-monitor', target: 'sub-1', systems: ['ggzy-fj'] });
      await store.append(created('emall-zcy', 'sub-2'));
      await store.append({ action: 'dead_letter.discarded', actor: 'emall-zcy', target: 'dl-1', systems: ['emall-zcy'] });
      expect((await store.list({ systemId: 'ggzy-fj', limit: 10 })).map((e) => e.seq)).toEqual([1, 2]);
      expect((await store.list({ systemId: 'emall-zcy', limit: 10 })).map((e) => e.seq)).toEqual([3, 4]);
      expect((await store.list({ systemId: 'mof-monitor', limit: 10 })).map((e) => e.seq)).toEqual([2]);
      expect((await store.list({ action: 'subscription.created', limit: 10 })).map((e) => e.target)).toEqual(['sub-1', 'sub-2']);
      expect((await store.list({ after: 1, limit: 2 })).map((e) => e.seq)).toEqual([2, 3]);
      expect((await store.list({ after: 3, limit: 2 })).map((e) => e.seq)).toEqual([4]);
      const all = await store.list({ limit: 10 });
      expect((await store.list({ since: all[2]!.at, limit: 10 })).every((e) => e.at >= all[2]!.at)).toBe(true);
      expect(await store.list({ since: '2999-01-01T00:00:00.000Z', limit: 10 })).toEqual([]);
      expect(await store.list({ until: '2000-01-01T00:00:00.000Z', limit: 10 })).toEqual([]);
      expect((await store.list({ since: '2000-01-01T00:00:00.000Z', until: '2999-01-01T00:00:00.000Z', limit: 10 })).length).toBe(4);
    });

    it('finds an entry altered in the database, by brokenLink and by verify', async () => {
      for (let i = 1; i <= 4; i++) await store.append(created('ggzy-fj', `sub-${i}`));
      await handle.tamper(3, created('ggzy-fj', 'sub-forged'));
      const entries = await store.list({ limit: 10 });
      expect(entries[2]!.target).toBe('sub-forged');
      expect(brokenLink(entries)?.seq).toBe(3);
      expect(await store.verify()).toEqual({ intact: false, checkedThrough: 2, brokenAt: 3 });
    });

    it('finds an entry removed from the middle or the end of the log', async () => {
      for (let i = 1; i <= 4; i++) await store.append(created('ggzy-fj', `sub-${i}`));
      await handle.remove(4);
      expect(await store.verify()).toMatchObject({ intact: false, checkedThrough: 3 });
      await handle.remove(2);
      expect(brokenLink(await store.list({ limit: 10 }))?.seq).toBe(3);
      expect(await store.verify()).toEqual({ intact: false, checkedThrough: 1, brokenAt: 3 });
    });
  });
}
