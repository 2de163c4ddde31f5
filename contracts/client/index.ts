/**
 * The gateway's typed client (`procurement-exchange/client`): openapi-fetch over the types that
 * openapi-typescript generates from the contract (schema.d.ts), so a request or answer that the
 * contract does not allow fails to compile.
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema.d.ts';

export type { components, operations, paths };

/** A problem (RFC 9457) as every refusal of the gateway carries it. */
export type Problem = components['schemas']['Problem'];

/** A standard record (公告 notice or e-marketplace transaction) as the gateway accepts it. */
export type StandardRecord = components['schemas']['StandardRecord'];

/** A typed client of one gateway: `baseUrl` is where it is reached; pass the API key as an `authorization` header. */
export function createGatewayClient(options: ClientOptions): Client<paths> {
  return createClient<paths>(options);
}
