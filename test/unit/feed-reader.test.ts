import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Delivery } from '../../gateway/delivery/index.ts';
import type { Subscription } from '../../gateway/store/port.ts';
import { SqliteStateStores } from '../../gateway/store/sqlite/index.ts';
import { deliveryOver, envelope, notice, project, uid } from '../integration/webhook.support.ts';

/** Feeds read through the delivery layer's FeedReader, without HTTP. */
describe('the feed reader', () => {
  let stores: SqliteStateStores;
  let delivery: Delivery;
  const caller = { systemId: 'sub-a', ministry: false };

  beforeEach(async () => {
    stores = new SqliteStateStores(':memory:');
    await stores.start();
    delivery = deliveryOver(stores, { allowTargets: ['127.0.0.1'] });
  });
  afterEach(async () => {
    await delivery.close();
    await stores.close();
  });

  async function subscribe(mode: 'pull' | 'webhook', filter: Record<string, unknown> = {}): Promise<Subscription> {
    const body =
      mode === 'pull'
        ? { mode, filter, from: 'beginning' }
        : { mode, filter, from: 'beginning', webhook: { url: 'http://127.0.0.1:9/hook' } };
    const created = await delivery.subscriptions.create(caller, body);
    if (!created.ok) throw new Error(JSON.stringify(created));
    return created.value.subscription;
  }

  it('pages admitted events in journal order, each with the cursor that resumes after it', async () => {
    const ocid = uid();
    await project(
      stores.journal,
      [1, 2, 3].map((v) => envelope(notice(`r-${ocid}`, v, ocid))),
    );
    const subscription = await subscribe('pull');
    const start = await delivery.feeds.start(subscription, undefined);
    if (!start.ok) throw new Error('no start');
    const first = await delivery.feeds.read(subscription, start.value, 2, 0);
    expect(first.items.map((i) => (i.event['data'] as { version: number }).version)).toEqual([1, 2]);
    const resumed = await delivery.feeds.start(subscription, first.items[0]!.cursor);
    if (!resumed.ok) throw new Error('no resume');
    const rest = await delivery.feeds.read(subscription, resumed.value, 10, 0);
    expect(rest.items.map((i) => (i.event['data'] as { version: number }).version)).toEqual([2, 3]);
    expect(rest.next).toBe(rest.items.at(-1)!.cursor);
  });

  it('refuses a cursor it did not issue', async () => {
    const subscription = await subscribe('pull');
    expect(await delivery.feeds.start(subscription, 'not-a-cursor')).toMatchObject({ ok: false, code: 'cursor_invalid' });
  });

  it('refuses to read a webhook subscription as a feed, and a subscription of another system', async () => {
    const hook = await subscribe('webhook');
    expect(await delivery.feeds.subscription(caller, hook.id)).toMatchObject({ ok: false, code: 'feed_mode_mismatch' });
    const pull = await subscribe('pull');
    expect(await delivery.feeds.subscription({ systemId: 'sub-b', ministry: false }, pull.id)).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(await delivery.feeds.subscription({ systemId: 'mof', ministry: true }, pull.id)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await delivery.feeds.subscription(caller, pull.id)).toMatchObject({ ok: true, value: { id: pull.id } });
  });
});
