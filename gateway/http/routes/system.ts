/**
 * The gateway's own routes: liveness (GET /healthz) and the receipt verification keys (GET /v1/keys).
 */
import type { Services } from '../../services.ts';
import type { PublicJwk } from '../../store/index.ts';
import type { Route } from '../context.ts';

/** Health and keys. */
export function systemRoutes(services: Services): Route[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      success: [200],
      errors: [],
      access: { roles: ['public'], acts: 'nothing' },
      handlers: [async (c) => c.json({ status: 'ok', logWritable: await services.log.writable().catch(() => false) })],
    },
    {
      method: 'GET',
      path: '/v1/keys',
      success: [200],
      errors: [],
      access: { roles: ['public'], acts: 'nothing' },
      handlers: [
        async (c) => {
          c.header('cache-control', 'public, max-age=300');
          return c.body(JSON.stringify(await signingKeys(services)), 200, { 'content-type': 'application/jwk-set+json' });
        },
      ],
    },
  ];
}

/**
 * The receipt-signing keys to publish: every key published in the state store (each gateway process
 * sharing it publishes its own at start-up), this process's first. Should the store not answer,
 * this process's key alone: its own receipts still verify. A key of another suite than the one in
 * use is retired (docs/cryptography.md): still listed, so the receipts it signed stay verifiable,
 * with `retiredAt` the not-before of the first key of the current suite published after it.
 */
async function signingKeys(services: Services): Promise<{ keys: unknown[] }> {
  const own = services.signer.jwks().keys as PublicJwk[];
  const published = await services.stores.ingest.publishedKeys().catch(() => []);
  const ownKids = new Set(own.map((k) => k.kid));
  const keys = [...own, ...published.filter((k) => !ownKids.has(k.kid))];
  const alg = services.signer.suite.signatureAlg;
  const currentSince = keys.filter((k) => k['alg'] === alg).map((k) => Number(k['nbf'] ?? 0));
  return {
    keys: keys.map((k) => {
      if (k['alg'] === alg) return k;
      const nbf = Number(k['nbf'] ?? 0);
      const since = Math.min(...currentSince.filter((t) => t >= nbf));
      return { ...k, retiredAt: new Date((Number.isFinite(since) ? since : Math.max(nbf, ...currentSince)) * 1000).toISOString() };
    }),
  };
}
