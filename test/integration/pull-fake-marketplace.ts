/**
 * A fake e-marketplace for pull tests: the order-event API of adapters/emall on 127.0.0.1 (an
 * ephemeral port), paging its events by an opaque cursor, logging each request, and able to hold
 * a page back so a test can stop the poller while a request is in flight.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NativeEvent } from '../../adapters/emall/events.ts';

/** A running fake marketplace. */
export interface FakeMarketplace {
  /** Base URL, e.g. http://127.0.0.1:41234. */
  url: string;
  /** The offsets asked for, one per request, in order (0 for a request without cursor). */
  requests: number[];
  /** Adds events to the end of the feed. */
  append(events: NativeEvent[]): void;
  /** Answers the next `count` requests with HTTP 503. */
  failNext(count: number): void;
  /** Holds back the answer to requests from `offset` until the returned release function is called. */
  hold(offset: number): () => void;
  close(): Promise<void>;
}

const encode = (offset: number) => Buffer.from(JSON.stringify({ seq: offset })).toString('base64url');
const decode = (cursor: string) => (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { seq: number }).seq;

/** Starts the fake marketplace on 127.0.0.1 with the given events. */
export async function startFakeMarketplace(initial: NativeEvent[] = []): Promise<FakeMarketplace> {
  const events = [...initial];
  const requests: number[] = [];
  const holds = new Map<number, Promise<void>>();
  let failures = 0;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/open-api/v2/order-events') {
      res.writeHead(404).end();
      return;
    }
    const cursor = url.searchParams.get('cursor');
    const offset = cursor ? decode(cursor) : 0;
    const limit = Number(url.searchParams.get('limit') ?? 100);
    requests.push(offset);
    if (failures > 0) {
      failures -= 1;
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"code":503,"message":"maintenance"}');
      return;
    }
    await holds.get(offset);
    const page = events.slice(offset, offset + limit);
    const next = offset + page.length;
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ events: page, nextCursor: encode(next), hasMore: next < events.length }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    append: (more) => events.push(...more),
    failNext: (count) => {
      failures = count;
    },
    hold(offset) {
      let release!: () => void;
      holds.set(offset, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        holds.delete(offset);
        release();
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `count` distinct orders, each placed then confirmed: 2 × count events, valid against the standard. */
export function orderEvents(count: number, prefix = 'PULL'): NativeEvent[] {
  const base = Date.parse('2026-05-06T09:00:00+08:00');
  const buyer = { name: '福州市鼓楼区教育局', creditCode: '11350102003591248B' };
  const supplier = { name: '福州榕智教育科技有限公司', creditCode: '91350102MA31K8PQ6H' };
  return Array.from({ length: count }, (_, i) => {
    const orderNo = `ZCY-${prefix}-${String(i + 1).padStart(4, '0')}`;
    const quantity = (i % 5) + 1;
    const item = {
      lineNo: 1,
      skuId: 'SKU-100201',
      skuName: '台式计算机 启天M450',
      brand: '联想',
      categoryCode: 'A02010105',
      quantity,
      unit: '台',
      priceFen: 459900,
      amountFen: 459900 * quantity,
    };
    const common = { revision: 1, orderNo, districtCode: '350102', purchaser: buyer, supplier };
    return [
      {
        eventId: `EV-${prefix}-${i + 1}-P`,
        eventType: 'ORDER_PLACED' as const,
        eventTime: base + i * 600_000,
        ...common,
        items: [item],
        totalFen: item.amountFen,
      },
      {
        eventId: `EV-${prefix}-${i + 1}-C`,
        eventType: 'ORDER_CONFIRMED' as const,
        eventTime: base + i * 600_000 + 60_000,
        ...common,
        totalFen: item.amountFen,
      },
    ];
  }).flat();
}
