/**
 * Pull mode: the gateway polls GET /open-api/v2/order-events?cursor=…&limit=… and resumes from each
 * page's nextCursor. Pure: the gateway's pull scheduler does the I/O and keeps the cursor.
 */
import type { AdapterPull } from '../sdk.ts';
import { readPage } from './inbound.ts';

/** The path of the marketplace's event feed. */
export const EVENTS_PATH = '/open-api/v2/order-events';

/** Request building and paging of the order-event feed. */
export const pull: AdapterPull = {
  request(cursor, ctx) {
    const limit = typeof ctx.config['pageSize'] === 'number' ? ctx.config['pageSize'] : 100;
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor !== undefined) query.set('cursor', cursor);
    return { method: 'GET', path: `${EVENTS_PATH}?${query}`, headers: { accept: 'application/json' } };
  },
  nextCursor(native, ctx) {
    const read = readPage(native, ctx);
    // An empty page (or one without a cursor) leaves the position where it was.
    if (!read.ok || read.page.events.length === 0 || !read.page.nextCursor) return undefined;
    return read.page.nextCursor;
  },
};
