/**
 * Feeds end to end through the HTTP API of an in-process gateway (SQLite log and stores): records
 * pushed through `POST /v1/records` reach pull and SSE subscribers in order; clients that
 * disconnect and resume with their cursor or Last-Event-ID miss nothing and see nothing twice;
 * entitlements apply on top of subscription filters; cursors are validated.
 */
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { headerRecord } from '../support/records.ts';
import { keys, testRegistry } from '../support/registry.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({
    registry: { ...testRegistry(), delivery: { allowTargets: ['127.0.0.1'], pollMs: 50, heartbeatMs: 150, leaseTtlMs: 6000 } },
  });
});
afterAll(() => gw?.close());

const platform = (extra: Record<string, string> = {}) => asSystem(keys.platform, 'en', extra);

async function subscribe(body: object, key: string = keys.platform): Promise<string> {
  const res = await gw.app.request('/v1/subscriptions', { method: 'POST', headers: asSystem(key), body: JSON.stringify(body) });
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
  return (await json(res)).subscription.id;
}

async function push(records: StandardRecord[]): Promise<void> {
  for (const record of records) {
    const res = await gw.app.request('/v1/records', { method: 'POST', headers: asSystem(keys.fujian), body: JSON.stringify(record) });
    expect(res.status).toBe(201);
  }
}

/** Pulls until `count` events arrived, `limit` at a time, starting after `cursor`. */
async function pullAll(id: string, count: number, limit: number, cursor?: string) {
  const events: { subject: string; recordversion: number }[] = [];
  let next = cursor;
  for (let round = 0; events.length < count && round < 100; round++) {
    const query = new URLSearchParams({ limit: String(limit), wait: '2', ...(next ? { after: next } : {}) });
    const res = await gw.app.request(`/v1/feeds/${id}?${query}`, { headers: platform() });
    expect(res.status).toBe(200);
    const page = await json(res);
    events.push(...page.events);
    next = page.next;
  }
  return { events, next };
}

/** An open SSE connection (in process, or over TCP to `base`): frames as they arrive, and a way to hang up. */
async function openStream(path: string, headers: Record<string, string> = {}, base?: string) {
  const res = base
    ? await fetch(`${base}${path}`, { headers: platform(headers) })
    : await gw.app.request(path, { headers: platform(headers) });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const frames: { id?: string; data?: string; comment?: string }[] = [];
  const pump = (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const frame: { id?: string; data?: string; comment?: string } = {};
        for (const line of buffer.slice(0, cut).split('\n')) {
          if (line.startsWith(':')) frame.comment = line.slice(1).trim();
          else if (line.startsWith('id: ')) frame.id = line.slice(4);
          else if (line.startsWith('data: ')) frame.data = (frame.data ?? '') + line.slice(6);
        }
        frames.push(frame);
        buffer = buffer.slice(cut + 2);
        cut = buffer.indexOf('\n\n');
      }
    }
  })();
  return {
    frames,
    events: () => frames.filter((f) => f.data).map((f) => ({ id: f.id!, event: JSON.parse(f.data!) })),
    close: async () => {
      await reader.cancel().catch(() => {});
      await pump;
    },
  };
}

