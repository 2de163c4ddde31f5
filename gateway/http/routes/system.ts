/**
 * The gateway's own routes: liveness (GET /healthz) and the receipt verification keys (GET /v1/keys).
 */
import type { Services } from '../../compose.ts';
import type { Route } from '../context.ts';

/** Health and keys. */
export function systemRoutes(services: Services): Route[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      success: [200],
      errors: [],
      handlers: [async (c) => c.json({ status: 'ok', logWritable: await services.log.writable().catch(() => false) })],
    },
    {
      method: 'GET',
      path: '/v1/keys',
      success: [200],
      errors: [],
      handlers: [
        (c) => {
          c.header('cache-control', 'public, max-age=300');
          return c.body(JSON.stringify(services.signer.jwks()), 200, { 'content-type': 'application/jwk-set+json' });
        },
      ],
    },
  ];
}
