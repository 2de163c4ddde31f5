/**
 * Pull feeds on the distributed deployment: the journal and the subscriptions live in
 * PostgreSQL, so a client may continue with a cursor from one gateway process at another, and a
 * long-poll at one process wakes for entries another process projects.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../gateway/delivery/cursor.ts';
import { readFeed } from '../../gateway/delivery/feed.ts';
import { PostgresStore } from '../../gateway/store/postgres/index.ts';
import { databaseUrl, describePostgres, type FreshSchema, freshSchema } from '../support/postgres.ts';
import { burst, deliveryOver, envelope, notice, uid } from './webhook.support.ts';

describePostgres('pull feeds on PostgreSQL', () => {
  let db: FreshSchema;
  let a: PostgresStore;
  let b: PostgresStore;

  beforeAll(async () => {
    db = await freshSchema('feeds');
    const url = await databaseUrl();
    a = new PostgresStore({ url, schema: db.schema, maxConnections: 4 });
    b = new PostgresStore({ url, schema: db.schema, maxConnections: 4 });
    await a.start();
    await b.start();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('continues at another gateway process with the cursor the first one gave, missing nothing and repeating nothing', async () => {
    const processA = deliveryOver(a);
    const processB = deliveryOver(b);
    const created = await processA.subscriptions.create(
      { systemId: 'ggzy-fj', ministry: false },
      { mode: 'pull', filter: { areaPrefixes: ['35'] } },
    );
    if (!created.ok) throw new Error(created.code);
    const subscription = created.value.subscription;
    const events = burst(3, 4, 3);
    // An event outside the filter in the middle: skipped, but the cursor moves past it.
    events.splice(10, 0, envelope(notice(`ZJ-${uid()}`, 1, `ocds-zj-${uid()}`, { regionCode: '330100' })));
    for (let i = 0; i < events.length; i += 7) {
      await a.journal.project(events.slice(i, i + 7).map((e, j) => ({ logPosition: `p${i + j}`, envelope: e })));
    }
    const stored = await b.delivery.subscription(subscription.id);
    expect(stored).toEqual(subscription);
    const start = (await a.delivery.cursor(subscription.id)).seq;

    const seen: string[] = [];
    let cursor = encodeCursor(start);
    for (let page = 0; seen.length < 36 && page < 20; page++) {
      const at = page % 2 === 0 ? processA : processB;
      const got = await readFeed(at.feed, subscription, decodeCursor(cursor)!, 5, 0);
      seen.push(...got.entries.map((e) => e.envelope.id));
      cursor = encodeCursor(got.next);
    }
    expect(seen).toEqual(events.filter((e) => e.data.regionCode.startsWith('35')).map((e) => e.id));
    await processA.close();
    await processB.close();
  });

  it('answers a long-poll at one process when another process projects the entry', async () => {
    const reader = deliveryOver(b, { pollMs: 50 });
    const created = await reader.subscriptions.create({ systemId: 'ggzy-fj', ministry: false }, { mode: 'pull' });
    if (!created.ok) throw new Error(created.code);
    const after = (await b.delivery.cursor(created.value.subscription.id)).seq;
    const waiting = readFeed(reader.feed, created.value.subscription, after, 10, 10_000);
    await new Promise((r) => setTimeout(r, 100));
    const late = envelope(notice(`LATE-${uid()}`, 1, `ocds-late-${uid()}`));
    await a.journal.project([{ logPosition: 'late', envelope: late }]);
    const page = await waiting;
    expect(page.entries.map((e) => e.envelope.id)).toEqual([late.id]);
    await reader.close();
  });
});
