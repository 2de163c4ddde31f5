/**
 * The live dashboard of the ministry (GET /monitor): a server-rendered page that shows nothing
 * until the ministry's API key is entered. The page keeps the key in sessionStorage, trades it
 * (as a bearer header) for a short-lived token at POST /v1/monitor/session, and opens
 * GET /v1/monitor/stream?token=… (EventSource cannot send headers), whose Server-Sent Events each
 * carry the server-rendered tables. Chinese by default, English with `?lang=en` (docs/monitoring.md).
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { errorMessage, type Lang } from '../../core/index.ts';
import { renderFragment, renderPage } from '../../monitor/index.ts';
import type { Services } from '../../services.ts';
import { type AppEnv, authErrors, type Route } from '../context.ts';
import { ApiError } from '../errors.ts';
import { enumQuery, textQuery } from '../query.ts';

/** The page language: `?lang=` first, then Accept-Language. */
function pageLang(c: Context<AppEnv>): Lang {
  return enumQuery<Lang | ''>(c, 'lang', ['zh', 'en'], '') || c.get('lang');
}

const PAGE_SECURITY =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The dashboard routes. */
export function dashboardRoutes(services: Services): Route[] {
  const { monitor } = services;
  return [
    {
      method: 'GET',
      path: '/monitor',
      success: [200],
      errors: ['malformed_request'],
      access: { roles: ['public'], acts: 'nothing' },
      handlers: [
        (c) => {
          c.header('content-security-policy', PAGE_SECURITY);
          c.header('cache-control', 'no-store');
          c.header('referrer-policy', 'no-referrer');
          return c.html(renderPage(pageLang(c)));
        },
      ],
    },
    {
      method: 'POST',
      path: '/v1/monitor/session',
      success: [200],
      errors: [...authErrors, 'forbidden'],
      access: { roles: ['ministry'], acts: 'supervision' },
      handlers: [(c) => c.json(monitor.tokens.issue(c.get('system').id, Date.now()))],
    },
    {
      method: 'GET',
      path: '/v1/monitor/stream',
      success: [200],
      errors: ['unauthenticated', 'forbidden', 'malformed_request'],
      // EventSource cannot send headers: the app authenticates the token the session route issued.
      access: { roles: ['ministry'], acts: 'supervision', credentials: 'monitor-token' },
      handlers: [
        async (c) => {
          const token = monitor.tokens.verify(textQuery(c, 'token'), Date.now());
          // The app checked the token; it can only have expired since.
          if (!token)
            throw new ApiError('unauthenticated', {
              detail: { zh: '监测令牌无效或已过期。', en: 'The monitor token is invalid or expired.' },
            });
          const lang = pageLang(c);
          c.header('x-accel-buffering', 'no');
          c.header('cache-control', 'no-store');
          return streamSSE(c, async (sse) => {
            const gone = new AbortController();
            sse.onAbort(() => gone.abort());
            for (const signal of [c.req.raw.signal, monitor.closing]) signal?.addEventListener('abort', () => gone.abort(), { once: true });
            if (monitor.closing.aborted) gone.abort();
            await sse.write('retry: 2000\n\n');
            // The stream ends with its token; the page then asks for a new one with the key it holds.
            while (!gone.signal.aborted && !sse.aborted && Date.now() < token.expiresAtMs) {
              try {
                const snapshot = await monitor.snapshot();
                await sse.writeSSE({
                  event: 'snapshot',
                  data: JSON.stringify({ generatedAt: snapshot.generatedAt, html: renderFragment(snapshot, lang) }),
                });
              } catch (error) {
                services.logger.error('monitor stream failed', { error: errorMessage(error) });
              }
              await new Promise<void>((resolve) => {
                const timer = setTimeout(resolve, monitor.settings.refreshMs);
                gone.signal.addEventListener(
                  'abort',
                  () => {
                    clearTimeout(timer);
                    resolve();
                  },
                  { once: true },
                );
              });
            }
          });
        },
      ],
    },
  ];
}
