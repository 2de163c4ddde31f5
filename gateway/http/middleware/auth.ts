/**
 * Who is calling: a client certificate (mTLS) mapped to a registered system, or an API key as
 * `Authorization: Bearer <key>` (looked up by its sha-256). Then the system's rate limit.
 */
import type { TLSSocket } from 'node:tls';
import type { MiddlewareHandler } from 'hono';
import type { SystemEntry } from '../../registry/types.ts';
import type { Services } from '../../services.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';

/** The peer certificate of a TLS connection, when the CA configured for clients vouches for it. */
function trustedPeerCertificate(socket: unknown): { fingerprint256: string; subject: string } | null {
  const tls = socket as Partial<TLSSocket> | undefined;
  if (!tls || typeof tls.getPeerX509Certificate !== 'function' || !tls.authorized) return null;
  const cert = tls.getPeerX509Certificate();
  if (!cert) return null;
  return { fingerprint256: cert.fingerprint256, subject: cert.subject.split('\n').join(', ') };
}

/** Sets `system` from the client certificate or the API key; 401 when neither identifies one. */
export function authenticate(services: Pick<Services, 'registry' | 'rateLimiter'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let system: SystemEntry | undefined;
    const cert = trustedPeerCertificate(c.env?.incoming?.socket);
    if (cert) system = services.registry.byCertificate(cert);
    const authorization = c.req.header('authorization');
    if (!system && authorization) {
      const match = /^Bearer\s+(\S{16,512})\s*$/i.exec(authorization);
      if (match) system = services.registry.byApiKey(match[1]!);
    }
    if (!system) throw new ApiError('unauthenticated');
    c.set('system', system);
    const verdict = services.rateLimiter.take(system.id, system.rateLimit);
    if (!verdict.allowed) throw new ApiError('rate_limited', { retryAfter: verdict.retryAfterSeconds });
    await next();
  };
}
