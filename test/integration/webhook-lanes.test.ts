/**
 * Lanes of a webhook subscription run independently: a request that hangs on one process key holds
 * up that key's later versions (per-key order) and nothing else.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../gateway/core/envelope.ts';
import { laneOf } from '../../gateway/delivery/watermark.ts';
import { SqliteStateStores } from '../../gateway/store/sqlite/index.ts';
import { deliveryOver, envelope, eventually, notice, uid } from './webhook.support.ts';

const LANES = 8;

/** An endpoint that leaves every request of `heldKey` unanswered until release() (others get 200 at once). */
async function holdingEndpoint(heldKey: string) {
  const arrivals: { subject: string; version: number; key: string }[] = [];
  const held: (() => void)[] = [];
  let holding = true;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as EventEnvelope;
      arrivals.push({ subject: event.subject, version: event.recordversion, key: event.processkey });
      if (holding && event.processkey === heldKey) held.push(() => res.writeHead(200).end());
      else res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/lanes`,
    arrivals,
    held,
    release() {
      holding = false;
      for (const answer of held.splice(0)) answer();
    },
    async close() {
      this.release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('webhook lanes', () => {
  let stores: SqliteStateStores;
  const open: { close(): Promise<void> }[] = [];
  beforeEach(async () => {
    stores = new SqliteStateStores(':memory:');
    await stores.start();
  });
  afterEach(async () => {
    for (const o of open.splice(0)) await o.close();
    await stores.close();
  });

  it('delivers records of other processes while a request for one process hangs, and that process’s next version only after it', async () => {
    const tag = uid();
    const slowKey = `ocds-213czf-slow-${tag}`;
    // Processes that hash to other lanes than the slow one.
    const otherKeys = Array.from({ length: 40 }, (_, i) => `ocds-213czf-${tag}-${i}`)
      .filter((k) => laneOf(k, LANES) !== laneOf(slowKey, LANES))
      .slice(0, 4);
    expect(otherKeys).toHaveLength(4);

    const endpoint = await holdingEndpoint(slowKey);
    open.push(endpoint);
    const delivery = deliveryOver(stores, { lanes: LANES, policy: { requestTimeoutMs: 30_000 } });
    open.unshift(delivery);
    await delivery.start();
    const created = await delivery.subscriptions.create(
      { systemId: 'ggzy-fj', ministry: false },
      { mode: 'webhook', webhook: { url: endpoint.url } },
    );
    if (!created.ok) throw new Error(`subscription refused: ${created.code}`);
    const publish = (events: EventEnvelope[]) =>
      delivery.feed.journal.project(events.map((e, i) => ({ logPosition: `${tag}-${i}`, envelope: e })));

    await publish([envelope(notice(`SLOW-${tag}`, 1, slowKey))]);
    await eventually(() => endpoint.held.length === 1, 10_000, 'the slow process’s request is open');

    // Published while that request hangs, so they are read after it was sent.
    await publish([envelope(notice(`SLOW-${tag}`, 2, slowKey)), ...otherKeys.map((k, i) => envelope(notice(`FAST-${tag}-${i}`, 1, k)))]);
    const othersArrived = () => otherKeys.every((k) => endpoint.arrivals.some((a) => a.key === k));
    await eventually(othersArrived, 10_000, 'records of the other processes delivered while one request hangs');
    expect(endpoint.held).toHaveLength(1);
    // Version 2 of the slow record waits behind version 1.
    expect(endpoint.arrivals.filter((a) => a.key === slowKey).map((a) => a.version)).toEqual([1]);

    endpoint.release();
    await eventually(
      () => endpoint.arrivals.filter((a) => a.key === slowKey).length === 2,
      10_000,
      'the slow process delivered once released',
    );
    expect(endpoint.arrivals.filter((a) => a.key === slowKey).map((a) => a.version)).toEqual([1, 2]);
    expect(delivery.errors).toEqual([]);
  });
});
