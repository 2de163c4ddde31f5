/**
 * Optional HMAC request signing (for systems whose registry entry has an `hmac` secret):
 *   X-PXG-Timestamp: unix seconds        X-PXG-Nonce: 16–128 of [A-Za-z0-9_-]
 *   X-PXG-Signature: v1=<base64 HMAC-SHA256(secret, timestamp \n nonce \n METHOD \n path?query \n sha256hex(body))>
 * A request is refused outside the time window or when its nonce was seen within the window (replay).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Services } from '../../services.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';

/** The string a request signature is computed over. */
export function signingString(parts: { timestamp: string; nonce: string; method: string; pathAndQuery: string; body: Uint8Array }): string {
  const bodyHash = createHash('sha256').update(parts.body).digest('hex');
  return `${parts.timestamp}\n${parts.nonce}\n${parts.method.toUpperCase()}\n${parts.pathAndQuery}\n${bodyHash}`;
}

/** The X-PXG-Signature value of a request (what a client computes). */
export function signRequest(secret: string, parts: Parameters<typeof signingString>[0]): string {
  return `v1=${createHmac('sha256', secret).update(signingString(parts)).digest('base64')}`;
}

/** Nonces seen within the window, per system; forgets them once they fall out of it. */
export class NonceCache {
  private readonly seen = new Map<string, number>();

  /** True when the nonce is new (and remembers it until `expiresAt`). */
  remember(key: string, expiresAt: number, now: number): boolean {
    if (this.seen.size > 10_000) for (const [k, exp] of this.seen) if (exp < now) this.seen.delete(k);
    const known = this.seen.get(key);
    if (known !== undefined && known >= now) return false;
    this.seen.set(key, expiresAt);
    return true;
  }
}

/** Verifies the request signature of systems that must sign; runs after readBody. */
export function verifySignature(services: Pick<Services, 'registry' | 'config'>, nonces = new NonceCache()): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const system = c.get('system');
    const secret = services.registry.hmacSecret(system.id);
    if (secret) {
      const fail = (en: string, zh: string) => new ApiError('signature_invalid', { detail: { zh, en } });
      const timestamp = c.req.header('x-pxg-timestamp') ?? '';
      const nonce = c.req.header('x-pxg-nonce') ?? '';
      const signature = c.req.header('x-pxg-signature') ?? '';
      if (!/^\d{1,12}$/.test(timestamp) || !/^[A-Za-z0-9_-]{16,128}$/.test(nonce) || !signature.startsWith('v1='))
        throw fail(
          'The request must carry X-PXG-Timestamp, X-PXG-Nonce and X-PXG-Signature.',
          '请求须带 X-PXG-Timestamp、X-PXG-Nonce 和 X-PXG-Signature。',
        );
      const now = Math.floor(Date.now() / 1000);
      const window = services.config.limits.signatureWindowS;
      if (Math.abs(now - Number(timestamp)) > window)
        throw fail('The request timestamp is outside the accepted window.', '请求时间戳超出允许范围。');
      const url = new URL(c.req.url);
      const expected = Buffer.from(
        signRequest(secret, {
          timestamp,
          nonce,
          method: c.req.method,
          pathAndQuery: url.pathname + url.search,
          body: c.get('body') ?? new Uint8Array(),
        }),
      );
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given))
        throw fail('The request signature does not match.', '请求签名不匹配。');
      if (!nonces.remember(`${system.id}\u0000${nonce}`, Number(timestamp) + window, now))
        throw fail('The nonce was already used (replay).', '该随机数已被使用（重放）。');
    }
    await next();
  };
}
