/**
 * The gateway's own request signing of before RFC 9421, kept for systems that use it until
 * `PXG_LEGACY_SIGNATURE_UNTIL` (docs/security.md):
 *   X-PXG-Timestamp: unix seconds        X-PXG-Nonce: 16–128 of [A-Za-z0-9_-]
 *   X-PXG-Signature: v1=<base64 HMAC-SHA256(secret, timestamp \n nonce \n METHOD \n path?query \n sha256hex(body))>
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SignatureParams, SignatureRefusal } from './message.ts';

/** The string a legacy request signature is computed over. */
export function signingString(parts: { timestamp: string; nonce: string; method: string; pathAndQuery: string; body: Uint8Array }): string {
  const bodyHash = createHash('sha256').update(parts.body).digest('hex');
  return `${parts.timestamp}\n${parts.nonce}\n${parts.method.toUpperCase()}\n${parts.pathAndQuery}\n${bodyHash}`;
}

/** The X-PXG-Signature value of a request (what a legacy client computes). */
export function signLegacyRequest(secret: string, parts: Parameters<typeof signingString>[0]): string {
  return `v1=${createHmac('sha256', secret).update(signingString(parts)).digest('base64')}`;
}

/** True when the last day legacy signatures are accepted (`YYYY-MM-DD`, UTC) has not passed at `nowMs`. */
export function legacyAccepted(until: string, nowMs: number): boolean {
  return nowMs < Date.parse(`${until}T00:00:00Z`) + 86_400_000;
}

/** Checks a legacy-signed request (shape, window, HMAC); the nonce is the caller's to remember. */
export function verifyLegacyRequest(
  request: { method: string; url: URL; headers: Record<string, string>; body: Uint8Array },
  options: { secret: string; windowS: number; nowS: number; keyid: string },
): { ok: true; params: SignatureParams } | { ok: false; refusal: SignatureRefusal } {
  const refuse = (en: string, zh: string) => ({ ok: false as const, refusal: { en, zh } });
  const timestamp = request.headers['x-pxg-timestamp'] ?? '';
  const nonce = request.headers['x-pxg-nonce'] ?? '';
  const signature = request.headers['x-pxg-signature'] ?? '';
  if (!/^\d{1,12}$/.test(timestamp) || !/^[A-Za-z0-9_-]{16,128}$/.test(nonce) || !signature.startsWith('v1='))
    return refuse(
      'The request must carry X-PXG-Timestamp, X-PXG-Nonce and X-PXG-Signature.',
      '请求须带 X-PXG-Timestamp、X-PXG-Nonce 和 X-PXG-Signature。',
    );
  if (Math.abs(options.nowS - Number(timestamp)) > options.windowS)
    return refuse('The request timestamp is outside the accepted window.', '请求时间戳超出允许范围。');
  const expected = Buffer.from(
    signLegacyRequest(options.secret, {
      timestamp,
      nonce,
      method: request.method,
      pathAndQuery: request.url.pathname + request.url.search,
      body: request.body,
    }),
  );
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return refuse('The request signature does not match.', '请求签名不匹配。');
  return { ok: true, params: { keyid: options.keyid, nonce, created: Number(timestamp) } };
}
