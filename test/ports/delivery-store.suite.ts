/**
 * The behaviour every DeliveryStore must have, run against SQLite and PostgreSQL: subscriptions,
 * cursors that move only under the current lease and revision, fenced leases, idempotent dead
 * letters, attempts and endpoint states.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeFor } from '../../gateway/core/envelope.ts';
import type { DeadLetter, DeliveryStore, Subscription } from '../../gateway/store/port.ts';

/** A store under test and how to dispose of it. */
export interface DeliveryStoreHandle {
  store: DeliveryStore;
  close(): Promise<void>;
}

function subscription(id: string, systemId = 'ggzy-fj', mode: Subscription['mode'] = 'webhook'): Subscription {
  const s: Subscription = {
    id,
    systemId,
    filter: { areaPrefixes: ['35'] },
    format: 'cloudevents',
    mode,
    origin: 'api',
    createdAt: '2026-03-01T00:00:00.000Z',
  };
  if (mode === 'webhook') s.webhook = { url: 'http://127.0.0.1:9/hook', secrets: [{ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }] };
  return s;
}

function deadLetter(id: string, subscriptionId: string, eventSeq: number): DeadLetter {
  const envelope = envelopeFor(
    {
      recordType: 'notice',
      id: `n-${eventSeq}`,
      version: 1,
      operation: 'create',
      regionCode: '350100',
      ocid: 'ocds-x-1',
      noticeType: 'tender',
    },
    'fj-gpms',
    'https://procurement-exchange.example/schemas/v1/notice.schema.json',
    new Date('2026-03-01T00:00:00Z'),
  );
  return {
    id,
    subscriptionId,
    seq: eventSeq,
    eventId: envelope.id,
    attempts: 5,
    firstAttemptAt: '2026-03-01T00:00:00.000Z',
    lastAttemptAt: '2026-03-01T00:01:00.000Z',
    lastStatus: 500,
    lastError: null,
    envelope,
    createdAt: '2026-03-01T00:01:00.000Z',
  };
}

