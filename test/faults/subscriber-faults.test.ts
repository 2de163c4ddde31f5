/**
 * Subscriber endpoints that misbehave: one hangs (accepts the request, never answers) for its first
 * requests, one resets the connection for its first requests, one always answers slowly, one is
 * healthy. Records pushed meanwhile reach every one of them once the fault is over, no event is
 * dead-lettered, the healthy subscriber is not held up by the others, and the audit of log and
 * journal holds.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateSecret } from '../../gateway/delivery/signing.ts';
import type { Receipt } from '../../gateway/store/port.ts';
import { asSystem, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { headerRecord } from '../support/records.ts';
import { keys, testRegistry } from '../support/registry.ts';
import { eventually } from '../support/wait.ts';
import { auditLog, type PushedRecord, printAudit } from './audit.ts';

const RECORDS = 40;
/** Requests that get the fault before the endpoint behaves. */
const FAULTY_REQUESTS = 4;

type Fault = 'hang' | 'reset' | 'slow' | 'none';

/** A subscriber endpoint with a fault; notes the event ids it answered 2xx. */
class FaultyEndpoint {
  readonly accepted = new Map<string, number>();
  requests = 0;
  private readonly hanging: ServerResponse[] = [];
  private server: Server | null = null;
  url = '';

  constructor(readonly fault: Fault) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const n = ++this.requests;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const faulty = n <= FAULTY_REQUESTS;
      if (this.fault === 'hang' && faulty) {
        this.hanging.push(res);
        return;
      }
      if (this.fault === 'reset' && faulty) {
        req.socket.destroy();
        return;
      }
      const answer = () => {
        const id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id;
        this.accepted.set(id, (this.accepted.get(id) ?? 0) + 1);
        res.writeHead(204).end();
      };
      if (this.fault === 'slow') setTimeout(answer, 150);
      else answer();
    });
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const secret = generateSecret();
const endpoints = {
  hang: new FaultyEndpoint('hang'),
  reset: new FaultyEndpoint('reset'),
  slow: new FaultyEndpoint('slow'),
  healthy: new FaultyEndpoint('none'),
};
let gw: TestGateway;

beforeAll(async () => {
  for (const e of Object.values(endpoints)) await e.start();
  gw = await startTestGateway({
    registry: {
      ...testRegistry(),
      subscriptions: Object.entries(endpoints).map(([name, e]) => ({
        id: `hook-${name}`,
        system: 'mof',
        mode: 'webhook' as const,
        webhook: { url: e.url, secrets: [{ secret }] },
      })),
      delivery: {
        allowTargets: ['127.0.0.1'],
        pollMs: 50,
        leaseTtlMs: 1500,
        retry: { maxAttempts: 1000, baseDelayMs: 20, maxDelayMs: 200, requestTimeoutMs: 1000, disableAfterDeadLetters: 1000 },
      },
    },
  });
});

afterAll(async () => {
  await gw?.close();
  for (const e of Object.values(endpoints)) await e.close();
});

it('delivers every record to subscribers that hang, reset connections or answer slowly, once they recover', async () => {
  const pushed: PushedRecord[] = [];
  for (let i = 0; i < RECORDS; i++) {
    const record = headerRecord();
    const res = await gw.app.request('/v1/records', { method: 'POST', headers: asSystem(keys.fujian), body: JSON.stringify(record) });
    expect(res.status).toBe(201);
    pushed.push({ record, receipt: ((await res.json()) as { receipt: Receipt }).receipt, statuses: [res.status] });
  }
  const ids = pushed.map((p) => p.receipt.eventId);
  const missing = (e: FaultyEndpoint) => ids.filter((id) => !e.accepted.has(id));

  await eventually(async () => missing(endpoints.healthy).length === 0, 20_000, 'the healthy subscriber');
  await eventually(async () => Object.values(endpoints).every((e) => missing(e).length === 0), 60_000, 'every subscriber');

  const audit = await auditLog(pushed, gw.services.log, gw.services.stores.journal);
  const deliveries = Object.fromEntries(
    Object.entries(endpoints).map(([name, e]) => [
      name,
      { expected: ids.length, delivered: ids.length - missing(e).length, missing: missing(e) },
    ]),
  );
  printAudit('subscriber hangs, resets, answers slowly', audit, deliveries);
  expect(audit.notInLog).toEqual([]);
  expect(audit.journalCopies).toEqual([]);
  // The faults happened and were retried past.
  expect(endpoints.hang.requests).toBeGreaterThan(FAULTY_REQUESTS);
  expect(endpoints.reset.requests).toBeGreaterThan(FAULTY_REQUESTS);
  expect(await gw.services.stores.delivery.deadLetters({ limit: 100 })).toEqual([]);
}, 90_000);
