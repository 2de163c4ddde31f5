/** The one behavioural suite of the PublicationStore, run against SQLite and PostgreSQL. */
import { expect, it } from 'vitest';
import type { BulkDay, PublicationStore } from '../../gateway/store/index.ts';

function day(name: string, policy: string, bytes: number[]): BulkDay {
  return {
    day: name,
    packages: bytes.length,
    releases: bytes.length,
    sha256: `sha-${name}-${policy}`,
    bytes: bytes.length,
    policy,
    builtAtMs: 1_000,
    gzip: new Uint8Array(bytes),
    manifest: JSON.stringify({ day: name, policy }),
  };
}

/** Registers the suite; `store` is called inside each test. */
export function publicationStoreSuite(store: () => PublicationStore): void {
  it('stores a day once and gives back its bytes and manifest unchanged', async () => {
    expect(await store().putBulkDay(day('2026-04-01', 'p1', [1, 2, 250]))).toBe(true);
    expect(await store().putBulkDay(day('2026-04-01', 'p1', [9]))).toBe(false);
    const stored = await store().bulkDay('2026-04-01');
    expect(Array.from(stored!.gzip)).toEqual([1, 2, 250]);
    expect(JSON.parse(stored!.manifest)).toEqual({ day: '2026-04-01', policy: 'p1' });
    expect(await store().bulkDay('2026-04-02')).toBeUndefined();
  });

  it('replaces a day built under another policy', async () => {
    await store().putBulkDay(day('2026-04-03', 'p1', [1]));
    expect(await store().putBulkDay(day('2026-04-03', 'p2', [7, 7]))).toBe(true);
    const stored = await store().bulkDay('2026-04-03');
    expect(stored!.policy).toBe('p2');
    expect(Array.from(stored!.gzip)).toEqual([7, 7]);
  });

  it('lists stored days ascending without their bytes', async () => {
    await store().putBulkDay(day('2026-03-30', 'p1', [1]));
    const days = await store().bulkDays();
    const names = days.map((d) => d.day);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('2026-03-30');
    expect(days[0]).not.toHaveProperty('gzip');
  });

  it('gives a lease to one holder until it expires or is released', async () => {
    expect(await store().lease('bulk', 'a', 1_000, 10_000)).toBe(true);
    expect(await store().lease('bulk', 'b', 1_000, 10_500)).toBe(false);
    expect(await store().lease('bulk', 'a', 1_000, 10_600)).toBe(true);
    expect(await store().lease('bulk', 'b', 1_000, 11_700)).toBe(true);
    await store().releaseLease('bulk', 'a');
    expect(await store().lease('bulk', 'a', 1_000, 11_800)).toBe(false);
    await store().releaseLease('bulk', 'b');
    expect(await store().lease('bulk', 'a', 1_000, 11_900)).toBe(true);
  });
}
