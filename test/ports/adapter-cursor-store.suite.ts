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
    expect(await store().position(id)).toEqual({ cursor: null, revision: 0, polledAtMs: 500, lastError: 'connect ECONNREFUSED 127.0.0.1:1' });
    expect(await store().advance(id, 0, 'c-1', 600)).toBe(true);
    await store().recordFailure(id, 'HTTP 503', 700);
    expect(await store().position(id)).toEqual({ cursor: 'c-1', revision: 1, polledAtMs: 700, lastError: 'HTTP 503' });
    expect(await store().advance(id, 1, 'c-2', 800)).toBe(true);
    expect(await store().position(id)).toEqual({ cursor: 'c-2', revision: 2, polledAtMs: 800, lastError: null });
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
