/**
 * The IngestStore behaviour every implementation (SQLite, PostgreSQL) must show.
 * `runIngestStoreSuite(name, factory)`: the factory returns a fresh, started store and its disposer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { IngestStore, Receipt } from '../../gateway/store/port.ts';

/**
 * A fresh store for one test. `peer`, when given, opens another store over the same state, as a
 * second gateway process would (PostgreSQL); without it, races run on the one store.
 */
export type IngestStoreFactory = () => Promise<{ store: IngestStore; dispose: () => Promise<void>; peer?: () => Promise<IngestStore> }>;

function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

function claimOf(recordId: string, version: number, hash: string, system = 'fj-gpms') {
  return { recordId, version, contentHash: hash.padEnd(64, '0'), eventId: `${recordId}-${version}-${hash}`, sourceSystem: system };
}

function receiptOf(c: ReturnType<typeof claimOf>, position = '1'): Receipt {
  return {
    eventId: c.eventId,
    recordId: c.recordId,
    version: c.version,
    contentHash: c.contentHash,
    logPosition: position,
    acceptedAt: '2026-03-01T01:00:00.000Z',
    sourceSystem: c.sourceSystem,
    proof: { leafIndex: 0, path: [] },
    signature: `sig-${c.eventId}`,
  };
}

