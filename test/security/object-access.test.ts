/**
 * Object-level access (what a caller may touch once the policy lets it call a route): every route
 * of the app's route table × (no credentials, wrong credentials, another system's credentials, the
 * right system's credentials) with the status each must answer. Function-level access (which kinds
 * may call a route at all) is route-matrix.test.ts, generated from the policy.
 * A route missing from the matrix fails the test, so a new route is added here with its rights.
 * "Another system" is a registered system that does not own the resource (or may not do the
 * operation): it gets 403 where the resource is public knowledge, 404 where even its existence is
 * not, and never sees the owner's data in a list.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../../gateway/store/port.ts';
import { Endpoint } from '../integration/webhook.support.ts';
import { asSystem, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { headerRecord } from '../support/records.ts';
import { keys, testRegistry } from '../support/registry.ts';

type Credential = 'none' | 'wrong' | 'other' | 'own';
type System = keyof typeof keys;

/** One route's row: a concrete request, whose credentials count as the owner's and as another's, and the statuses. */
interface Row {
  /** `METHOD path` exactly as in the route table. */
  route: string;
  /** The concrete URL (path parameters filled in). */
  url: string;
  body?: () => { type: string; text: string };
  own: System;
  other: System;
  expect: Record<Credential, number>;
  /** A word the answer to another system must not contain (the owner's resource id). */
  hidden?: string;
  /** Credentials carried other than as an API key (a query token): the URL to call for each kind. */
  urlFor?: (credential: Credential) => string;
}

const CSV = readFileSync(new URL('../../adapters/provincial-fujian/fixtures/native/award-utf8.csv', import.meta.url), 'utf8');
const json = (value: unknown) => () => ({ type: 'application/json', text: JSON.stringify(value) });
const anyone = { none: 200, wrong: 200, other: 200, own: 200 };
/** A public route answering 404 to everyone alike: nothing is published in this registry (publication is off). */
const unpublished = { none: 404, wrong: 404, other: 404, own: 404 };
const authed = (other: number, own: number) => ({ none: 401, wrong: 401, other, own });

/** A record in Xiamen (350203): Fujian may publish it, the platform may read it, Fuzhou neither. */
const record = headerRecord({ regionCode: '350203' });

