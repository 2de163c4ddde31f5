/**
 * Webhook delivery behaviour shared by the SQLite and the Kafka + PostgreSQL test files: the
 * records reach the journal through `publish` (straight into the journal, or through the log and
 * a projecting consumer), and the subscriber is a real HTTP endpoint on 127.0.0.1.
 */
import { afterEach, expect, it } from 'vitest';
import type { EventEnvelope } from '../../gateway/core/envelope.ts';
import type { Delivery } from '../../gateway/delivery/index.ts';
import type { Caller } from '../../gateway/delivery/subscriptions.ts';
import type { StateStores } from '../../gateway/store/port.ts';
import { burst, deliveryOver, Endpoint, envelope, eventually, notice, uid } from './webhook.support.ts';

const SUBSCRIBER: Caller = { systemId: 'ggzy-fj', ministry: false };

/** How records reach the journal in a deployment. */
export type Publish = (delivery: Delivery, events: EventEnvelope[]) => Promise<void>;

/** Records projected straight into the journal (through the delivery layer's notifying wrapper). */
export const intoJournal: Publish = async (delivery, events) => {
  for (let i = 0; i < events.length; i += 200) {
    await delivery.feed.journal.project(events.slice(i, i + 200).map((e, j) => ({ logPosition: String(i + j), envelope: e })));
  }
};

