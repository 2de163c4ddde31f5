/**
 * The behaviour every AdapterCursorStore implementation must have (SQLite and PostgreSQL): pull
 * cursors that start empty, move only by compare-and-set, and keep failures beside them.
 */
import { expect, it } from 'vitest';
import type { AdapterCursorStore } from '../../gateway/store/port.ts';

/** Registers the suite; `store()` is called inside each test (after the caller's setup hooks). */
export function adapterCursorStoreSuite(store: () => AdapterCursorStore): void {
  let n = 0;
  const system = () => `emall-${++n}-${Math.random().toString(36).slice(2, 8)}`;

  it('starts a never-pulled system at no cursor and revision 0', async () => {
    expect(await store().position(system())).toEqual({ cursor: null, revision: 0, polledAtMs: null, lastError: null });
  });

  it('moves the cursor only from the revision it was read at', async () => {
    const id = system();
    expect(await store().advance(id, 0, 'c-1', 1_000)).toBe(true);
    expect(await store().position(id)).toEqual({ cursor: 'c-1', revision: 1, polledAtMs: 1_000, lastError: null });
    // A second poller that read revision 0 too loses.
    expect(await store().advance(id, 0, 'c-other', 1_001)).toBe(false);
    expect(await store().advance(id, 1, 'c-2', 2_000)).toBe(true);
    expect(await store().advance(id, 1, 'c-stale', 2_001)).toBe(false);
    expect(await store().position(id)).toMatchObject({ cursor: 'c-2', revision: 2 });
  });

  it('lets exactly one of several concurrent pollers move the cursor from the same revision', async () => {
    const id = system();
    await store().advance(id, 0, 'c-1', 1);
    const outcomes = await Promise.all(['a', 'b', 'c', 'd'].map((c) => store().advance(id, 1, `c-2${c}`, 2)));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect((await store().position(id)).revision).toBe(2);
  });

  it('records a failed poll without moving the cursor, and clears the error on the next advance', async () => {
    const id = system();
    await store().recordFailure(id, 'connect ECONNREFUSED 127.0.0.1:1', 500);
    expect(await store().position(id)).toEqual({
      cursor: null,
      revision: 0,
      polledAtMs: 500,
      lastError: 'connect ECONNREFUSED 127.0.0.1:1',
    });
    expect(await store().advance(id, 0, 'c-1', 600)).toBe(true);
    await store().recordFailure(id, 'HTTP 503', 700);
    expect(await store().position(id)).toEqual({ cursor: 'c-1', revision: 1, polledAtMs: 700, lastError: 'HTTP 503' });
    expect(await store().advance(id, 1, 'c-2', 800)).toBe(true);
    expect(await store().position(id)).toEqual({ cursor: 'c-2', revision: 2, polledAtMs: 800, lastError: null });
  });

  it('gives the polling lease of a system to one holder at a time until it expires or is released', async () => {
    const id = system();
    expect(await store().leasePolling(id, 'gateway-a', 1_000, 10_000)).toBe(true);
    expect(await store().leasePolling(id, 'gateway-b', 1_000, 10_500)).toBe(false);
    // The holder extends it; the other still waits.
    expect(await store().leasePolling(id, 'gateway-a', 1_000, 10_900)).toBe(true);
    expect(await store().leasePolling(id, 'gateway-b', 1_000, 11_500)).toBe(false);
    // Expired (the holder died): the next one takes it.
    expect(await store().leasePolling(id, 'gateway-b', 1_000, 11_900)).toBe(true);
    expect(await store().leasePolling(id, 'gateway-a', 1_000, 12_000)).toBe(false);
    // Released by someone else: nothing changes; by its holder: free at once.
    await store().releasePolling(id, 'gateway-a');
    expect(await store().leasePolling(id, 'gateway-c', 1_000, 12_100)).toBe(false);
    await store().releasePolling(id, 'gateway-b');
    expect(await store().leasePolling(id, 'gateway-c', 1_000, 12_100)).toBe(true);
    // Leases of different systems are independent.
    expect(await store().leasePolling(system(), 'gateway-a', 1_000, 12_100)).toBe(true);
  });

  it('grants the polling lease to exactly one of several holders asking at once', async () => {
    const id = system();
    const granted = await Promise.all(['a', 'b', 'c', 'd'].map((h) => store().leasePolling(id, h, 5_000, 1_000)));
    expect(granted.filter(Boolean)).toHaveLength(1);
  });

  it('lists every pulled system by id', async () => {
    const [a, b] = [system(), system()].sort() as [string, string];
    await store().advance(b, 0, 'b-1', 1);
    await store().recordFailure(a, 'boom', 2);
    const listed = (await store().positions()).filter((p) => p.systemId === a || p.systemId === b);
    expect(listed.map((p) => [p.systemId, p.cursor, p.lastError])).toEqual([
      [a, null, 'boom'],
      [b, 'b-1', null],
    ]);
  });
}
