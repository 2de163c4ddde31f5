/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): `webhook-id`, `webhook-timestamp`
 * and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one entry per valid secret
 * so that a subscriber rotating its secret accepts deliveries under either. A subscriber that asked
 * for `sm3-hmac` (商用密码: systems assessed under GB/T 39786) also gets `webhook-signature-sm3:
 * v1,<base64 HMAC-SM3 of the same "id.timestamp.body">` with the same secrets (docs/cryptography.md).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { WebhookSecret, WebhookSignatureKind } from '../store/index.ts';

const PREFIX = 'whsec_';

/** A fresh signing secret: `whsec_` + base64 of 32 random bytes. */
export function generateSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

/** True for a `whsec_` secret of 24 to 64 decoded bytes. */
export function isValidSecret(secret: string): boolean {
  if (!secret.startsWith(PREFIX)) return false;
  const body = secret.slice(PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return false;
  const bytes = Buffer.from(body, 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

/** The secrets that still sign at `now`: those without an expiry or expiring later (never none: the last one stays). */
export function signingSecrets(secrets: readonly WebhookSecret[], now: Date): string[] {
  const live = secrets.filter((s) => !s.expiresAt || Date.parse(s.expiresAt) > now.getTime()).map((s) => s.secret);
  const last = secrets.at(-1);
  return live.length > 0 || !last ? live : [last.secret];
}

/** One `v1,<base64>` signature of a message (over the body's exact bytes), HMAC-SHA256 or HMAC-SM3. */
export function sign(secret: string, id: string, timestampS: number, body: string | Uint8Array, hash: 'sha256' | 'sm3' = 'sha256'): string {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
  return `v1,${createHmac(hash, key).update(`${id}.${timestampS}.`).update(body).digest('base64')}`;
}

/** The header of the HMAC-SM3 signature (not part of Standard Webhooks, which subscribers ignore when unknown). */
export const SM3_SIGNATURE_HEADER = 'webhook-signature-sm3';

/** The three Standard Webhooks headers for one attempt, signed with every given secret, and the extra signatures asked for. */
export function signatureHeaders(
  secrets: readonly string[],
  id: string,
  now: Date,
  body: string | Uint8Array,
  extra: readonly WebhookSignatureKind[] = [],
): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => sign(s, id, timestamp, body)).join(' '),
    ...(extra.includes('sm3-hmac') ? { [SM3_SIGNATURE_HEADER]: secrets.map((s) => sign(s, id, timestamp, body, 'sm3')).join(' ') } : {}),
  };
}