/** The matrix, in the order the rows run (a row that removes its resource comes after those that read it). */
const MATRIX: Row[] = [
  // The gateway itself: public
  { route: 'GET /healthz', url: '/healthz', own: 'fujian', other: 'platform', expect: anyone },
  { route: 'GET /readyz', url: '/readyz', own: 'fujian', other: 'platform', expect: anyone },
  { route: 'GET /metrics', url: '/metrics', own: 'fujian', other: 'platform', expect: anyone },
  { route: 'GET /v1/keys', url: '/v1/keys', own: 'fujian', other: 'platform', expect: anyone },
  { route: 'GET /openapi.json', url: '/openapi.json', own: 'fujian', other: 'platform', expect: anyone },
  { route: 'GET /docs', url: '/docs', own: 'fujian', other: 'platform', expect: anyone },
  // Open data: the OCDS extension every package declares
  {
    route: 'GET /public/ocds/extension/:file',
    url: '/public/ocds/extension/extension.json',
    own: 'fujian',
    other: 'platform',
    expect: anyone,
  },
  {
    route: 'GET /public/ocds/extension/codelists/:file',
    url: '/public/ocds/extension/codelists/partyScale.csv',
    own: 'fujian',
    other: 'platform',
    expect: anyone,
  },
  // Public publication: the same answer with or without credentials; publication is off here, so nothing is found
  { route: 'GET /public/ocds/releases', url: '/public/ocds/releases', own: 'fujian', other: 'platform', expect: anyone },
  {
    route: 'GET /public/ocds/records/:ocid',
    url: '/public/ocds/records/ocds-px0001-SEC-0001',
    own: 'fujian',
    other: 'platform',
    expect: unpublished,
  },
  { route: 'GET /public/bulk', url: '/public/bulk', own: 'fujian', other: 'platform', expect: anyone },
  { route: 'GET /public/bulk/:file', url: '/public/bulk/2026-03-01.jsonl.gz', own: 'fujian', other: 'platform', expect: unpublished },
  { route: 'GET /public/atom/:file', url: '/public/atom/350000.xml', own: 'fujian', other: 'platform', expect: anyone },
  { route: 'GET /docs/assets/:file', url: '/docs/assets/api-reference.js', own: 'fujian', other: 'platform', expect: anyone },
  { route: 'GET /schemas/v1/:file', url: '/schemas/v1/notice.schema.json', own: 'fujian', other: 'platform', expect: anyone },
  // Records: the platform may not publish; Fuzhou may not read Xiamen's records
  {
    route: 'POST /v1/records',
    url: '/v1/records',
    body: () => json(headerRecord({ regionCode: '350203' }))(),
    own: 'fujian',
    other: 'platform',
    expect: authed(403, 201),
  },
  // A batch answers 200 with a result per record: another system's records are all refused inside it.
  {
    route: 'POST /v1/records/batch',
    url: '/v1/records/batch',
    body: () => json([headerRecord({ regionCode: '350203' })])(),
    own: 'fujian',
    other: 'platform',
    expect: authed(200, 200),
  },
  {
    route: 'GET /v1/records/:id',
    url: `/v1/records/${record.id}`,
    own: 'fujian',
    other: 'fuzhou',
    expect: authed(404, 200),
    hidden: record.id,
  },
  {
    route: 'GET /v1/records/:id/history',
    url: `/v1/records/${record.id}/history`,
    own: 'fujian',
    other: 'fuzhou',
    expect: authed(404, 200),
    hidden: record.id,
  },
  {
    route: 'POST /v1/systems/:systemId/inbound',
    url: '/v1/systems/fj-gpms/inbound',
    body: () => ({ type: 'text/csv; charset=utf-8', text: CSV }),
    own: 'fujian',
    other: 'platform',
    expect: authed(403, 200),
  },
  // Subscriptions of the platform; Fujian may not subscribe, Fuzhou does not see them
  {
    route: 'GET /v1/subscriptions',
    url: '/v1/subscriptions',
    own: 'platform',
    other: 'fuzhou',
    expect: authed(200, 200),
    hidden: 'sec-hook',
  },
  {
    route: 'POST /v1/subscriptions',
    url: '/v1/subscriptions',
    body: json({ mode: 'pull' }),
    own: 'platform',
    other: 'fujian',
    expect: authed(403, 201),
  },
  {
    route: 'GET /v1/subscriptions/:id',
    url: '/v1/subscriptions/sec-hook',
    own: 'platform',
    other: 'fuzhou',
    expect: authed(404, 200),
    hidden: 'sec-hook',
  },
  {
    route: 'POST /v1/subscriptions/:id/replay',
    url: '/v1/subscriptions/sec-hook/replay',
    body: json({ from: 'beginning' }),
    own: 'platform',
    other: 'fuzhou',
    expect: authed(404, 200),
  },
  {
    route: 'POST /v1/subscriptions/:id/rotate-secret',
    url: '/v1/subscriptions/sec-hook/rotate-secret',
    own: 'platform',
    other: 'fuzhou',
    expect: authed(404, 200),
    hidden: 'whsec_',
  },
  {
    route: 'POST /v1/subscriptions/:id/enable',
    url: '/v1/subscriptions/sec-hook/enable',
    own: 'platform',
    other: 'fuzhou',
    expect: authed(404, 200),
  },
  // Pause and resume: the owner here (the ministry's rights are test/security/ministry.test.ts)
  {
    route: 'POST /v1/subscriptions/:id/pause',
    url: '/v1/subscriptions/sec-hook/pause',
    body: json({ reason: 'endpoint maintenance' }),
    own: 'platform',
    other: 'fuzhou',
    expect: authed(404, 200),
  },
  {
    route: 'POST /v1/subscriptions/:id/resume',
    url: '/v1/subscriptions/sec-hook/resume',
    own: 'platform',
    other: 'fuzhou',
    expect: authed(404, 200),
  },
  {
    route: 'GET /v1/subscriptions/:id/attempts',
    url: '/v1/subscriptions/sec-hook/attempts',
    own: 'platform',
    other: 'fuzhou',
    expect: authed(404, 200),
  },
  {
    route: 'DELETE /v1/subscriptions/:id',
    url: '/v1/subscriptions/sec-delete',
    own: 'platform',
    other: 'fuzhou',
    expect: authed(404, 204),
  },
  // Dead letters of the platform's subscription
  {
    route: 'GET /v1/dead-letters',
    url: '/v1/dead-letters',
    own: 'platform',
    other: 'fuzhou',
    expect: authed(200, 200),
    hidden: 'sec-dl-1',
  },
  {
    route: 'GET /v1/dead-letters/:id',
    url: '/v1/dead-letters/sec-dl-1',
    own: 'platform',
    other: 'fuzhou',
    expect: authed(404, 200),
    hidden: 'sec-dl-1',
  },
  {
    route: 'POST /v1/dead-letters/:id/retry',
    url: '/v1/dead-letters/sec-dl-1/retry',
    own: 'platform',
    other: 'fuzhou',
    expect: authed(404, 200),
  },
  { route: 'DELETE /v1/dead-letters/:id', url: '/v1/dead-letters/sec-dl-2', own: 'platform', other: 'fuzhou', expect: authed(404, 204) },
  // Feeds of the platform's pull subscription
  { route: 'GET /v1/feeds/:subscription', url: '/v1/feeds/sec-pull', own: 'platform', other: 'fuzhou', expect: authed(404, 200) },
  {
    route: 'GET /v1/feeds/:subscription/stream',
    url: '/v1/feeds/sec-pull/stream',
    own: 'platform',
    other: 'fuzhou',
    expect: authed(404, 200),
  },
  // The ministry's monitor; the dashboard page is public, its data stream needs a ministry token
  { route: 'GET /v1/monitor/systems', url: '/v1/monitor/systems', own: 'ministry', other: 'platform', expect: authed(403, 200) },
  { route: 'GET /v1/audit', url: '/v1/audit', own: 'ministry', other: 'platform', expect: authed(403, 200) },
  { route: 'GET /v1/audit/verify', url: '/v1/audit/verify', own: 'ministry', other: 'platform', expect: authed(403, 200) },
  {
    route: 'GET /v1/monitor/subscriptions',
    url: '/v1/monitor/subscriptions',
    own: 'ministry',
    other: 'platform',
    expect: authed(403, 200),
  },
  { route: 'GET /monitor', url: '/monitor', own: 'ministry', other: 'platform', expect: anyone },
  { route: 'POST /v1/monitor/session', url: '/v1/monitor/session', own: 'ministry', other: 'platform', expect: authed(403, 200) },
  {
    route: 'GET /v1/monitor/stream',
    url: '/v1/monitor/stream',
    own: 'ministry',
    other: 'platform',
    expect: authed(403, 200),
    urlFor: (credential) => {
      const tokens = gw.services.monitor.tokens;
      const token = {
        none: null,
        wrong: 'forged.token',
        other: tokens.issue('ggzy-fj', Date.now()).token,
        own: tokens.issue('mof', Date.now()).token,
      }[credential];
      return token === null ? '/v1/monitor/stream' : `/v1/monitor/stream?token=${encodeURIComponent(token)}`;
    },
  },
  // Reconciliation (对账): a publishing system its own pushes, a subscriber its own deliveries
  {
    route: 'GET /v1/reconciliation/:systemId/:date',
    url: '/v1/reconciliation/fj-gpms/2026-03-01',
    own: 'fujian',
    other: 'fuzhou',
    expect: authed(403, 200),
  },
  {
    route: 'POST /v1/reconciliation/:systemId/:date',
    url: '/v1/reconciliation/fj-gpms/2026-03-01',
    body: json({ records: [] }),
    own: 'fujian',
    other: 'fuzhou',
    expect: authed(403, 200),
  },
  {
    route: 'GET /v1/reconciliation/subscriptions/:subscriptionId/:date',
    url: '/v1/reconciliation/subscriptions/sec-hook/2026-03-01',
    own: 'platform',
    other: 'fuzhou',
    expect: authed(404, 200),
    hidden: 'sec-hook',
  },
  {
    route: 'POST /v1/reconciliation/subscriptions/:subscriptionId/:date',
    url: '/v1/reconciliation/subscriptions/sec-hook/2026-03-01',
    body: json({ records: [] }),
    own: 'platform',
    other: 'fuzhou',
    expect: authed(404, 200),
    hidden: 'sec-hook',
  },
];

