/**
 * The baseline of single-record ingest: a bare Hono app on the same Node HTTP server that only
 * reads the body, parses it as JSON and answers 201 with a small JSON body. Run in its own process;
 * prints `listening on <url>` like `pxg serve`.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.post('/v1/records', async (c) => {
  const record = (await c.req.json()) as { id?: unknown };
  return c.json({ receipt: { recordId: record.id ?? null } }, 201);
});

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT ?? 0) }, (info) => {
  process.stdout.write(`listening on http://127.0.0.1:${info.port}\n`);
});
