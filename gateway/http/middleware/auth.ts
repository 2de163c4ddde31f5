/**
 * Who is calling: a client certificate (mTLS) mapped to a registered system, or an API key as
 * `Authorization: Bearer <key>` (looked up by its sha-256); for the dashboard's event stream, a
 * short-lived monitor token in the query. The app mounts these from the access policy
 * (gateway/http/mount.ts); rate limits, signatures and roles follow there.
 */
import type { TLSSocket } from 'node:tls';
import type { Context, MiddlewareHandler } from 'hono';
import type { SystemEntry } from '../../registry/index.ts';
import type { Services } from '../../services.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { textQuery } from '../query.ts';

/** Told of every refused authentication (the refusal-burst audit counts them). */
export type OnRefused = (c: Context<AppEnv>) => void;

/** The peer certificate of a TLS connection, when the CA configured for clients vouches for it. */
function trustedPeerCertificate(socket: unknown): { fingerprint256: string; subject: string } | null {
  const tls = socket as Partial<TLSSocket> | undefined;
  if (!tls || typeof tls.getPeerX509Certificate !== 'function' || !tls.authorized) return null;
  const cert = tls.getPeerX509Certificate();
  if (!cert) return null;
  return { fingerprint256: cert.fingerprint256, subject: cert.subject.split('\n').join(', ') };
}

/** Sets `system` from the client certificate or the API key; 401 when neither identifies one. */
export function authenticate(services: Pick<Services, 'registry'>, onRefused: OnRefused = () => {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let system: SystemEntry | undefined;
    const cert = trustedPeerCertificate(c.env?.incoming?.socket);
    if (cert) system = services.registry.byCertificate(cert);
    const authorization = c.req.header('authorization');
    if (!system && authorization) {
      const match = /^Bearer\s+(\S{16,512})\s*$/i.exec(authorization);
      if (match) system = services.registry.byApiKey(match[1]!);
    }
    if (!system) {
      onRefused(c);
      throw new ApiError('unauthenticated');
    }
    c.set('system', system);
    await next();
  };
}

/**
 * Sets `system` from a monitor token (`?token=`, issued by POST /v1/monitor/session to a caller
 * that authenticated, and signed where it must, with its key); 401 when invalid, expired, or its
 * system is no longer registered.
 */
export function authenticateToken(
  services: Pick<Services, 'registry' | 'monitor'>,
  onRefused: OnRefused = () => {},
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = services.monitor.tokens.verify(textQuery(c, 'token'), Date.now());
    const system = token ? services.registry.byId(token.systemId) : undefined;
    if (!system) {
      onRefused(c);
      throw new ApiError('unauthenticated', { detail: { zh: '监测令牌无效或已过期。', en: 'The monitor token is invalid or expired.' } });
    }
    c.set('system', system);
    await next();
  };
}
