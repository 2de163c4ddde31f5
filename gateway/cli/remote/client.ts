/**
 * The HTTP side of the commands that talk to a running gateway (push, receipts, reconcile, wait-ready):
 * where it is, with which key, and requests retried on 429/503 and connection failures, honouring
 * Retry-After within a bound, so an operator's nightly job survives a busy or restarting gateway.
 */
import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';

/** Where the gateway is and how to authenticate: flags first, then PXG_URL / PXG_API_KEY. */
export interface Remote {
  url: string;
  key?: string | undefined;
  lang: 'zh' | 'en';
}

/** How often and how long a request is retried. */
export interface RetryPolicy {
  /** Attempts after the first one. */
  retries: number;
  /** The longest wait between attempts, in ms, whatever Retry-After asks for. */
  maxWaitMs: number;
}

/** A response read whole, with how many retries it took. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  retried: number;
}

/** The remote named by the flags or the environment. */
export function remoteFrom(flags: { url?: string | undefined; key?: string | undefined; lang?: string | undefined }): Remote {
  const url = (flags.url ?? process.env.PXG_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const key = flags.key ?? process.env.PXG_API_KEY;
  const lang = (flags.lang ?? process.env.LANG ?? '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
  return { url, key, lang };
}

const RETRIABLE = new Set([429, 502, 503, 504]);

/** The wait a Retry-After header asks for (seconds or an HTTP date), or exponential backoff; capped. */
export function waitFor(retryAfter: string | null, attempt: number, maxWaitMs: number): number {
  let ms = Math.min(500 * 2 ** attempt, maxWaitMs);
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) ms = seconds * 1000;
    else if (!Number.isNaN(Date.parse(retryAfter))) ms = Math.max(0, Date.parse(retryAfter) - Date.now());
  }
  return Math.min(ms, maxWaitMs);
}

/** Sends a request, retrying 429/502/503/504 and connection failures; `onRetry` hears every wait. */
export async function send(
  remote: Remote,
  method: string,
  path: string,
  options: {
    body?: string | Uint8Array;
    headers?: Record<string, string>;
    retry?: RetryPolicy;
    onRetry?: (why: string, waitMs: number) => void;
  } = {},
): Promise<Answer> {
  const retry = options.retry ?? { retries: 5, maxWaitMs: 30_000 };
  const headers: Record<string, string> = {
    'accept-language': remote.lang === 'zh' ? 'zh-CN' : 'en',
    ...(remote.key ? { authorization: `Bearer ${remote.key}` } : {}),
    ...options.headers,
  };
  for (let attempt = 0; ; attempt++) {
    let why: string;
    let retryAfter: string | null = null;
    try {
      const res = await fetch(`${remote.url}${path}`, { method, headers, ...(options.body !== undefined ? { body: options.body } : {}) });
      const text = await res.text();
      if (!RETRIABLE.has(res.status) || attempt >= retry.retries)
        return { status: res.status, headers: res.headers, text, retried: attempt };
      why = `HTTP ${res.status}`;
      retryAfter = res.headers.get('retry-after');
    } catch (error) {
      if (attempt >= retry.retries) throw new Error(`${method} ${remote.url}${path}: ${(error as Error).message}`, { cause: error });
      why = (error as Error).message;
    }
    const ms = waitFor(retryAfter, attempt, retry.maxWaitMs);
    options.onRetry?.(why, ms);
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

/** The gateway's published key set: from a URL, a file, or GET /v1/keys of the remote. */
export async function loadKeys(from: string | undefined, remote?: Remote): Promise<{ keys: JWK[] }> {
  if (from && !/^https?:\/\//.test(from)) return JSON.parse(readFileSync(from, 'utf8')) as { keys: JWK[] };
  const url = from ?? `${remote?.url ?? 'http://127.0.0.1:8080'}/v1/keys`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return (await res.json()) as { keys: JWK[] };
}
