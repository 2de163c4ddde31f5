/**
 * A subscriber's webhook endpoint on 127.0.0.1 for the delivery benchmarks: notes when each record
 * (by the event's `subject`, the record id) first arrived, answers 204, and can be taken down (the
 * port then refuses connections) and brought back on the same port.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The receiving endpoint. */
export class Receiver {
  /** First arrival time (ms since the epoch, sub-millisecond) by record id. */
  readonly arrivals = new Map<string, number>();
  deliveries = 0;
  private server: Server | null = null;
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/bench`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const at = performance.timeOrigin + performance.now();
        this.deliveries++;
        try {
          const subject = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { subject?: string }).subject;
          if (subject && !this.arrivals.has(subject)) this.arrivals.set(subject, at);
        } catch {
          // Not an event: counted, not timed.
        }
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Takes the endpoint down: open connections are cut and the port refuses new ones. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