/** Registers the shared webhook tests. */
export function webhookBehaviour(stores: () => StateStores, publish: Publish = intoJournal): void {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
  });

  async function setUp(overrides: Parameters<typeof deliveryOver>[1] = {}) {
    let secret = '';
    const endpoint = await new Endpoint(() => [secret]).start();
    open.push(endpoint);
    const delivery = deliveryOver(stores(), overrides);
    open.push(delivery);
    await delivery.start();
    const created = await delivery.subscriptions.create(SUBSCRIBER, { mode: 'webhook', webhook: { url: endpoint.url } });
    if (!created.ok) throw new Error(`subscription refused: ${created.code}`);
    secret = created.value.secret!;
    return { endpoint, delivery, id: created.value.subscription.id };
  }

  it('delivers all 1,000 records of a burst sent while the endpoint was down, each record in version order, retries under the same webhook-id', async () => {
    const { endpoint, delivery, id } = await setUp();
    let up = false;
    endpoint.answer = () => (up ? { status: 200 } : { status: 503 });
    const events = burst(10, 25, 4);
    expect(events).toHaveLength(1000);
    // Down for the whole burst: first refusing connections, then answering 503, then back.
    await endpoint.down();
    await publish(delivery, events);
    const refused = async () => (await stores().delivery.attempts(id, { limit: 500 })).filter((a) => a.status === null).length;
    await eventually(async () => (await refused()) >= 20, 20_000, 'connections refused while down');
    await endpoint.start();
    await eventually(() => endpoint.received.length >= 50, 20_000, 'endpoint answers 503 for a while');
    up = true;
    const ids = new Set(events.map((e) => e.id));
    await eventually(() => new Set(endpoint.accepted().map((r) => r.webhookId)).size >= ids.size, 60_000, 'all 1,000 delivered');

    expect(endpoint.received.every((r) => r.verified)).toBe(true);
    expect(new Set(endpoint.accepted().map((r) => r.webhookId))).toEqual(ids);
    // Every delivery of one event, refused or accepted, is the same message under the same webhook-id.
    const bodies = new Map<string, string>();
    for (const r of endpoint.received) {
      const event = JSON.parse(r.body) as EventEnvelope;
      expect(r.webhookId).toBe(event.id);
      expect(bodies.get(r.webhookId) ?? r.body).toBe(r.body);
      bodies.set(r.webhookId, r.body);
    }
    expect(endpoint.received.filter((r) => r.status === 503).length).toBeGreaterThan(0);
    // Per record, the accepted versions arrive in order.
    const versions = new Map<string, number[]>();
    for (const r of endpoint.accepted()) {
      const e = JSON.parse(r.body) as EventEnvelope;
      versions.set(e.subject, [...(versions.get(e.subject) ?? []), e.recordversion]);
    }
    expect(versions.size).toBe(250);
    for (const [, list] of versions) expect(list).toEqual([1, 2, 3, 4]);
    expect(delivery.errors).toEqual([]);
  }, 90_000);

  it('dead-letters the events of an endpoint that always answers 500, disables it, and delivers a dead letter on retry once it answers 200', async () => {
    const { endpoint, delivery, id } = await setUp({ policy: { maxAttempts: 3, disableAfterDeadLetters: 3 } });
    endpoint.answer = () => ({ status: 500 });
    const tag = uid();
    await publish(
      delivery,
      [1, 2, 3].map((n) => envelope(notice(`DL-${n}-${tag}`, 1, `ocds-dl-${n}-${tag}`))),
    );
    const store = stores().delivery;
    await eventually(async () => (await store.endpointState(id)).status === 'disabled', 20_000, 'endpoint disabled');
    const letters = await store.deadLetters({ subscriptionId: id, limit: 10 });
    expect(letters.map((l) => l.envelope.subject).sort()).toEqual([`DL-1-${tag}`, `DL-2-${tag}`, `DL-3-${tag}`]);
    expect(letters.every((l) => l.attempts === 3 && l.lastStatus === 500)).toBe(true);
    const state = await store.endpointState(id);
    expect(state.reason).toMatch(/dead-lettered/);
    const attempts = await store.attempts(id, { limit: 100 });
    expect(attempts.filter((a) => a.outcome === 'dead-lettered')).toHaveLength(3);
    expect(attempts.every((a) => a.status === 500 && a.latencyMs >= 0)).toBe(true);

    // Still failing: a retry keeps the dead letter.
    const failed = await delivery.deadLetters.retry(SUBSCRIBER, letters[0]!.id);
    expect(failed.ok).toBe(false);
    expect((await store.deadLetter(letters[0]!.id))?.attempts).toBe(4);

    endpoint.answer = () => ({ status: 200 });
    const before = endpoint.accepted().length;
    const retried = await delivery.deadLetters.retry(SUBSCRIBER, letters[0]!.id);
    expect(retried).toEqual({ ok: true, value: { status: 200, attempts: 5 } });
    expect(endpoint.accepted().length).toBe(before + 1);
    expect(endpoint.accepted().at(-1)!.webhookId).toBe(letters[0]!.eventId);
    expect(endpoint.accepted().at(-1)!.verified).toBe(true);
    expect(await store.deadLetter(letters[0]!.id)).toBeNull();
    expect((await store.deadLetters({ subscriptionId: id, limit: 10 })).length).toBe(2);
    expect((await store.endpointState(id)).status).toBe('active');
  });

  it('disables an endpoint that answers 410 Gone and, once re-enabled, delivers the event it refused', async () => {
    const { endpoint, delivery, id } = await setUp();
    endpoint.answer = () => ({ status: 410 });
    const tag = uid();
    await publish(delivery, [envelope(notice(`GONE-${tag}`, 1, `ocds-gone-${tag}`))]);
    const store = stores().delivery;
    await eventually(async () => (await store.endpointState(id)).status === 'disabled', 10_000, 'disabled on 410');
    expect((await store.endpointState(id)).reason).toMatch(/410/);
    expect(await store.deadLetters({ subscriptionId: id, limit: 10 })).toEqual([]);
    endpoint.answer = () => ({ status: 200 });
    expect((await delivery.subscriptions.enable(SUBSCRIBER, id)).ok).toBe(true);
    await eventually(() => endpoint.accepted().length === 1, 10_000, 'delivered after enabling');
    expect(JSON.parse(endpoint.accepted()[0]!.body).subject).toBe(`GONE-${tag}`);
  });

  it('waits as long as Retry-After asks on 429 before trying again', async () => {
    const { endpoint, delivery } = await setUp({ policy: { maxDelayMs: 5_000 } });
    endpoint.answer = () => (endpoint.received.length === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 });
    const times: number[] = [];
    const original = endpoint.answer;
    endpoint.answer = (r) => {
      times.push(Date.now());
      return original(r);
    };
    await publish(delivery, [envelope(notice(`RA-${uid()}`, 1, 'ocds-ra'))]);
    await eventually(() => endpoint.accepted().length === 1, 10_000, 'delivered after Retry-After');
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(900);
  });

  it('stops a worker whose lease was taken over: its cursor write is fenced off and it delivers no further batch', async () => {
    const { endpoint, delivery, id } = await setUp();
    await delivery.workers.scan();
    expect(delivery.workers.active()).toContain(id);
    const store = stores().delivery;
    const start = await store.cursor(id);
    // Another process takes the lease as if this one had stalled past its expiry.
    const intruder = await store.acquireLease(id, 'intruder', 60_000, Date.now() + 3_600_000);
    expect(intruder).not.toBeNull();
    await publish(delivery, burst(2, 2, 1));
    await eventually(() => !delivery.workers.active().includes(id), 10_000, 'worker stopped');
    expect(await store.cursor(id)).toEqual(start);
    const delivered = endpoint.accepted().length;
    await publish(delivery, burst(2, 2, 1));
    await delivery.workers.scan();
    expect(delivery.workers.active()).not.toContain(id);
    await new Promise((r) => setTimeout(r, 300));
    expect(endpoint.accepted().length).toBe(delivered);
  });

  it('lets only one of two gateway processes deliver a subscription, and the other take over when it stops', async () => {
    const { endpoint, delivery, id } = await setUp();
    const second = deliveryOver(stores());
    open.push(second);
    await second.start();
    await second.workers.scan();
    await delivery.workers.scan();
    expect([...delivery.workers.active(), ...second.workers.active()].filter((x) => x === id)).toHaveLength(1);
    await publish(delivery, burst(4, 5, 2));
    await eventually(() => endpoint.accepted().length >= 40, 20_000, 'first burst delivered');
    // Once the holder's cursor is past the burst (delivery is at least once: a holder stopped before
    // its cursor write would see the last batch redelivered, under the same webhook-ids)…
    const head = await stores().journal.journalHead();
    await eventually(async () => (await stores().delivery.cursor(id)).seq >= head, 20_000, 'cursor past the burst');
    // …the holder stops (releasing its lease) and the other process continues from the durable cursor.
    const [holder, other] = delivery.workers.active().includes(id) ? [delivery, second] : [second, delivery];
    await holder.close();
    await other.workers.scan();
    expect(other.workers.active()).toContain(id);
    await publish(other, [envelope(notice(`AFTER-${uid()}`, 1, 'ocds-after'))]);
    await eventually(() => endpoint.accepted().length >= 41, 20_000, 'delivered by the other process');
    const ids = endpoint.accepted().map((r) => r.webhookId);
    expect(new Set(ids).size).toBe(ids.length);
  });
}
