/**
 * Pull mode against a fake e-marketplace on 127.0.0.1: the scheduler polls the order-event feed by
 * cursor, hands every page to the ingest pipeline (the real standard) and keeps the cursor in the
 * state store. Killing and recreating the poller midway loses nothing and repeats nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NativeEvent } from '../../adapters/emall/events.ts';
import { PullScheduler } from '../../gateway/pull/scheduler.ts';
import type { PollOutcome } from '../../gateway/pull/poller.ts';
import { hashApiKey } from '../../gateway/registry/registry.ts';
import type { SystemEntry } from '../../gateway/registry/types.ts';
import { createStandard } from '../../gateway/standard/index.ts';
import type { AdapterCursorStore } from '../../gateway/store/port.ts';
import { type TestGateway, startTestGateway } from '../support/gateway.ts';
import { testRegistry } from '../support/registry.ts';
import { eventually } from '../support/wait.ts';
import { type FakeMarketplace, orderEvents, startFakeMarketplace } from './pull-fake-marketplace.ts';

const silent = { info() {}, warn() {}, error() {} };
const offsetOf = (cursor: string | null) => (cursor ? (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { seq: number }).seq : 0);

function marketplaceSystem(id: string, baseUrl: string | null): SystemEntry {
  return {
    id,
    name: 'E-marketplace',
    kind: 'e-marketplace',
    publish: { areas: ['350000'], recordTypes: ['transaction'] },
    credentials: { apiKeys: [{ id: 'test', sha256: hashApiKey(`test-key-${id}-000000000000`) }] },
    adapter: {
      id: 'emall',
      config: { marketplaceName: '福建省网上超市', pageSize: 4 },
      ...(baseUrl ? { pull: { baseUrl, intervalSeconds: 0.05, timeoutSeconds: 5 } } : {}),
    },
  };
}

/** Event ids in the journal that came from `systemId`, in journal order. */
async function journalIds(gw: TestGateway, systemId: string): Promise<string[]> {
  const entries = await gw.services.stores.journal.readJournal(0, 100_000);
  return entries.filter((e) => e.envelope.source === `/systems/${systemId}`).map((e) => e.envelope.subject);
}

let fake: FakeMarketplace | undefined;
let gw: TestGateway | undefined;
const schedulers: PullScheduler[] = [];
afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.close();
  await gw?.close();
  await fake?.close();
  gw = undefined;
  fake = undefined;
});