/** Runs the IngestStore behaviour suite against one implementation. */
export function runIngestStoreSuite(name: string, factory: IngestStoreFactory): void {
  describe(`IngestStore behaviour: ${name}`, () => {
    const disposers: (() => Promise<void>)[] = [];
    async function fresh(): Promise<IngestStore> {
      const { store, dispose } = await factory();
      disposers.push(dispose);
      return store;
    }
    /** A store and `count` stores over the same state (other gateway processes where the implementation has them). */
    async function shared(count: number): Promise<IngestStore[]> {
      const { store, dispose, peer } = await factory();
      disposers.push(dispose);
      const stores = [store];
      for (let i = 1; i < count; i++) stores.push(peer ? await peer() : store);
      return stores;
    }
    afterEach(async () => {
      for (const dispose of disposers.splice(0)) await dispose();
    });

    it('claims a version seen for the first time', async () => {
      const store = await fresh();
      expect(await store.claim(claimOf(unique('r'), 1, 'a'))).toEqual({ kind: 'claimed' });
    });

    it('claims again a version claimed with the same content but never confirmed (a crashed push)', async () => {
      const store = await fresh();
      const c = claimOf(unique('r'), 1, 'a');
      await store.claim(c);
      expect(await store.claim(c)).toEqual({ kind: 'claimed' });
    });

    it('answers a confirmed version pushed again with the same content with its original receipt', async () => {
      const store = await fresh();
      const c = claimOf(unique('r'), 1, 'a');
      await store.claim(c);
      await store.confirm(receiptOf(c));
      expect(await store.claim(c)).toEqual({ kind: 'duplicate', receipt: receiptOf(c) });
      expect(await store.receipt(c.recordId, 1)).toEqual(receiptOf(c));
    });

    it('refuses the same version with different content as a conflict', async () => {
      const store = await fresh();
      const id = unique('r');
      await store.claim(claimOf(id, 1, 'a'));
      expect(await store.claim(claimOf(id, 1, 'b'))).toEqual({ kind: 'conflict', existingHash: 'a'.padEnd(64, '0') });
    });

    it('refuses a version older than the newest claimed as stale', async () => {
      const store = await fresh();
      const id = unique('r');
      await store.claim(claimOf(id, 3, 'a'));
      expect(await store.claim(claimOf(id, 2, 'b'))).toEqual({ kind: 'stale', currentVersion: 3 });
      expect(await store.claim(claimOf(id, 4, 'c'))).toEqual({ kind: 'claimed' });
    });

    it('refuses a record id first claimed by another system as foreign', async () => {
      const store = await fresh();
      const id = unique('r');
      await store.claim(claimOf(id, 1, 'a', 'fj-gpms'));
      expect(await store.claim(claimOf(id, 2, 'b', 'zj-gpms'))).toEqual({ kind: 'foreign', owner: 'fj-gpms' });
    });

    it('keeps the first receipt when a version is confirmed twice, and answers the second confirmation with it', async () => {
      const store = await fresh();
      const c = claimOf(unique('r'), 1, 'a');
      await store.claim(c);
      expect(await store.confirm(receiptOf(c, '1'))).toEqual(receiptOf(c, '1'));
      expect(await store.confirm(receiptOf(c, '2'))).toEqual(receiptOf(c, '1'));
      expect((await store.receipt(c.recordId, 1))?.logPosition).toBe('1');
      // The same in a batch: each receipt is answered with the one its version holds.
      const other = claimOf(unique('r'), 1, 'b');
      await store.claim(other);
      expect(await store.confirmMany([receiptOf(c, '3'), receiptOf(other, '4')])).toEqual([receiptOf(c, '1'), receiptOf(other, '4')]);
    });

    it('answers null for a receipt it cannot store (its version was claimed with other content)', async () => {
      const store = await fresh();
      const c = claimOf(unique('r'), 1, 'a');
      await store.claim(c);
      expect(await store.confirmMany([receiptOf(claimOf(c.recordId, 1, 'b'))])).toEqual([null]);
    });

    it('accepts a confirmation without an earlier claim (the projector rebuilding the index)', async () => {
      const store = await fresh();
      const c = claimOf(unique('r'), 2, 'a');
      await store.confirm(receiptOf(c));
      expect(await store.receipt(c.recordId, 2)).toEqual(receiptOf(c));
      expect(await store.claim(c)).toEqual({ kind: 'duplicate', receipt: receiptOf(c) });
      expect(await store.claim(claimOf(c.recordId, 1, 'x'))).toEqual({ kind: 'stale', currentVersion: 2 });
      expect(await store.claim(claimOf(c.recordId, 3, 'x', 'other'))).toEqual({ kind: 'foreign', owner: 'fj-gpms' });
    });

    it('refuses an unconfirmed version as stale once a newer version was accepted', async () => {
      const store = await fresh();
      const old = claimOf(unique('r'), 1, 'a');
      expect(await store.claim(old)).toEqual({ kind: 'claimed' });
      const newer = claimOf(old.recordId, 2, 'b');
      await store.claim(newer);
      await store.confirm(receiptOf(newer));
      expect(await store.claim(old)).toEqual({ kind: 'stale', currentVersion: 2 });
    });

    it('claims many versions at once, deciding each in order as single claims would', async () => {
      const store = await fresh();
      const id = unique('r');
      const other = unique('r');
      const confirmed = claimOf(unique('r'), 1, 'a');
      await store.claim(confirmed);
      await store.confirm(receiptOf(confirmed));
      await store.claim(claimOf(other, 1, 'a', 'zj-gpms'));
      const results = await store.claimMany([
        claimOf(id, 1, 'a'),
        claimOf(id, 2, 'b'),
        claimOf(id, 1, 'x'),
        claimOf(id, 2, 'b'),
        confirmed,
        claimOf(other, 2, 'b'),
        claimOf(id, 1, 'a'),
      ]);
      expect(results).toEqual([
        { kind: 'claimed' },
        { kind: 'claimed' },
        { kind: 'conflict', existingHash: 'a'.padEnd(64, '0') },
        { kind: 'claimed' },
        { kind: 'duplicate', receipt: receiptOf(confirmed) },
        { kind: 'foreign', owner: 'zj-gpms' },
        { kind: 'stale', currentVersion: 2 },
      ]);
      expect(await store.claimMany([])).toEqual([]);
    });

    it('claims many different records at once, deciding each as a single claim would', async () => {
      const store = await fresh();
      const duplicate = claimOf(unique('r'), 1, 'a');
      const foreign = claimOf(unique('r'), 1, 'a', 'zj-gpms');
      const conflicting = claimOf(unique('r'), 1, 'a');
      const stale = claimOf(unique('r'), 1, 'a');
      const retried = claimOf(unique('r'), 1, 'a');
      const updated = claimOf(unique('r'), 1, 'a');
      await store.claimMany([duplicate, foreign, conflicting, stale, retried, updated]);
      await store.claim(claimOf(stale.recordId, 2, 'b'));
      await store.confirmMany([receiptOf(duplicate), receiptOf(updated)]);
      const first = claimOf(unique('r'), 1, 'n');
      const results = await store.claimMany([
        first,
        duplicate,
        claimOf(foreign.recordId, 2, 'b'),
        claimOf(conflicting.recordId, 1, 'x'),
        stale,
        retried,
        claimOf(updated.recordId, 2, 'b'),
      ]);
      expect(results).toEqual([
        { kind: 'claimed' },
        { kind: 'duplicate', receipt: receiptOf(duplicate) },
        { kind: 'foreign', owner: 'zj-gpms' },
        { kind: 'conflict', existingHash: 'a'.padEnd(64, '0') },
        { kind: 'stale', currentVersion: 2 },
        { kind: 'claimed' },
        { kind: 'claimed' },
      ]);
      // What the call claimed is stored: the same content again is a retry, other content a conflict, older a stale version.
      expect(await store.claim(first)).toEqual({ kind: 'claimed' });
      expect(await store.claim(claimOf(first.recordId, 1, 'y'))).toEqual({ kind: 'conflict', existingHash: 'n'.padEnd(64, '0') });
      expect(await store.claim(claimOf(updated.recordId, 1, 'a'))).toEqual({ kind: 'duplicate', receipt: receiptOf(updated) });
      expect(await store.claim(claimOf(first.recordId, 2, 'z', 'zj-gpms'))).toEqual({ kind: 'foreign', owner: 'fj-gpms' });
    });

    it('confirms receipts of many different versions at once as single confirmations would', async () => {
      const store = await fresh();
      const kept = claimOf(unique('r'), 1, 'a');
      const claimed = claimOf(unique('r'), 2, 'a');
      const mismatched = claimOf(unique('r'), 1, 'a');
      const unclaimed = claimOf(unique('r'), 4, 'a', 'zj-gpms');
      await store.claimMany([kept, claimed, mismatched]);
      await store.confirm(receiptOf(kept, '1'));
      await store.confirmMany([
        receiptOf(kept, '2'),
        receiptOf(claimed),
        receiptOf(claimOf(mismatched.recordId, 1, 'b')),
        receiptOf(unclaimed),
      ]);
      expect(await store.receipt(kept.recordId, 1)).toEqual(receiptOf(kept, '1'));
      expect(await store.receipt(claimed.recordId, 2)).toEqual(receiptOf(claimed));
      // A receipt whose content differs from the claimed version's is not stored.
      expect(await store.receipt(mismatched.recordId, 1)).toBeNull();
      expect(await store.receipt(unclaimed.recordId, 4)).toEqual(receiptOf(unclaimed));
      // A receipt of a version never claimed here gives its record to the receipt's system and its version.
      expect(await store.claim(claimOf(unclaimed.recordId, 3, 'b', 'zj-gpms'))).toEqual({ kind: 'stale', currentVersion: 4 });
      expect(await store.claim(claimOf(unclaimed.recordId, 5, 'b'))).toEqual({ kind: 'foreign', owner: 'zj-gpms' });
    });

    it('confirms many receipts at once and tells which versions have one', async () => {
      const store = await fresh();
      const a = claimOf(unique('r'), 1, 'a');
      const b = claimOf(unique('r'), 3, 'b');
      const unclaimed = claimOf(unique('r'), 1, 'c');
      await store.claimMany([a, b]);
      expect(await store.confirmed([a, b, unclaimed])).toEqual([false, false, false]);
      await store.confirmMany([receiptOf(a), receiptOf(b), receiptOf(b, '9')]);
      await store.confirmMany([]);
      expect(await store.receipt(a.recordId, 1)).toEqual(receiptOf(a));
      expect(await store.receipt(b.recordId, 3)).toEqual(receiptOf(b));
      expect(await store.confirmed([a, unclaimed, b])).toEqual([true, false, true]);
      expect(await store.confirmed([])).toEqual([]);
    });

    it('has no receipt for an unknown version', async () => {
      const store = await fresh();
      expect(await store.receipt(unique('r'), 1)).toBeNull();
    });

    it('stores a batch result per system and key, keeping the first', async () => {
      const store = await fresh();
      const key = unique('k');
      expect(await store.batchResult('fj-gpms', key)).toBeNull();
      await store.saveBatchResult('fj-gpms', key, { requestHash: 'h1', status: 200, body: '{"a":1}' });
      await store.saveBatchResult('fj-gpms', key, { requestHash: 'h2', status: 200, body: '{"a":2}' });
      expect(await store.batchResult('fj-gpms', key)).toEqual({ requestHash: 'h1', status: 200, body: '{"a":1}' });
      expect(await store.batchResult('other', key)).toBeNull();
    });

    it('publishes signing keys once each, listing them in the order first published', async () => {
      const store = await fresh();
      const before = (await store.publishedKeys()).map((k) => k.kid);
      const first = { kid: `k1-${unique('kid')}`, kty: 'OKP', crv: 'Ed25519', x: 'AAAA' };
      const second = { kid: `k2-${unique('kid')}`, kty: 'OKP', crv: 'Ed25519', x: 'BBBB' };
      await store.publishKey(first);
      await store.publishKey(second);
      await store.publishKey({ ...first, x: 'CHANGED' });
      const added = (await store.publishedKeys()).filter((k) => !before.includes(k.kid));
      expect(added).toEqual([first, second]);
    });

    describe('process ownership', () => {
      it('makes the publisher of the first claimed record of a process its owner, and refuses another publisher', async () => {
        const store = await fresh();
        const process = unique('ocds-p');
        expect(await store.claim(owned(claimOf(unique('r'), 1, 'a', 'fj-gpms'), process, true))).toEqual({ kind: 'claimed' });
        const foreign = owned(claimOf(unique('r'), 1, 'b', 'zj-gpms'), process, true);
        expect(await store.claim(foreign)).toEqual({ kind: 'not_owned', owner: 'fj-gpms' });
        expect(await store.processOwners([process, unique('none')])).toEqual(new Map([[process, 'fj-gpms']]));
        // The refusal changed nothing: the record id is still free, for its rightful process.
        expect(await store.recordOwners([foreign.recordId])).toEqual(new Map());
        expect(await store.claim(owned({ ...foreign }, unique('ocds-p'), true))).toEqual({ kind: 'claimed' });
      });

      it('lets a system add records to a process of an owner it may contribute to, and no other', async () => {
        const store = await fresh();
        const process = unique('ocds-p');
        await store.claim(owned(claimOf(unique('r'), 1, 'a', 'fj-gpms'), process, true));
        expect(await store.claim(owned(claimOf(unique('r'), 1, 'b', 'ggzy-fj'), process, false, ['fj-gpms']))).toEqual({ kind: 'claimed' });
        expect(await store.claim(owned(claimOf(unique('r'), 1, 'c', 'fj-czt'), process, false, '*'))).toEqual({ kind: 'claimed' });
        expect(await store.claim(owned(claimOf(unique('r'), 1, 'd', 'ggzy-fj'), process, false, ['emall-zcy']))).toEqual({
          kind: 'not_owned',
          owner: 'fj-gpms',
        });
        // A contribution never makes the contributor the owner.
        expect((await store.processOwners([process])).get(process)).toBe('fj-gpms');
      });

      it('refuses a record that may only contribute to a process without an owner, and leaves it unowned', async () => {
        const store = await fresh();
        const process = unique('ocds-p');
        expect(await store.claim(owned(claimOf(unique('r'), 1, 'a', 'ggzy-fj'), process, false, '*'))).toEqual({
          kind: 'not_owned',
          owner: null,
        });
        expect(await store.processOwners([process])).toEqual(new Map());
      });

      it('decides ownership in input order within one call: the opener, then the records judged against it', async () => {
        const store = await fresh();
        const process = unique('ocds-p');
        const results = await store.claimMany([
          owned(claimOf(unique('r'), 1, 'a', 'ggzy-fj'), process, false, ['fj-gpms']),
          owned(claimOf(unique('r'), 1, 'b', 'fj-gpms'), process, true),
          owned(claimOf(unique('r'), 1, 'c', 'ggzy-fj'), process, false, ['fj-gpms']),
          owned(claimOf(unique('r'), 1, 'd', 'zj-gpms'), process, true),
        ]);
        expect(results).toEqual([
          { kind: 'not_owned', owner: null },
          { kind: 'claimed' },
          { kind: 'claimed' },
          { kind: 'not_owned', owner: 'fj-gpms' },
        ]);
        expect((await store.processOwners([process])).get(process)).toBe('fj-gpms');
      });

      it('gives a process exactly one owner when several systems race to open it', async () => {
        const stores = await shared(3);
        const process = unique('ocds-race');
        const systems = ['fj-gpms', 'zj-gpms', 'ah-gpms', 'js-gpms', 'sh-gpms', 'gd-gpms'];
        const results = await Promise.all(
          systems.map((system, i) => stores[i % stores.length]!.claim(owned(claimOf(unique('r'), 1, `h${i}`, system), process, true))),
        );
        const winners = systems.filter((_, i) => results[i]!.kind === 'claimed');
        expect(winners).toHaveLength(1);
        for (const result of results) if (result.kind !== 'claimed') expect(result).toEqual({ kind: 'not_owned', owner: winners[0] });
        expect((await stores[0]!.processOwners([process])).get(process)).toBe(winners[0]);
      });

      it('transfers the processes of a system once: the new owner publishes into them, the old may not', async () => {
        const store = await fresh();
        const prefix = unique('ocds-t');
        const inside = `${prefix}-1`;
        const outside = unique('ocds-o');
        await store.claim(owned(claimOf(unique('r'), 1, 'a', 'old-gpms'), inside, true));
        await store.claim(owned(claimOf(unique('r'), 1, 'b', 'old-gpms'), outside, true));
        const transfer = { id: unique('t'), from: 'old-gpms', to: 'new-gpms', processPrefix: prefix };
        expect(await store.transferOwnership(transfer)).toEqual({ applied: true, processes: 1 });
        // Applied once: a reload (or another gateway process) applying it again changes nothing.
        expect(await store.transferOwnership(transfer)).toEqual({ applied: false, processes: 0 });
        expect(await store.processOwners([inside, outside])).toEqual(
          new Map([
            [inside, 'new-gpms'],
            [outside, 'old-gpms'],
          ]),
        );
        expect(await store.claim(owned(claimOf(unique('r'), 1, 'c', 'new-gpms'), inside, true))).toEqual({ kind: 'claimed' });
        expect(await store.claim(owned(claimOf(unique('r'), 1, 'd', 'old-gpms'), inside, true))).toEqual({
          kind: 'not_owned',
          owner: 'new-gpms',
        });
      });

      it('applies a transfer exactly once when several processes apply it at the same time', async () => {
        const stores = await shared(3);
        const process = unique('ocds-t');
        await stores[0]!.claim(owned(claimOf(unique('r'), 1, 'a', 'old-gpms'), process, true));
        const transfer = { id: unique('t'), from: 'old-gpms', to: 'new-gpms' };
        const outcomes = await Promise.all(stores.map((s) => s.transferOwnership(transfer)));
        expect(outcomes.filter((o) => o.applied)).toHaveLength(1);
        expect((await stores[0]!.processOwners([process])).get(process)).toBe('new-gpms');
      });
    });
  });
}

/** A claim naming its process, with the publisher's rights there. */
function owned(claim: ReturnType<typeof claimOf>, processKey: string, mayOpen: boolean, contributesTo: '*' | string[] = []) {
  return { ...claim, processKey, mayOpen, contributesTo };
}
