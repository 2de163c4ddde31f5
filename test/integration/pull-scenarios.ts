/**
 * Pull scenarios shared by the embedded (SQLite) and distributed (Kafka + PostgreSQL) tests: the
 * poller is killed and recreated midway, and the journal must still hold every event once, in order.
 */
import { expect } from 'vitest';
import type { PollOutcome } from '../../gateway/pull/poller.ts';
import { PullScheduler } from '../../gateway/pull/scheduler.ts';
import type { SystemEntry } from '../../gateway/registry/types.ts';
import type { Services } from '../../gateway/services.ts';
import type { AdapterCursorStore } from '../../gateway/store/port.ts';
import { eventually } from '../support/wait.ts';
import { type FakeMarketplace, orderEvents } from './pull-fake-marketplace.ts';

const silent = { info() {}, warn() {}, error() {} };

/** A pull scheduler over a gateway's services and stores, pulling the systems of `registry`. */
export function schedulerOn(
  services: Services,
  registry: { systems(): SystemEntry[]; byId(id: string): SystemEntry | undefined },
  options: { cursors?: AdapterCursorStore; rescanSeconds?: number } = {},
): PullScheduler {
  return new PullScheduler({
    adapters: services.adapters,
    cursors: options.cursors ?? services.stores.adapterCursors,
    journal: services.stores.journal,
    ingest: (system, records) => services.ingest.ingest(system, records),
    registry,
    logger: silent,
    ...(options.rescanSeconds === undefined ? {} : { rescanSeconds: options.rescanSeconds }),
  });
}

/** The offset a fake-marketplace cursor stands for (0 for none). */
export function offsetOf(cursor: string | null): number {
  return cursor ? (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { seq: number }).seq : 0;
}

/** Event ids in the journal that came from `systemId`, in journal order. */
export async function journalIds(services: Services, systemId: string): Promise<string[]> {
  const entries = await services.stores.journal.readJournal(0, 100_000);
  return entries.filter((e) => e.envelope.source === `/systems/${systemId}`).map((e) => e.envelope.subject);
}

/**
 * Feeds 16 events (pages of 4) to `pulled`, a system with pull mode on the fake marketplace. A first
 * poller dies right after ingesting the third page, before saving its cursor; a second re-reads
 * that page and is stopped while the fourth is in flight; a third finishes. Then asserts no gap, no
 * repeat. `services` must not pull `pulled` itself (its registry entry has no `pull`).
 */
export async function killAndResume(services: Services, fake: FakeMarketplace, pulled: SystemEntry): Promise<void> {
  const events = orderEvents(8, pulled.id.toUpperCase());
  fake.append(events);
  const registry = { systems: () => [pulled], byId: (id: string) => (id === pulled.id ? pulled : undefined) };
  const schedulers: PullScheduler[] = [];
  const poller = (cursors: AdapterCursorStore) => {
    const scheduler = schedulerOn(services, registry, { cursors });
    schedulers.push(scheduler);
    return scheduler;
  };
  const cursor = async () => offsetOf((await services.stores.adapterCursors.position(pulled.id)).cursor);
  try {
    // 1. A poller that dies right after ingesting its third page, before that page's cursor is saved.
    let died = false;
    const first = poller(dyingOnAdvance(services.stores.adapterCursors, 3, () => (died = true)));
    await first.start();
    await eventually(async () => died, 20_000, 'the first poller to die');
    await first.close();
    expect(await cursor()).toBe(8);
    await eventually(async () => (await journalIds(services, pulled.id)).length === 12, 20_000, 'pages 1–3 in the journal');

    // 2. A new poller re-reads the third page (all duplicates), then is stopped while the fourth is in flight.
    const release = fake.hold(12);
    const second = poller(services.stores.adapterCursors);
    const outcomes: PollOutcome[] = [];
    second.onPoll((_, outcome) => outcomes.push(outcome));
    await second.start();
    await eventually(async () => fake.requests.at(-1) === 12, 20_000, 'the fourth page to be asked for');
    await second.close();
    release();
    expect(outcomes[0]).toMatchObject({ kind: 'page', records: 4, accepted: 0, duplicates: 4, moved: true });

    // 3. A third poller finishes the feed.
    const third = poller(services.stores.adapterCursors);
    await third.start();
    await eventually(async () => (await cursor()) === 16, 20_000, 'the final cursor');
    await third.close();
  } finally {
    for (const s of schedulers) await s.close();
  }

  // No gap, no repeat: each event once. The log keeps order per order (its process key), not across orders.
  // The projector writes the journal from the log asynchronously: a receipt can come before it.
  await eventually(
    async () => (await journalIds(services, pulled.id)).length >= events.length,
    20_000,
    'every pulled event in the journal',
  );
  const journal = await journalIds(services, pulled.id);
  expect([...journal].sort()).toEqual(events.map((e) => e.eventId).sort());
  for (const order of new Set(events.map((e) => e.orderNo))) {
    const ofOrder = events.filter((e) => e.orderNo === order).map((e) => e.eventId);
    expect(
      journal.filter((id) => ofOrder.includes(id)),
      order,
    ).toEqual(ofOrder);
  }
  // The third page was read twice (once by the poller that died), the fourth at least twice (once cut off).
  expect(fake.requests.filter((o) => o === 8)).toHaveLength(2);
  expect(fake.requests.filter((o) => o === 12).length).toBeGreaterThanOrEqual(2);
  // Every event has its receipt, and re-reading appended nothing: the log holds each event once.
  for (const event of events) expect(await services.stores.ingest.receipt(event.eventId, 1), event.eventId).not.toBeNull();
  const logged: string[] = [];
  let position: string | null = null;
  for (;;) {
    const page = await services.log.read(position, 1000);
    if (page.events.length === 0) break;
    for (const e of page.events) if (e.envelope.source === `/systems/${pulled.id}`) logged.push(e.envelope.id);
    position = page.next;
  }
  expect(logged).toHaveLength(events.length);
  expect(new Set(logged).size).toBe(events.length);
}

/** A cursor store of a process that is killed at its `n`-th cursor move: that move and everything after fail. */
function dyingOnAdvance(real: AdapterCursorStore, n: number, onDeath: () => void): AdapterCursorStore {
  let calls = 0;
  let dead = false;
  const killed = () => new Error('the process was killed');
  return {
    position: async (id) => {
      if (dead) throw killed();
      return real.position(id);
    },
    advance: async (id, revision, cursor, atMs) => {
      if (dead) throw killed();
      if (++calls === n) {
        dead = true;
        onDeath();
        throw killed();
      }
      return real.advance(id, revision, cursor, atMs);
    },
    recordFailure: async (id, error, atMs) => {
      if (!dead) await real.recordFailure(id, error, atMs);
    },
    positions: () => real.positions(),
    leasePolling: async (id, holder, ttlMs, nowMs) => {
      if (dead) throw killed();
      return real.leasePolling(id, holder, ttlMs, nowMs);
    },
    // A killed process gives nothing up: its lease runs out.
    releasePolling: async (id, holder) => {
      if (!dead) await real.releasePolling(id, holder);
    },
  };
}