describe('pull mode', () => {
  it('pulls every event of the feed through the ingest pipeline into the journal once, in feed order, and picks up later events', async () => {
    const first = orderEvents(5, 'A');
    fake = await startFakeMarketplace(first);
    gw = await startTestGateway({ registry: testRegistry([marketplaceSystem('emall-pull', fake.url)]), overrides: { standard: createStandard(), logger: silent } });

    await eventually(async () => (await journalIds(gw!, 'emall-pull')).length === first.length, 15_000, 'the first events in the journal');
    expect(await journalIds(gw, 'emall-pull')).toEqual(first.map((e) => e.eventId));
    // The cursor moves once the page is in: right after its records reach the journal.
    const position = await eventually(async () => {
      const p = await gw!.services.stores.adapterCursors.position('emall-pull');
      return offsetOf(p.cursor) === first.length && p;
    }, 15_000, 'the cursor after the first events');
    expect(position.lastError).toBeNull();

    const later = orderEvents(2, 'B');
    fake.append(later);
    await eventually(async () => (await journalIds(gw!, 'emall-pull')).length === first.length + later.length, 15_000, 'the later events');
    expect(await journalIds(gw, 'emall-pull')).toEqual([...first, ...later].map((e) => e.eventId));
    // Once the cursor moved past them, every record had been accepted with a receipt, as a push would be.
    await eventually(async () => offsetOf((await gw!.services.stores.adapterCursors.position('emall-pull')).cursor) === 14, 15_000, 'the final cursor');
    for (const event of [...first, ...later]) expect(await gw.services.stores.ingest.receipt(event.eventId, 1), event.eventId).not.toBeNull();
  });

  it('records a failing marketplace beside the cursor, keeps the cursor, and recovers when it answers again', async () => {
    const events = orderEvents(2, 'F');
    fake = await startFakeMarketplace(events);
    fake.failNext(2);
    gw = await startTestGateway({ registry: testRegistry([marketplaceSystem('emall-flaky', fake.url)]), overrides: { standard: createStandard(), logger: silent } });
    const failed = await eventually(async () => {
      const p = await gw!.services.stores.adapterCursors.position('emall-flaky');
      return p.lastError !== null && p;
    }, 15_000, 'a recorded failure');
    expect(failed).toMatchObject({ cursor: null, revision: 0 });
    expect(failed.lastError).toContain('HTTP 503');
    await eventually(async () => (await journalIds(gw!, 'emall-flaky')).length === events.length, 15_000, 'the events after recovery');
    const recovered = await eventually(async () => {
      const p = await gw!.services.stores.adapterCursors.position('emall-flaky');
      return offsetOf(p.cursor) === events.length && p;
    }, 15_000, 'the cursor after recovery');
    expect(recovered.lastError).toBeNull();
    expect(await journalIds(gw, 'emall-flaky')).toEqual(events.map((e) => e.eventId));
  });

  it('resumes without gaps or repeats after the poller dies between ingesting a page and saving its cursor, and after a stop mid-request', async () => {
    const events = orderEvents(8, 'K'); // 16 events: pages at offsets 0, 4, 8, 12
    fake = await startFakeMarketplace(events);
    // The gateway's own scheduler has nothing to pull here; the test runs pollers by hand on its stores.
    const registered = marketplaceSystem('emall-kill', null);
    gw = await startTestGateway({ registry: testRegistry([registered]), overrides: { standard: createStandard(), logger: silent } });
    const services = gw.services;
    const pulled = marketplaceSystem('emall-kill', fake.url);
    const registry = { systems: () => [pulled], byId: (id: string) => (id === pulled.id ? pulled : undefined) };
    const poller = (cursors: AdapterCursorStore) => {
      const scheduler = new PullScheduler({
        adapters: services.adapters,
        cursors,
        journal: services.stores.journal,
        ingest: (system, records) => services.ingest.ingest(system, records),
        registry,
        logger: silent,
      });
      schedulers.push(scheduler);
      return scheduler;
    };

    // 1. A poller that dies right after ingesting its third page, before that page's cursor is saved.
    let died = false;
    const first = poller(dyingOnAdvance(services.stores.adapterCursors, 3, () => (died = true)));
    await first.start();
    await eventually(async () => died, 15_000, 'the first poller to die');
    await first.close();
    expect(offsetOf((await services.stores.adapterCursors.position('emall-kill')).cursor)).toBe(8);
    await eventually(async () => (await journalIds(gw!, 'emall-kill')).length === 12, 15_000, 'pages 1–3 in the journal');

    // 2. A new poller re-reads the third page (duplicates), then is stopped while the fourth is in flight.
    const release = fake.hold(12);
    const second = poller(services.stores.adapterCursors);
    const outcomes: PollOutcome[] = [];
    second.onPoll((_, outcome) => outcomes.push(outcome));
    await second.start();
    await eventually(async () => fake!.requests.at(-1) === 12, 15_000, 'the fourth page to be asked for');
    await second.close();
    release();
    expect(outcomes[0]).toMatchObject({ kind: 'page', records: 4, accepted: 0, duplicates: 4, moved: true });

    // 3. A third poller finishes the feed.
    const third = poller(services.stores.adapterCursors);
    await third.start();
    await eventually(async () => (await journalIds(gw!, 'emall-kill')).length >= 16, 15_000, 'every event in the journal');
    await eventually(async () => offsetOf((await services.stores.adapterCursors.position('emall-kill')).cursor) === 16, 15_000, 'the final cursor');
    await third.close();

    expect(await journalIds(gw, 'emall-kill')).toEqual(events.map((e: NativeEvent) => e.eventId));
    // The third page was read twice (once by the poller that died), the fourth twice (once cut off).
    expect(fake.requests.filter((o) => o === 8)).toHaveLength(2);
    expect(fake.requests.filter((o) => o === 12).length).toBeGreaterThanOrEqual(2);
    // Re-reading appended nothing: the log holds each event once.
    const { events: logged } = await services.log.read(null, 100_000);
    expect(logged.filter((e) => e.envelope.source === '/systems/emall-kill')).toHaveLength(events.length);
  });
});

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
  };
}
