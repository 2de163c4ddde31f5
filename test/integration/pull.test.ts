/**
 * Pull mode against a fake e-marketplace on 127.0.0.1: the scheduler polls the order-event feed by
 * cursor, hands every page to the ingest pipeline (the real standard) and keeps the cursor in the
 * state store. Killing and recreating the poller midway loses nothing and repeats nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../gateway/registry/registry.ts';
import type { SystemEntry } from '../../gateway/registry/types.ts';
import { createStandard } from '../../gateway/standard/index.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { testRegistry } from '../support/registry.ts';
import { eventually } from '../support/wait.ts';
import { type FakeMarketplace, orderEvents, startFakeMarketplace } from './pull-fake-marketplace.ts';
import { journalIds, killAndResume, offsetOf, schedulerOn } from './pull-scenarios.ts';

const silent = { info() {}, warn() {}, error() {} };

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

let fake: FakeMarketplace | undefined;
let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  await fake?.close();
  gw = undefined;
  fake = undefined;
});

describe('pull mode', () => {
  it('pulls every event of the feed through the ingest pipeline into the journal once, in feed order, and picks up later events', async () => {
    const first = orderEvents(5, 'A');
    fake = await startFakeMarketplace(first);
    gw = await startTestGateway({
      registry: testRegistry([marketplaceSystem('emall-pull', fake.url)]),
      overrides: { standard: createStandard(), logger: silent },
    });

    await eventually(
      async () => (await journalIds(gw!.services, 'emall-pull')).length === first.length,
      15_000,
      'the first events in the journal',
    );
    expect(await journalIds(gw.services, 'emall-pull')).toEqual(first.map((e) => e.eventId));
    // The cursor moves once the page is in: right after its records reach the journal.
    const position = await eventually(
      async () => {
        const p = await gw!.services.stores.adapterCursors.position('emall-pull');
        return offsetOf(p.cursor) === first.length && p;
      },
      15_000,
      'the cursor after the first events',
    );
    expect(position.lastError).toBeNull();

    const later = orderEvents(2, 'B');
    fake.append(later);
    await eventually(
      async () => (await journalIds(gw!.services, 'emall-pull')).length === first.length + later.length,
      15_000,
      'the later events',
    );
    expect(await journalIds(gw.services, 'emall-pull')).toEqual([...first, ...later].map((e) => e.eventId));
    // Once the cursor moved past them, every record had been accepted with a receipt, as a push would be.
    await eventually(
      async () => offsetOf((await gw!.services.stores.adapterCursors.position('emall-pull')).cursor) === 14,
      15_000,
      'the final cursor',
    );
    for (const event of [...first, ...later])
      expect(await gw.services.stores.ingest.receipt(event.eventId, 1), event.eventId).not.toBeNull();
  });

  it('records a failing marketplace beside the cursor, keeps the cursor, and recovers when it answers again', async () => {
    const events = orderEvents(2, 'F');
    fake = await startFakeMarketplace(events);
    fake.failNext(2);
    gw = await startTestGateway({
      registry: testRegistry([marketplaceSystem('emall-flaky', fake.url)]),
      overrides: { standard: createStandard(), logger: silent },
    });
    const failed = await eventually(
      async () => {
        const p = await gw!.services.stores.adapterCursors.position('emall-flaky');
        return p.lastError !== null && p;
      },
      15_000,
      'a recorded failure',
    );
    expect(failed).toMatchObject({ cursor: null, revision: 0 });
    expect(failed.lastError).toContain('HTTP 503');
    await eventually(
      async () => (await journalIds(gw!.services, 'emall-flaky')).length === events.length,
      15_000,
      'the events after recovery',
    );
    const recovered = await eventually(
      async () => {
        const p = await gw!.services.stores.adapterCursors.position('emall-flaky');
        return offsetOf(p.cursor) === events.length && p;
      },
      15_000,
      'the cursor after recovery',
    );
    expect(recovered.lastError).toBeNull();
    expect(await journalIds(gw.services, 'emall-flaky')).toEqual(events.map((e) => e.eventId));
  });

  it('starts pulling a system added to the registry while running, and stops when its pull binding goes', async () => {
    const events = orderEvents(2, 'R');
    fake = await startFakeMarketplace(events);
    gw = await startTestGateway({
      registry: testRegistry([marketplaceSystem('emall-later', null)]),
      overrides: { standard: createStandard(), logger: silent },
    });
    const services = gw.services;
    const entries: SystemEntry[] = [];
    const registry = { systems: () => entries, byId: (id: string) => entries.find((e) => e.id === id) };
    const scheduler = schedulerOn(services, registry, { rescanSeconds: 0.05 });
    await scheduler.start();
    try {
      entries.push(marketplaceSystem('emall-later', fake.url));
      await eventually(
        async () => (await journalIds(services, 'emall-later')).length === events.length,
        15_000,
        'the events of the system added later',
      );
      entries.splice(0, 1, marketplaceSystem('emall-later', null));
      const asked = fake.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 300));
      // At most the poll already under way when the binding went.
      expect(fake.requests.length).toBeLessThanOrEqual(asked + 1);
    } finally {
      await scheduler.close();
    }
  });

  it('lets one of several schedulers on one store poll a system at a time, and another take over when it stops', async () => {
    const events = orderEvents(3, 'L');
    fake = await startFakeMarketplace(events);
    gw = await startTestGateway({
      registry: testRegistry([marketplaceSystem('emall-lease', null)]),
      overrides: { standard: createStandard(), logger: silent },
    });
    const services = gw.services;
    const pulled = marketplaceSystem('emall-lease', fake.url);
    const registry = { systems: () => [pulled], byId: (id: string) => (id === pulled.id ? pulled : undefined) };
    const polls = [0, 0, 0];
    const schedulers = polls.map((_, n) => {
      const scheduler = schedulerOn(services, registry);
      scheduler.onPoll(() => (polls[n]! += 1));
      return scheduler;
    });
    try {
      for (const s of schedulers) await s.start();
      await eventually(async () => (await journalIds(services, pulled.id)).length === events.length, 15_000, 'the events in the journal');
      await eventually(async () => Math.max(...polls) >= 10, 15_000, 'a few idle polls');
      // Only the lease holder polled (a poll counts only when it was made).
      expect(polls.filter((n) => n > 0)).toHaveLength(1);
      const holder = polls.findIndex((n) => n > 0);
      await schedulers[holder]!.close();
      const before = [...polls];
      await eventually(async () => polls.some((n, i) => i !== holder && n > before[i]! + 3), 15_000, 'another scheduler to take over');
      expect(polls.filter((n, i) => i !== holder && n > before[i]!)).toHaveLength(1);
    } finally {
      for (const s of schedulers) await s.close();
    }
  });

  it('resumes without gaps or repeats after the poller dies between ingesting a page and saving its cursor, and after a stop mid-request', async () => {
    fake = await startFakeMarketplace();
    // The gateway's own scheduler has nothing to pull here: the scenario runs pollers by hand on its stores.
    gw = await startTestGateway({
      registry: testRegistry([marketplaceSystem('emall-kill', null)]),
      overrides: { standard: createStandard(), logger: silent },
    });
    await killAndResume(gw.services, fake, marketplaceSystem('emall-kill', fake.url));
  });
});
