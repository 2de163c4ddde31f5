/**
 * Sends webhook requests: one undici `Pool` of keep-alive connections per endpoint origin,
 * every connection's address checked by the SSRF guard, responses drained and timed.
 */
import { isIP } from 'node:net';
import { Pool } from 'undici';
import { errorMessage } from '../core/index.ts';
import { ForbiddenTargetError, type TargetGuard } from './ssrf.ts';

/** What one attempt produced: a status (null when no response), the latency and any error. */
export interface SendResult {
  status: number | null;
  retryAfter?: string;
  latencyMs: number;
  error: string | null;
}

/** Options of the per-endpoint pools. */
export interface SenderOptions {
  /** Connections per endpoint origin (a subscription's parallel lanes share them). */
  connections: number;
  requestTimeoutMs: number;
}

/** Longest response body read (and thrown away) per attempt. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Keeps one pool per origin and sends requests through them. */
export class WebhookSender {
  private readonly pools = new Map<string, { pool: Pool; options: SenderOptions }>();
  private readonly options: () => SenderOptions;

  /** `options` may be a function: asked at every send, so that a registry reload's settings apply to the next request. */
  constructor(
    private readonly guard: TargetGuard,
    options: SenderOptions | (() => SenderOptions),
  ) {
    this.options = typeof options === 'function' ? options : () => options;
  }

  private pool(origin: string): Pool {
    const options = this.options();
    const known = this.pools.get(origin);
    if (known && known.options.connections === options.connections && known.options.requestTimeoutMs === options.requestTimeoutMs)
      return known.pool;
    // Settings changed (a registry reload): requests in flight finish on the old pool, new ones use a new pool.
    if (known) void known.pool.close().catch(() => {});
    const pool = new Pool(origin, {
      connections: options.connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: options.requestTimeoutMs,
      bodyTimeout: options.requestTimeoutMs,
      connect: { lookup: this.guard.lookup as never, timeout: options.requestTimeoutMs },
    });
    this.pools.set(origin, { pool, options });
    return pool;
  }

  /** POSTs one message; never throws (failures come back as a result without status). */
  async send(url: string, headers: Record<string, string>, body: string | Uint8Array, signal?: AbortSignal): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
    try {
      const target = new URL(url);
      const host = target.hostname.replace(/^\[|\]$/g, '');
      // A literal address is never looked up, so the connect-time guard would not see it.
      if (isIP(host) && !this.guard.permits(host)) throw new ForbiddenTargetError(host, host);
      // The pool's connect, headers and body timeouts bound each request; no timer per request.
      const response = await this.pool(target.origin).request({
        path: target.pathname + target.search,
        method: 'POST',
        headers: { 'user-agent': 'procurement-exchange-webhooks/1', ...headers },
        body,
        signal: signal ?? null,
      });
      let read = 0;
      for await (const chunk of response.body) {
        read += (chunk as Buffer).length;
        if (read > MAX_RESPONSE_BYTES) {
          response.body.destroy();
          break;
        }
      }
      const retryAfter = response.headers['retry-after'];
      const result: SendResult = { status: response.statusCode, latencyMs: elapsed(), error: null };
      if (typeof retryAfter === 'string') result.retryAfter = retryAfter;
      return result;
    } catch (err) {
      const cause = (err as { cause?: unknown }).cause;
      const message = errorMessage(err);
      const detail = cause instanceof Error && cause.message !== message ? `${message}: ${cause.message}` : message;
      return { status: null, latencyMs: elapsed(), error: detail };
    }
  }

  /** Closes every pool (in-flight requests finish first). */
  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.allSettled(pools.map((p) => p.pool.close()));
  }
}
