import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CursorRefusal, CursorWriter } from '../../gateway/delivery/cursor-writer.ts';
import type { DeliveryStore, Lease } from '../../gateway/store/port.ts';
import { SqliteStateStores } from '../../gateway/store/sqlite/index.ts';

describe('cursor writer', () => {
  let stores: SqliteStateStores;
  let store: DeliveryStore;
  let lease: Lease;
  beforeEach(async () => {
    stores = new SqliteStateStores(':memory:');
    await stores.start();
    store = stores.delivery;
    lease = (await store.acquireLease('s1', 'me', 60_000, Date.now()))!;
  });
  afterEach(async () => {
    await stores.close();
  });

  function writer(refusals: CursorRefusal[], counted: { writes: number }): CursorWriter {
    const counting: DeliveryStore = Object.create(store);
    counting.advanceCursor = (...args) => {
      counted.writes++;
      return store.advanceCursor(...args);
    };
    return new CursorWriter(
      counting,
      's1',
      { seq: 0, revision: 0 },
      () => lease,
      60_000,
      (why) => refusals.push(why),
      (e) => {
        throw e;
      },
    );
  }

  it('writes many advances in one write, to the highest seq', async () => {
    const counted = { writes: 0 };
    const w = writer([], counted);
    for (let seq = 1; seq <= 50; seq++) w.advanceTo(seq);
    w.advanceTo(20);
    expect(counted.writes).toBe(0);
    expect(await w.flush()).toBeNull();
    expect(counted.writes).toBe(1);
    expect(await store.cursor('s1')).toEqual({ seq: 50, revision: 1 });
    w.advanceTo(60);
    await w.flush();
    expect(await store.cursor('s1')).toEqual({ seq: 60, revision: 2 });
  });

  it('reports a replay when someone reset the cursor, and a lost lease when another holder took it', async () => {
    const refusals: CursorRefusal[] = [];
    const w = writer(refusals, { writes: 0 });
    w.advanceTo(5);
    await w.flush();
    await store.resetCursor('s1', 1);
    expect(await w.check()).toBe('replayed');
    expect(refusals).toEqual(['replayed']);

    const other: CursorRefusal[] = [];
    const fresh = new CursorWriter(
      store,
      's1',
      await store.cursor('s1'),
      () => lease,
      60_000,
      (why) => other.push(why),
      () => {},
    );
    await store.acquireLease('s1', 'intruder', 60_000, Date.now() + 3_600_000);
    fresh.advanceTo(9);
    expect(await fresh.flush()).toBe('lease-lost');
    expect(other).toEqual(['lease-lost']);
    expect((await store.cursor('s1')).seq).toBe(1);
  });
});
