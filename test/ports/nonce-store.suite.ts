/**
 * The behaviour every NonceStore implementation must have (SQLite and PostgreSQL): a nonce is new
 * once per system within its lifetime, concurrent uses let exactly one through, expired ones go.
 */
import { expect, it } from 'vitest';
import type { NonceStore } from '../../gateway/store/port.ts';

/** Registers the suite; `store()` is called inside each test (after the caller's setup hooks). */
export function nonceStoreSuite(store: () => NonceStore): void {
  let n = 0;
  const nonce = () => `nonce-${++n}-${Math.random().toString(36).slice(2, 10)}`;

  it('accepts a nonce the first time and refuses it while it is unexpired', async () => {
    const id = nonce();
    expect(await store().remember('fj-gpms', id, 10_000, 1_000)).toBe(true);
    expect(await store().remember('fj-gpms', id, 10_500, 2_000)).toBe(false);
    expect(await store().remember('fj-gpms', id, 11_000, 9_999)).toBe(false);
  });

  it('keeps the nonces of different systems apart', async () => {
    const id = nonce();
    expect(await store().remember('fj-gpms', id, 10_000, 1_000)).toBe(true);
    expect(await store().remember('fz-gpms', id, 10_000, 1_000)).toBe(true);
  });

  it('lets exactly one of several concurrent uses of the same nonce through', async () => {
    const id = nonce();
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => store().remember('fj-gpms', id, 10_000, 1_000)));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });

  it('takes a nonce again once it has expired', async () => {
    const id = nonce();
    expect(await store().remember('fj-gpms', id, 5_000, 1_000)).toBe(true);
    expect(await store().remember('fj-gpms', id, 12_000, 5_000)).toBe(true);
    expect(await store().remember('fj-gpms', id, 13_000, 6_000)).toBe(false);
  });

  it('purges expired nonces and keeps unexpired ones', async () => {
    const old = nonce();
    const fresh = nonce();
    await store().remember('purge-sys', old, 2_000_000_000_000, 1_000);
    await store().remember('purge-sys', fresh, 4_000_000_000_000, 1_000);
    expect(await store().purge(3_000_000_000_000)).toBeGreaterThanOrEqual(1);
    // The purged nonce is gone, so it counts as new again; the unexpired one is still remembered.
    expect(await store().remember('purge-sys', old, 2_000_000_000_000, 1_000)).toBe(true);
    expect(await store().remember('purge-sys', fresh, 4_000_000_000_000, 1_000)).toBe(false);
  });
}
