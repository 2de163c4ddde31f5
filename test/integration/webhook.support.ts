/**
 * Test fixtures for webhook and feed tests: a subscriber endpoint on 127.0.0.1 that verifies
 * every request with the official `standardwebhooks` library and can be switched between
 * answers, records to drive into the journal, and a delivery layer over any state store.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { type EventEnvelope, envelopeFor } from '../../gateway/core/envelope.ts';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { type DeliveryOverrides, deliveryConfig } from '../../gateway/delivery/config.ts';
import { NO_ADAPTERS } from '../../gateway/delivery/format.ts';
import { Delivery } from '../../gateway/delivery/index.ts';
import { JournalNotifier, notifyingJournal } from '../../gateway/delivery/notifier.ts';
import type { SubscriberDirectory } from '../../gateway/delivery/subscriptions.ts';
import type { JournalStore, StateStores } from '../../gateway/store/port.ts';

export const SCHEMA_ID = 'https://procurement-exchange.example/schemas/v1/notice.schema.json';

/** One request the endpoint received. */
export interface Received {
  webhookId: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether the official library verified the signature. */
  verified: boolean;
  /** What the endpoint answered. */
  status: number;
}

/** How the endpoint answers: a status, optionally with headers. */
export type Answer = { status: number; headers?: Record<string, string> };

/** A subscriber's webhook endpoint. */
export class Endpoint {
  readonly received: Received[] = [];
  answer: (r: Omit<Received, 'status'>) => Answer = () => ({ status: 200 });
  private server: Server | null = null;
  private port = 0;
  url = '';

  constructor(private readonly secret: () => string[]) {}

  /** Listens (again, on the same port after `down()`). */
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const verified = this.secret().some((s) => {
          try {
            new Webhook(s).verify(body, req.headers as Record<string, string>);
            return true;
          } catch {
            return false;
          }
        });
        const seen = { webhookId: String(req.headers['webhook-id']), headers: req.headers, body, verified };
        const answer = this.answer(seen);
        this.received.push({ ...seen, status: answer.status });
        res.writeHead(answer.status, answer.headers ?? {}).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}/hooks/pxg`;
    return this;
  }

  /** Takes the endpoint off the network: open connections are cut, new ones refused. */
  async down(): Promise<void> {
    await this.close();
    this.server = null;
  }

  /** Requests answered 2xx. */
  accepted(): Received[] {
    return this.received.filter((r) => r.status >= 200 && r.status < 300);
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A tender notice version. */
export function notice(id: string, version: number, ocid: string, over: Partial<StandardRecord> = {}): StandardRecord {
  return {
    recordType: 'notice',
    id,
    version,
    operation: version === 1 ? 'create' : 'update',
    regionCode: '350102',
    ocid,
    noticeType: 'tender',
    ...over,
  };
}

/** The envelope the gateway would have built for a record accepted from `source`. */
export function envelope(record: StandardRecord, source = 'fj-gpms'): EventEnvelope {
  return envelopeFor(record, source, SCHEMA_ID, new Date());
}

/** A short id no other test run uses, to keep record ids apart in a shared journal. */
export function uid(): string {
  return Math.random().toString(36).slice(2, 10);
}

/** `processes` processes × `records` records × `versions` versions, versions interleaved across records. */
export function burst(processes: number, records: number, versions: number, tag = uid()): EventEnvelope[] {
  const out: EventEnvelope[] = [];
  for (let v = 1; v <= versions; v++) {
    for (let p = 0; p < processes; p++) {
      for (let r = 0; r < records; r++) out.push(envelope(notice(`N-${tag}-${p}-${r}`, v, `ocds-213czf-${tag}-${p}`)));
    }
  }
  return out;
}

/** Projects envelopes into the journal as the projector would, in chunks. */
export async function project(journal: JournalStore, events: EventEnvelope[], chunk = 200): Promise<void> {
  for (let i = 0; i < events.length; i += chunk) {
    await journal.project(events.slice(i, i + chunk).map((e, j) => ({ logPosition: String(i + j), envelope: e })));
  }
}

/** Everything entitled to read everything. */
export const OPEN_DIRECTORY: SubscriberDirectory = () => ({ read: {} });

/** Short backoff so that retry tests take seconds. */
export const FAST: DeliveryOverrides = {
  allowTargets: ['127.0.0.1'],
  pollMs: 50,
  // Long enough that a loaded test machine never lets a lease lapse between two renewals.
  leaseTtlMs: 6000,
  lanes: 8,
  policy: {
    maxAttempts: 1000,
    maxAgeMs: 60_000,
    baseDelayMs: 10,
    maxDelayMs: 100,
    disableAfterMs: 60_000,
    disableAfterDeadLetters: 1000,
    requestTimeoutMs: 2000,
  },
};

/** A delivery layer over a state store, as one gateway process would run it; `errors` collects what its workers reported. */
export function deliveryOver(
  stores: StateStores,
  overrides: DeliveryOverrides = {},
  directory: SubscriberDirectory = OPEN_DIRECTORY,
): Delivery & { errors: unknown[] } {
  const notifier = new JournalNotifier();
  const errors: unknown[] = [];
  const delivery = new Delivery({
    store: stores.delivery,
    journal: notifyingJournal(stores.journal, notifier),
    notifier,
    adapters: NO_ADAPTERS,
    directory,
    audit: stores.audit,
    config: deliveryConfig(undefined, { ...FAST, ...overrides, policy: { ...FAST.policy, ...overrides.policy } }),
    onError: (error) => errors.push(error),
  });
  return Object.assign(delivery, { errors });
}

/** Polls `check` until it is true or `timeoutMs` passes (then fails with `message`). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out: ${message}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