async function until(check: () => boolean, message: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${message}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('subscriptions API', () => {
  it('creates a pull subscription that its system and the ministry see, and other systems do not', async () => {
    const id = await subscribe({ mode: 'pull', filter: { noticeTypes: ['tender'] } });
    const own = await json(await gw.app.request('/v1/subscriptions', { headers: platform() }));
    expect(own.subscriptions.map((s: { id: string }) => s.id)).toContain(id);
    const ministry = await json(await gw.app.request('/v1/subscriptions', { headers: asSystem(keys.ministry) }));
    expect(ministry.subscriptions.map((s: { id: string }) => s.id)).toContain(id);
    const other = await gw.app.request(`/v1/subscriptions/${id}`, { headers: asSystem(keys.fujian) });
    expect(other.status).toBe(404);
  });

  it('refuses a system the registry does not let subscribe, and reading records beyond its entitlement', async () => {
    const none = await gw.app.request('/v1/subscriptions', {
      method: 'POST',
      headers: asSystem(keys.fujian),
      body: JSON.stringify({ mode: 'pull' }),
    });
    expect(none.status).toBe(403);
    const beyond = await gw.app.request('/v1/subscriptions', {
      method: 'POST',
      headers: platform(),
      body: JSON.stringify({ mode: 'pull', filter: { recordTypes: ['transaction'] } }),
    });
    expect(beyond.status).toBe(403);
    expect((await json(beyond)).code).toBe('forbidden');
  });

  it('refuses webhook URLs that point into internal networks (SSRF), naming the problem in Chinese and English', async () => {
    for (const url of [
      'http://10.0.0.7/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:9/hook',
      'http://127.0.0.2:9/hook',
      'file:///etc/passwd',
    ]) {
      const res = await gw.app.request('/v1/subscriptions', {
        method: 'POST',
        headers: platform(),
        body: JSON.stringify({ mode: 'webhook', webhook: { url } }),
      });
      expect(res.status, url).toBe(422);
      expect((await json(res)).code).toBe('webhook_target_forbidden');
    }
    const zh = await gw.app.request('/v1/subscriptions', {
      method: 'POST',
      headers: asSystem(keys.platform, 'zh-CN'),
      body: JSON.stringify({ mode: 'webhook', webhook: { url: 'http://192.168.1.1/' } }),
    });
    expect((await json(zh)).title).toBe('不允许的 webhook 地址');
  });

  it('refuses a second subscription under an id already taken', async () => {
    const id = `dup-${Date.now()}`;
    await subscribe({ id, mode: 'pull' });
    const again = await gw.app.request('/v1/subscriptions', {
      method: 'POST',
      headers: platform(),
      body: JSON.stringify({ id, mode: 'sse' }),
    });
    expect(again.status).toBe(409);
    expect((await json(again)).code).toBe('subscription_exists');
  });

  it('answers invalid subscription input with 422 and the offending fields', async () => {
    const res = await gw.app.request('/v1/subscriptions', {
      method: 'POST',
      headers: platform(),
      body: JSON.stringify({ mode: 'fax', filter: { areaPrefixes: ['Fujian'] } }),
    });
    expect(res.status).toBe(422);
    const problem = await json(res);
    expect(problem.code).toBe('subscription_invalid');
    expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/mode', '/filter/areaPrefixes/0']));
  });
});

describe('pull feed', () => {
  it('returns pushed records in order with a cursor, and a client resuming from its last cursor misses nothing and sees nothing twice', async () => {
    const id = await subscribe({ mode: 'pull' });
    const ocid = `ocds-pull-${Date.now()}`;
    const records = Array.from({ length: 12 }, (_, i) =>
      headerRecord({ processKey: ocid, id: `PULL-${i % 4}-${ocid}`, version: Math.floor(i / 4) + 1 }),
    );
    await push(records);
    const first = await pullAll(id, 5, 5);
    expect(first.events).toHaveLength(5);
    // The client goes away and comes back later with the cursor it had.
    const rest = await pullAll(id, 7, 3, first.next);
    const seen = [...first.events, ...rest.events].map((e) => `${e.subject}@${e.recordversion}`);
    expect(seen).toEqual(records.map((r) => `${r.id}@${r.version}`));
    const empty = await json(await gw.app.request(`/v1/feeds/${id}?after=${rest.next}`, { headers: platform() }));
    expect(empty.events).toEqual([]);
    expect(empty.next).toBe(rest.next);
  });

  it('holds a long-poll open until a record arrives', async () => {
    const id = await subscribe({ mode: 'pull' });
    const waiting = gw.app.request(`/v1/feeds/${id}?wait=10`, { headers: platform() });
    await new Promise((r) => setTimeout(r, 200));
    const record = headerRecord();
    await push([record]);
    const page = await json(await waiting);
    expect(page.events.map((e: { subject: string }) => e.subject)).toEqual([record.id]);
  });

  it('applies the entitlement on top of the filter: a platform entitled to notices never receives transactions', async () => {
    const id = await subscribe({ mode: 'pull' });
    const notice = headerRecord();
    await push([headerRecord({ recordType: 'transaction' }), notice]);
    const { events } = await pullAll(id, 1, 10);
    expect(events.map((e) => e.subject)).toEqual([notice.id]);
  });

  it('answers a cursor it did not issue with 400 cursor_invalid, and a webhook subscription with 409', async () => {
    const id = await subscribe({ mode: 'pull' });
    const res = await gw.app.request(`/v1/feeds/${id}?after=not-a-cursor`, { headers: platform() });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect((await json(res)).code).toBe('cursor_invalid');
    const stream = await gw.app.request(`/v1/feeds/${id}/stream`, { headers: platform({ 'last-event-id': 'djIuMQ' }) });
    expect(stream.status).toBe(400);
    const hook = await subscribe({ mode: 'webhook', webhook: { url: 'http://127.0.0.1:9/unused' } });
    const pushed = await gw.app.request(`/v1/feeds/${hook}`, { headers: platform() });
    expect(pushed.status).toBe(409);
    expect((await json(pushed)).code).toBe('feed_mode_mismatch');
    expect((await gw.app.request(`/v1/subscriptions/${hook}`, { method: 'DELETE', headers: platform() })).status).toBe(204);
    expect((await gw.app.request(`/v1/subscriptions/${hook}`, { headers: platform() })).status).toBe(404);
  });

  it('replays a pull subscription from the beginning or from a time: the stored cursor moves and feeds without a cursor start there', async () => {
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const id = await subscribe({ mode: 'pull' });
    const record = headerRecord();
    await push([record]);
    const replay = await gw.app.request(`/v1/subscriptions/${id}/replay`, {
      method: 'POST',
      headers: platform(),
      body: JSON.stringify({ time: before }),
    });
    expect(replay.status).toBe(200);
    const { cursor } = await json(replay);
    const page = await json(await gw.app.request(`/v1/feeds/${id}?wait=2`, { headers: platform() }));
    expect(page.events.map((e: { subject: string }) => e.subject)).toContain(record.id);
    const fromCursor = await json(await gw.app.request(`/v1/feeds/${id}?after=${cursor}`, { headers: platform() }));
    expect(fromCursor.events).toEqual(page.events);
    const bad = await gw.app.request(`/v1/subscriptions/${id}/replay`, {
      method: 'POST',
      headers: platform(),
      body: JSON.stringify({ cursor: 'nope' }),
    });
    expect(bad.status).toBe(400);
  });
});

describe('SSE stream', () => {
  it('streams records with the cursor as id, sends heartbeats, and resumes after Last-Event-ID without gaps or repeats', async () => {
    const id = await subscribe({ mode: 'sse' });
    const ocid = `ocds-sse-${Date.now()}`;
    const records = Array.from({ length: 10 }, (_, i) =>
      headerRecord({ processKey: ocid, id: `SSE-${i % 5}-${ocid}`, version: Math.floor(i / 5) + 1 }),
    );
    const first = await openStream(`/v1/feeds/${id}/stream`);
    await push(records.slice(0, 6));
    await until(() => first.events().length >= 4, 'first events');
    await until(() => first.frames.some((f) => f.comment?.startsWith('heartbeat')), 'a heartbeat');
    await first.close();
    const got = first.events();
    const last = got.at(-1)!.id;
    // Records pushed while nobody listens are not lost.
    await push(records.slice(6));
    const second = await openStream(`/v1/feeds/${id}`, { accept: 'text/event-stream', 'last-event-id': last });
    const expected = records.length - got.length;
    await until(() => second.events().length >= expected, 'resumed events');
    await new Promise((r) => setTimeout(r, 200));
    await second.close();
    const all = [...got, ...second.events()].map((e) => `${e.event.subject}@${e.event.recordversion}`);
    expect(all).toEqual(records.map((r) => `${r.id}@${r.version}`));
    // Each event's id is a cursor that pull accepts.
    const page = await json(await gw.app.request(`/v1/feeds/${id}?after=${got[0]!.id}&limit=1`, { headers: platform() }));
    expect(page.events[0].subject).toBe(got[1]!.event.subject);
  });
});

describe('SSE over a real connection', () => {
  let server: ServerType;
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: gw.app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
        base = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  });
  afterAll(async () => {
    (server as unknown as { closeAllConnections(): void }).closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('survives a dropped TCP connection: the client reconnects with Last-Event-ID and gets exactly the rest', async () => {
    const id = await subscribe({ mode: 'sse' });
    const records = Array.from({ length: 8 }, () => headerRecord());
    const first = await openStream(`/v1/feeds/${id}/stream`, {}, base);
    await push(records.slice(0, 3));
    await until(() => first.events().length === 3, 'first three over TCP');
    await first.close();
    await push(records.slice(3));
    const second = await openStream(`/v1/feeds/${id}/stream`, { 'last-event-id': first.events().at(-1)!.id }, base);
    await until(() => second.events().length >= 5, 'the rest over TCP');
    await until(() => second.frames.some((f) => f.comment?.startsWith('heartbeat')), 'a heartbeat over TCP');
    await second.close();
    const subjects = [...first.events(), ...second.events()].map((e) => e.event.subject);
    expect(subjects).toEqual(records.map((r) => r.id));
  });
});
