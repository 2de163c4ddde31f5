/**
 * Refused authentication and signatures in bursts are audited: one entry per client address (or
 * per must-sign system) and window once the refusals pass the threshold, never the key presented,
 * and the counts held in bounded memory.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../gateway/audit/port.ts';
import { RateLimiter } from '../../gateway/core/rate-limit.ts';
import { DEFAULT_BURST, RefusalCounter } from '../../gateway/http/middleware/refusals.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { keys } from '../support/registry.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw?.close());

const PRESENTED_KEY = 'a-guessed-key-that-is-not-registered-0001';

async function entries(action: AuditEntry['action']): Promise<AuditEntry[]> {
  return gw.services.audit.list({ action, limit: 100 });
}

describe('refused authentication bursts', () => {
  it('appends one auth.refused_burst for a client address past the threshold, without the presented key', async () => {
    const refuse = () => gw.app.request('/v1/subscriptions', { headers: { authorization: `Bearer ${PRESENTED_KEY}` } });
    for (let i = 0; i < DEFAULT_BURST.threshold; i++) expect((await refuse()).status).toBe(401);
    expect(await entries('auth.refused_burst')).toEqual([]);
    await refuse();
    await vi.waitFor(async () => expect(await entries('auth.refused_burst')).toHaveLength(1));
    // Further refusals in the same window add nothing.
    for (let i = 0; i < 2 * DEFAULT_BURST.threshold; i++) await refuse();
    const [entry] = await entries('auth.refused_burst');
    expect(await entries('auth.refused_burst')).toHaveLength(1);
    expect(entry).toMatchObject({
      actor: 'gateway',
      target: 'unknown',
      address: 'unknown',
      details: { address: 'unknown', count: DEFAULT_BURST.threshold + 1, windowSeconds: DEFAULT_BURST.windowMs / 1000 },
    });
    expect(JSON.stringify(entry)).not.toContain(PRESENTED_KEY);
  });

  it('appends one signature.refused_burst for a must-sign system whose requests keep failing verification', async () => {
    const unsigned = () => gw.app.request('/v1/subscriptions', { headers: { authorization: `Bearer ${keys.signed}` } });
    for (let i = 0; i <= DEFAULT_BURST.threshold + 5; i++) expect((await unsigned()).status).toBe(401);
    await vi.waitFor(async () => expect(await entries('signature.refused_burst')).toHaveLength(1));
    const [entry] = await entries('signature.refused_burst');
    expect(entry).toMatchObject({
      actor: 'gateway',
      target: 'signed',
      systems: ['signed'],
      details: { systemId: 'signed', count: DEFAULT_BURST.threshold + 1 },
    });
    expect(JSON.stringify(entry)).not.toContain(keys.signed);
  });

  it('does not count refusals of the route behind a valid signature as signature refusals', async () => {
    const before = (await entries('signature.refused_burst')).length;
    // The ministry signs nothing and is refused nothing by the verifier: its 404s are the route's.
    for (let i = 0; i <= DEFAULT_BURST.threshold * 2; i++)
      expect((await gw.app.request('/v1/subscriptions/none', { headers: { authorization: `Bearer ${keys.ministry}` } })).status).toBe(404);
    expect(await entries('signature.refused_burst')).toHaveLength(before);
  });
});

describe('the refusal counter', () => {
  it('tells once per window, and again once a new window fills', () => {
    let now = 0;
    const counter = new RefusalCounter({ threshold: 3, windowMs: 1000, maxKeys: 10 }, () => now);
    const told = () => Array.from({ length: 6 }, () => counter.count('203.0.113.9'));
    expect(told()).toEqual([null, null, null, 4, null, null]);
    now = 999;
    expect(counter.count('203.0.113.9')).toBeNull();
    now = 1000;
    expect(told()).toEqual([null, null, null, 4, null, null]);
  });

  it('holds at most maxKeys addresses', () => {
    const counter = new RefusalCounter({ threshold: 3, windowMs: 60_000, maxKeys: 100 }, () => 0);
    for (let i = 0; i < 5000; i++) counter.count(`198.51.100.${i}`);
    expect(counter.size).toBeLessThanOrEqual(100);
  });
});

describe('the rate limiter', () => {
  it('holds at most maxKeys buckets, however many addresses call', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now, 100);
    for (let i = 0; i < 5000; i++) {
      now += 1;
      limiter.take(`198.51.100.${i}`, { requestsPerSecond: 1, burst: 5 });
    }
    expect(limiter.size).toBeLessThanOrEqual(100);
  });

  it('still limits a busy key while others come and go', () => {
    const limiter = new RateLimiter(() => 0, 10);
    const limit = { requestsPerSecond: 1, burst: 2 };
    expect([limiter.take('busy', limit).allowed, limiter.take('busy', limit).allowed]).toEqual([true, true]);
    for (let i = 0; i < 5; i++) limiter.take(`other-${i}`, limit);
    expect(limiter.take('busy', limit)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});
