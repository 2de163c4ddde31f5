/**
 * A client that hangs up in the middle of its body is the network's doing, not a gateway fault: it
 * is logged at info ("client closed the connection mid-request"), never as an unhandled error, and
 * the gateway serves the next push.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Listening, listen } from '../../gateway/http/server.ts';
import type { TestGateway } from '../support/gateway.ts';
import { startTestGateway } from '../support/gateway.ts';
import { tenderNotice } from '../support/records.ts';
import { keys } from '../support/registry.ts';

const logged: { level: string; message: string }[] = [];
const record = (level: string) => (message: string) => void logged.push({ level, message });
let gw: TestGateway;
let server: Listening;

beforeAll(async () => {
  gw = await startTestGateway({
    env: { PORT: '0' },
    overrides: { logger: { info: record('info'), warn: record('warn'), error: record('error') } },
  });
  server = await listen(gw.app, gw.services.config);
});
afterAll(async () => {
  await server?.close(1000);
  await gw?.close();
});

/** Sends the head of a push and half its body, then closes the connection. */
async function hangUpMidBody(): Promise<void> {
  const { port } = new URL(server.url);
  const body = JSON.stringify(tenderNotice());
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write(
    `POST /v1/records HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${keys.fujian}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 100)}`,
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  socket.destroy();
}

it('logs a client that hangs up mid-body at info, not as an unhandled error', async () => {
  await hangUpMidBody();
  await expect.poll(() => logged.some((l) => l.message === 'client closed the connection mid-request'), { timeout: 5000 }).toBe(true);
  expect(logged.filter((l) => l.level === 'error')).toEqual([]);
  const res = await fetch(`${server.url}/v1/records`, {
    method: 'POST',
    headers: { authorization: `Bearer ${keys.fujian}`, 'content-type': 'application/json' },
    body: JSON.stringify(tenderNotice()),
  });
  expect(res.status).toBe(201);
});
