/**
 * Hostile clients over a real socket (the gateway's own server with short timeouts): headers that
 * never end (slowloris), a body that drips, a declared length over the limit, a chunked body that
 * grows past it. The server cuts the slow ones, refuses the big ones with 413 before reading them,
 * keeps serving normal pushes meanwhile, and nothing reaches the log.
 */
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Listening, listen } from '../../gateway/http/server.ts';
import type { TestGateway } from '../support/gateway.ts';
import { tenderNotice } from '../support/records.ts';
import { keys } from '../support/registry.ts';
import { MAX_BODY, type StateSnapshot, snapshot, startHostileGateway } from './support.ts';

let gw: TestGateway;
let server: Listening;
let port: number;
let before: StateSnapshot;

beforeAll(async () => {
  gw = await startHostileGateway();
  server = await listen(gw.app, gw.services.config);
  port = Number(new URL(server.url).port);
  before = await snapshot(gw);
});
afterAll(async () => {
  await server?.close(1000);
  await gw?.close();
});

/** A raw connection that collects what the server sends and resolves `closed` when the server ends it. */
function rawConnection(): { socket: Socket; received: () => string; closed: Promise<void> } {
  const socket = connect({ host: '127.0.0.1', port });
  let received = '';
  socket.on('data', (c: Buffer) => (received += c.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, received: () => received, closed };
}

/** Writes `chunk` every `everyMs` until the connection closes. */
function drip(socket: Socket, chunk: string, everyMs: number): void {
  const timer = setInterval(() => {
    if (socket.destroyed) clearInterval(timer);
    else socket.write(chunk);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

/** A normal push over the socket. */
async function normalPush(): Promise<number> {
  const res = await fetch(`${server.url}/v1/records`, {
    method: 'POST',
    headers: { authorization: `Bearer ${keys.fujian}`, 'content-type': 'application/json' },
    body: JSON.stringify(tenderNotice()),
  });
  await res.arrayBuffer();
  return res.status;
}

const head = (length: number | 'chunked') =>
  `POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${keys.fujian}\r\nContent-Type: application/json\r\n${length === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${length}`}\r\n\r\n`;

it('cuts a client whose headers never end, and a client whose body drips, while serving others', async () => {
  const slowHeaders = rawConnection();
  slowHeaders.socket.write('POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\n');
  drip(slowHeaders.socket, 'X-Slow: 1\r\n', 200);
  const slowBody = rawConnection();
  slowBody.socket.write(head(5000));
  drip(slowBody.socket, '{"a":1,', 200);

  // Normal traffic is served while both hold their connections.
  expect(await normalPush()).toBe(201);

  await Promise.all([slowHeaders.closed, slowBody.closed]);
  // Whatever the server said before closing, it was no receipt.
  for (const c of [slowHeaders, slowBody]) expect(c.received()).not.toMatch(/^HTTP\/1\.1 2/);
  expect(await normalPush()).toBe(201);
}, 20_000);

it('refuses a declared length over the limit with 413 before the body is sent', async () => {
  const c = rawConnection();
  c.socket.write(head(MAX_BODY * 100));
  await c.closed.catch(() => {});
  expect(c.received()).toMatch(/^HTTP\/1\.1 413/);
  expect(c.received()).toMatch(/content-type: application\/problem\+json/i);
}, 20_000);

it('refuses a chunked body that grows past the limit with 413', async () => {
  const status = await new Promise<number>((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/records',
      headers: { authorization: `Bearer ${keys.fujian}`, 'content-type': 'application/json' },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(8 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      // Bounded: at most four times the limit, then the body ends.
      while (sent < MAX_BODY * 4) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
  expect(status).toBe(413);
}, 20_000);

it('has nothing of the hostile clients in the log, and only the normal pushes', async () => {
  const after = await snapshot(gw);
  expect(after.logEvents).toBe(before.logEvents + 2);
  expect(after.prototypeKeys).toEqual(before.prototypeKeys);
});
