/**
 * Where a request came from, as the audit log records it: the client address of the socket (the
 * peer the gateway sees; absent under app.request() in tests) and the request id.
 */
import type { Context } from 'hono';
import type { AppEnv } from './context.ts';

/** The audit fields of a request. */
export interface RequestOrigin {
  address?: string;
  requestId?: string;
}

/** The client address and request id of `c`, for an audit entry. */
export function requestOrigin(c: Context<AppEnv>): RequestOrigin {
  const address = c.env?.incoming?.socket?.remoteAddress;
  const requestId = c.get('requestId');
  return { ...(address ? { address } : {}), ...(requestId ? { requestId } : {}) };
}
