/**
 * Short-lived dashboard tokens: the dashboard page trades the ministry's API key (sent once as a
 * bearer header) for a token it can put in the URL of its EventSource (which cannot send headers).
 * A token is `base64url(payload).base64url(HMAC-SHA256)`; the payload names the system and the
 * expiry. The key is PXG_MONITOR_TOKEN_SECRET when set; otherwise a random secret kept in the state
 * store (Monitor.start), which every process sharing the store uses, so any of them accepts a token
 * another issued. Until then (and in a test without a store) it is random per process.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Issues and verifies dashboard tokens. */
export class DashboardTokens {
  private key: Buffer;

  constructor(
    secret: string | undefined,
    private readonly ttlMs: number,
  ) {
    this.key = secret ? Buffer.from(secret, 'utf8') : randomBytes(32);
  }

  /** Signs and verifies with `secret` from now on (the shared one, once the store gave it). */
  useSecret(secret: string): void {
    this.key = Buffer.from(secret, 'utf8');
  }

  /** A token for `systemId`, valid for the configured time. */
  issue(systemId: string, nowMs: number): { token: string; expiresAt: string } {
    const exp = nowMs + this.ttlMs;
    const payload = Buffer.from(JSON.stringify({ sub: systemId, exp }), 'utf8').toString('base64url');
    return { token: `${payload}.${this.mac(payload)}`, expiresAt: new Date(exp).toISOString() };
  }

  /** The system a valid, unexpired token was issued to, and when it expires; null otherwise. */
  verify(token: string | undefined, nowMs: number): { systemId: string; expiresAtMs: number } | null {
    if (!token || token.length > 1000) return null;
    const [payload, mac, rest] = token.split('.');
    if (!payload || !mac || rest !== undefined) return null;
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const { sub, exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown; exp?: unknown };
      return typeof sub === 'string' && typeof exp === 'number' && exp > nowMs ? { systemId: sub, expiresAtMs: exp } : null;
    } catch {
      return null;
    }
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