/** Registers the DeliveryStore behaviour suite for one implementation. */
export function deliveryStoreSuite(name: string, open: () => Promise<DeliveryStoreHandle>): void {
  describe(`DeliveryStore: ${name}`, () => {
    let handle: DeliveryStoreHandle;
    let store: DeliveryStore;
    beforeAll(async () => {
      handle = await open();
      store = handle.store;
    });
    afterAll(async () => {
      await handle?.close();
    });

    it('stores, replaces, lists by system and mode, and removes subscriptions', async () => {
      await store.putSubscription(subscription('s-a'));
      await store.putSubscription(subscription('s-b', 'emall-zcy', 'pull'));
      await store.putSubscription({ ...subscription('s-a'), format: 'standard' });
      expect((await store.subscription('s-a'))?.format).toBe('standard');
      expect((await store.subscriptions({ systemId: 'emall-zcy' })).map((s) => s.id)).toEqual(['s-b']);
      expect((await store.subscriptions({ mode: 'webhook' })).map((s) => s.id)).toContain('s-a');
      expect((await store.subscriptions({ mode: 'webhook' })).map((s) => s.id)).not.toContain('s-b');
      expect(await store.removeSubscription('s-b')).toBe(true);
      expect(await store.removeSubscription('s-b')).toBe(false);
      expect(await store.subscription('s-b')).toBeNull();
    });

    it('pauses and resumes a subscription only from the pause it expects, and keeps the pause when the subscription is replaced', async () => {
      await store.putSubscription(subscription('s-pause'));
      await store.putSubscription(subscription('s-other', 'ggzy-fj', 'pull'));
      expect((await store.subscription('s-pause'))?.paused).toBeUndefined();
      const pause = { by: 'mof-monitor', at: '2026-03-01T08:00:00.000Z', reason: '端点疑似泄露 suspected leak' };
      expect(await store.setPause('s-pause', pause, null)).toBe(true);
      expect((await store.subscription('s-pause'))?.paused).toEqual(pause);
      expect((await store.subscriptions({ systemId: 'ggzy-fj' })).find((s) => s.id === 's-pause')?.paused).toEqual(pause);
      expect((await store.subscriptions({ systemId: 'ggzy-fj' })).find((s) => s.id === 's-other')?.paused).toBeUndefined();
      // A decision taken on "not paused" or on someone else's pause is not applied.
      expect(await store.setPause('s-pause', { ...pause, by: 'ggzy-fj' }, null)).toBe(false);
      expect(await store.setPause('s-pause', null, 'ggzy-fj')).toBe(false);
      // Replacing the subscription (a rotation, a registry reload) neither sets nor clears the pause.
      await store.putSubscription({ ...subscription('s-pause'), format: 'standard' });
      expect((await store.subscription('s-pause'))?.paused).toEqual(pause);
      await store.putSubscription({ ...subscription('s-other', 'ggzy-fj', 'pull'), paused: pause });
      expect((await store.subscription('s-other'))?.paused).toBeUndefined();
      expect(await store.setPause('s-pause', null, 'mof-monitor')).toBe(true);
      expect((await store.subscription('s-pause'))?.paused).toBeUndefined();
      expect((await store.subscription('s-pause'))?.format).toBe('standard');
      expect(await store.setPause('s-missing', pause, null)).toBe(false);
      await store.removeSubscription('s-pause');
      await store.removeSubscription('s-other');
    });

    it('gives a lease to one holder at a time and a higher token to the next holder after expiry', async () => {
      const first = await store.acquireLease('s-lease', 'p1', 1000, 10_000);
      expect(first?.token).toBeGreaterThan(0);
      expect(await store.acquireLease('s-lease', 'p2', 1000, 10_500)).toBeNull();
      const again = await store.acquireLease('s-lease', 'p1', 1000, 10_600);
      expect(again?.token).toBe(first!.token);
      const taken = await store.acquireLease('s-lease', 'p2', 1000, 20_000);
      expect(taken?.token).toBeGreaterThan(first!.token);
      expect(await store.renewLease(first!, 1000, 20_001)).toBeNull();
      expect(await store.renewLease(taken!, 1000, 20_001)).toMatchObject({ holder: 'p2', expiresAt: 21_001 });
      await store.releaseLease(taken!);
      const next = await store.acquireLease('s-lease', 'p3', 1000, 20_002);
      expect(next?.token).toBeGreaterThan(taken!.token);
    });

    it('advances a cursor only under the current lease and the revision it read', async () => {
      expect(await store.cursor('s-cur')).toEqual({ seq: 0, revision: 0 });
      const old = (await store.acquireLease('s-cur', 'p1', 1000, 1_000))!;
      expect(await store.advanceCursor('s-cur', 0, 5, old)).toBe(true);
      const at5 = await store.cursor('s-cur');
      expect(at5.seq).toBe(5);
      // A stale revision (someone replayed in between) is refused.
      expect(await store.advanceCursor('s-cur', at5.revision - 1, 9, old)).toBe(false);
      // A holder whose lease was taken over is fenced off.
      const current = (await store.acquireLease('s-cur', 'p2', 1000, 5_000))!;
      expect(await store.advanceCursor('s-cur', at5.revision, 9, old)).toBe(false);
      expect(await store.advanceCursor('s-cur', at5.revision, 9, current)).toBe(true);
      expect((await store.cursor('s-cur')).seq).toBe(9);
    });

    it('resets a cursor with a new revision so that a running worker notices the replay', async () => {
      const before = await store.cursor('s-cur');
      const reset = await store.resetCursor('s-cur', 2);
      expect(reset.seq).toBe(2);
      expect(reset.revision).toBeGreaterThan(before.revision);
      const lease = (await store.acquireLease('s-cur', 'p2', 1000, 5_500))!;
      expect(await store.advanceCursor('s-cur', before.revision, 20, lease)).toBe(false);
      expect(await store.resetCursor('s-fresh', 7)).toEqual({ seq: 7, revision: 1 });
    });

    it('keeps one dead letter per subscription and event, lists them by seq, updates and removes them', async () => {
      const a = await store.addDeadLetter(deadLetter('dl-1', 's-a', 3));
      const dup = await store.addDeadLetter(deadLetter('dl-1b', 's-a', 3));
      expect(dup.id).toBe(a.id);
      await store.addDeadLetter(deadLetter('dl-2', 's-a', 1));
      await store.addDeadLetter(deadLetter('dl-3', 's-other', 2));
      expect((await store.deadLetters({ subscriptionId: 's-a', limit: 10 })).map((d) => d.id)).toEqual(['dl-2', 'dl-1']);
      expect((await store.deadLetters({ limit: 10 })).length).toBe(3);
      expect((await store.deadLetters({ subscriptionId: 's-a', limit: 1, offset: 1 })).map((d) => d.id)).toEqual(['dl-1']);
      const got = await store.deadLetter('dl-1');
      expect(got?.envelope.data.id).toBe('n-3');
      expect(got?.lastStatus).toBe(500);
      await store.updateDeadLetter('dl-1', {
        attempts: 6,
        lastAttemptAt: '2026-03-02T00:00:00.000Z',
        lastStatus: null,
        lastError: 'ECONNREFUSED',
      });
      expect(await store.deadLetter('dl-1')).toMatchObject({
        attempts: 6,
        lastStatus: null,
        lastError: 'ECONNREFUSED',
        lastAttemptAt: '2026-03-02T00:00:00.000Z',
      });
      expect(await store.removeDeadLetter('dl-1')).toBe(true);
      expect(await store.deadLetter('dl-1')).toBeNull();
    });

    it('records attempts and returns the latest first, optionally of one event', async () => {
      const base = { subscriptionId: 's-att', seq: 1, at: '2026-03-01T00:00:00.000Z', latencyMs: 1.5, error: null };
      await store.recordAttempts([
        { ...base, eventId: 'e1', attempt: 1, status: 503, outcome: 'retry' },
        { ...base, eventId: 'e1', attempt: 2, status: 200, outcome: 'delivered' },
        { ...base, eventId: 'e2', attempt: 1, status: null, error: 'ECONNREFUSED', outcome: 'retry' },
      ]);
      expect((await store.attempts('s-att', { limit: 10 })).map((a) => [a.eventId, a.attempt])).toEqual([
        ['e2', 1],
        ['e1', 2],
        ['e1', 1],
      ]);
      const e1 = await store.attempts('s-att', { eventId: 'e1', limit: 1 });
      expect(e1).toEqual([{ ...base, eventId: 'e1', attempt: 2, status: 200, outcome: 'delivered' }]);
    });

    it('prunes attempts older than a given time and keeps the newer ones', async () => {
      const base = {
        subscriptionId: 's-prune',
        eventId: 'e',
        seq: 1,
        attempt: 1,
        status: 200,
        latencyMs: 1,
        error: null,
        outcome: 'delivered' as const,
      };
      await store.recordAttempts([
        { ...base, at: '2026-01-01T00:00:00.000Z' },
        { ...base, attempt: 2, at: '2026-02-01T00:00:00.000Z' },
      ]);
      expect(await store.pruneAttempts('2026-01-15T00:00:00.000Z')).toBeGreaterThanOrEqual(1);
      expect((await store.attempts('s-prune', { limit: 10 })).map((a) => a.attempt)).toEqual([2]);
    });

    it('reports an unknown endpoint as active and stores state changes with reason and since', async () => {
      expect(await store.endpointState('s-ep')).toMatchObject({ status: 'active', consecutiveDeadLetters: 0 });
      const state = {
        subscriptionId: 's-ep',
        status: 'disabled' as const,
        reason: 'endpoint answered 410 Gone',
        since: '2026-03-01T10:00:00.000Z',
        consecutiveDeadLetters: 2,
        lastSuccessAt: null,
        lastFailureAt: '2026-03-01T10:00:00.000Z',
      };
      await store.setEndpointState(state);
      expect(await store.endpointState('s-ep')).toEqual(state);
      expect((await store.endpointStates()).map((s) => s.subscriptionId)).toContain('s-ep');
    });

    it('removes a subscription together with its cursor, lease, attempts, dead letters and endpoint state', async () => {
      await store.putSubscription(subscription('s-gone'));
      const lease = (await store.acquireLease('s-gone', 'p1', 1000, 1))!;
      await store.advanceCursor('s-gone', 0, 4, lease);
      await store.addDeadLetter(deadLetter('dl-gone', 's-gone', 4));
      await store.setEndpointState({ ...(await store.endpointState('s-gone')), status: 'failing' });
      await store.removeSubscription('s-gone');
      expect(await store.cursor('s-gone')).toEqual({ seq: 0, revision: 0 });
      expect(await store.deadLetter('dl-gone')).toBeNull();
      expect((await store.endpointState('s-gone')).status).toBe('active');
      expect((await store.acquireLease('s-gone', 'p9', 1000, 2))?.holder).toBe('p9');
    });
  });
}
