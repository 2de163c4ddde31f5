/**
 * Request-scoped basics: a request id on every response (accepted from X-Request-Id when it is
 * a sane token, otherwise generated) and the answer language from Accept-Language.
 */
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { negotiateLanguage } from '../../core/index.ts';
import type { AppEnv } from '../context.ts';

const SAFE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Sets requestId and lang, and the X-Request-Id response header. */
export function requestContext(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('lang', negotiateLanguage(c.req.header('accept-language')));
    // Set before the response exists, so it is written with it: setting a header on a finished
    // response would make the Node adapter rebuild that response as a web Response and stream it.
    c.header('x-request-id', requestId);
    await next();
  };
}

/**
 * The client's address: the peer of the connection (behind a reverse proxy, the proxy's), or
 * `unknown` when there is no socket (app.request() in tests, other runtimes).
 */
export function clientAddress(c: Context<AppEnv>): string {
  return c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