let gw: TestGateway;
const endpoint = new Endpoint(() => []);

beforeAll(async () => {
  await endpoint.start();
  const registry = testRegistry();
  // Fujian pushes its native CSV through its adapter.
  registry.systems = registry.systems.map((s) =>
    s.id === 'fj-gpms' ? { ...s, adapter: { id: 'provincial-fujian', config: { ocidPrefix: 'ocds-pxg350' } } } : s,
  );
  gw = await startTestGateway({ registry: { ...registry, delivery: { allowTargets: ['127.0.0.1'], pollMs: 50 } } });
  const as = (system: System, method: string, url: string, body?: unknown) =>
    gw.app.request(url, { method, headers: asSystem(keys[system]), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  const receipts: Receipt[] = [];
  for (const r of [record, headerRecord({ regionCode: '350203' })]) {
    const pushed = await as('fujian', 'POST', '/v1/records', r);
    expect(pushed.status).toBe(201);
    receipts.push(((await pushed.json()) as { receipt: Receipt }).receipt);
  }
  for (const subscription of [
    { id: 'sec-hook', mode: 'webhook', webhook: { url: endpoint.url } },
    { id: 'sec-delete', mode: 'pull' },
    { id: 'sec-pull', mode: 'pull' },
  ]) {
    expect((await as('platform', 'POST', '/v1/subscriptions', subscription)).status).toBe(201);
  }
  // Two dead letters of the platform's webhook subscription, one per record, as the worker would have left them.
  const now = new Date().toISOString();
  for (const [i, receipt] of receipts.entries()) {
    const [entry] = await gw.services.stores.journal.recordVersions(receipt.recordId);
    await gw.services.stores.delivery.addDeadLetter({
      id: `sec-dl-${i + 1}`,
      subscriptionId: 'sec-hook',
      seq: entry!.seq,
      eventId: receipt.eventId,
      attempts: 3,
      firstAttemptAt: now,
      lastAttemptAt: now,
      lastStatus: 500,
      lastError: 'HTTP 500',
      envelope: entry!.envelope,
      createdAt: now,
    });
  }
});

afterAll(async () => {
  await gw?.close();
  await endpoint.close();
});

function headersFor(credential: Credential, row: Row): Record<string, string> {
  if (row.urlFor) return { 'accept-language': 'en' };
  switch (credential) {
    case 'none':
      return { 'accept-language': 'en' };
    case 'wrong':
      return { authorization: 'Bearer not-a-registered-key-000000000', 'accept-language': 'en' };
    case 'other':
      return asSystem(keys[row.other]);
    case 'own':
      return asSystem(keys[row.own]);
  }
}

/** Sends a row's request with a credential; streams are cut once the status is known. */
async function call(row: Row, credential: Credential): Promise<{ status: number; type: string; text: string }> {
  const [method] = row.route.split(' ');
  const body = row.body?.();
  const headers = { ...headersFor(credential, row), ...(body ? { 'content-type': body.type } : {}) };
  const abort = new AbortController();
  const res = await gw.app.request(row.urlFor?.(credential) ?? row.url, {
    method: method!,
    headers,
    signal: abort.signal,
    ...(body ? { body: body.text } : {}),
  });
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream')) {
    abort.abort();
    await res.body?.cancel().catch(() => {});
    return { status: res.status, type, text: '' };
  }
  return { status: res.status, type, text: await res.text() };
}

describe('the route table against the security matrix', () => {
  it('has a row for every route of the app', () => {
    const routes = gw.app.routeTable.map((r) => `${r.method} ${r.path}`);
    const rows = new Set(MATRIX.map((r) => r.route));
    expect(
      routes.filter((r) => !rows.has(r)),
      'routes without a row in MATRIX',
    ).toEqual([]);
    const pending = MATRIX.filter((r) => !routes.includes(r.route)).map((r) => r.route);
    if (pending.length > 0) console.log(`[security] rows for routes not mounted in this build (skipped): ${pending.join(', ')}`);
  });

  it('answers every route with the expected status for each kind of credential', async () => {
    const mounted = new Set(gw.app.routeTable.map((r) => `${r.method} ${r.path}`));
    const mismatches: string[] = [];
    for (const row of MATRIX.filter((r) => mounted.has(r.route))) {
      for (const credential of ['none', 'wrong', 'other', 'own'] as const) {
        const { status, type, text } = await call(row, credential);
        const want = row.expect[credential];
        if (status !== want) mismatches.push(`${row.route} [${credential}]: ${status}, expected ${want}: ${text.slice(0, 200)}`);
        if (status >= 400 && !type.startsWith('application/problem+json'))
          mismatches.push(`${row.route} [${credential}]: ${status} is not a problem (${type})`);
        if (credential !== 'own' && row.hidden && text.includes(row.hidden))
          mismatches.push(`${row.route} [${credential}]: the answer shows ${row.hidden}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('lets another system publish nothing through a batch', async () => {
    const res = await gw.app.request('/v1/records/batch', {
      method: 'POST',
      headers: asSystem(keys.platform),
      body: JSON.stringify([headerRecord({ regionCode: '350203' })]),
    });
    const body = (await res.json()) as { accepted: number; rejected: number; results: { status: number }[] };
    expect({ accepted: body.accepted, rejected: body.rejected, statuses: body.results.map((r) => r.status) }).toEqual({
      accepted: 0,
      rejected: 1,
      statuses: [403],
    });
  });
});
