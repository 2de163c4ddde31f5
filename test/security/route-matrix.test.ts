/**
 * Function-level access, generated from the access policy: every route of the app's route table ×
 * every class of credential (none, a malformed bearer, an unknown key, each system kind's key, a
 * must-sign system unsigned / badly signed / replaying / signing well, monitor tokens), with the
 * outcome its declaration implies. Nothing here lists routes: a new route is covered by its `access`.
 * Object-level access (whose subscription, which records) is object-access.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../gateway/core/rate-limit.ts';
import { createApp, routeModules } from '../../gateway/http/app.ts';
import type { AppEnv, Route } from '../../gateway/http/context.ts';
import { ApiError } from '../../gateway/http/errors.ts';
import { PUBLIC_RATE_LIMIT, rateLimitAddress } from '../../gateway/http/middleware/rate-limit.ts';
import { signRequest } from '../../gateway/http/middleware/signature.ts';
import { checkPolicy, isPublic } from '../../gateway/http/policy.ts';
import { hashApiKey } from '../../gateway/registry/registry.ts';
import type { SystemKind } from '../../gateway/registry/types.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { keys, signedSecret, testRegistry } from '../support/registry.ts';

const EMALL_KEY = 'test-key-e-marketplace-sec-00007';
const FINANCE_KEY = 'test-key-finance-department-0008';

/** A system of each kind (the must-sign `signed` system is provincial). */
const SYSTEMS: Record<SystemKind, { id: string; key: string }> = {
  provincial: { id: 'fj-gpms', key: keys.fujian },
  'trading-platform': { id: 'ggzy-fj', key: keys.platform },
  'e-marketplace': { id: 'emall', key: EMALL_KEY },
  'finance-department': { id: 'fj-czt', key: FINANCE_KEY },
  ministry: { id: 'mof', key: keys.ministry },
};

/** Plausible values of the path parameters the routes use; a new parameter name needs one here. */
const PATH_VALUES: Record<string, string> = {
  id: 'sec-0001',
  subscription: 'sec-0001',
  subscriptionId: 'sec-0001',
  systemId: 'fj-gpms',
  date: '2026-03-01',
  file: 'notice.schema.json',
};

/** A route's path with its parameters filled in. */
function concretePath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = PATH_VALUES[name];
    if (value === undefined) throw new Error(`no plausible value for the path parameter :${name} (add it to PATH_VALUES)`);
    return value;
  });
}

/** What a credential proves, when it proves anything. */
interface Proof {
  via: 'api-key' | 'monitor-token';
  kind: SystemKind;
  signature: 'not-required' | 'valid' | 'missing' | 'bad' | 'replayed';
}

/** One class of credential: how a request carries it, and what it proves. */
interface CredentialClass {
  name: string;
  proves: Proof | null;
  /** Headers and query of a request of `method` to `path` with `body`. */
  apply(request: { method: string; path: string; body: string }): { headers: Record<string, string>; query?: string };
  /** Sends the request twice and judges the second (a replay). */
  twice?: boolean;
}

/** The X-PXG signature headers of the must-sign system over a request. */
function signatureHeaders(request: { method: string; path: string; body: string }, secret = signedSecret): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const signature = signRequest(secret, {
    timestamp,
    nonce,
    method: request.method,
    pathAndQuery: request.path,
    body: Buffer.from(request.body),
  });
  return { 'x-pxg-timestamp': timestamp, 'x-pxg-nonce': nonce, 'x-pxg-signature': signature };
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
let gw: TestGateway;

const CLASSES: CredentialClass[] = [
  { name: 'no credentials', proves: null, apply: () => ({ headers: {} }) },
  { name: 'malformed bearer', proves: null, apply: () => ({ headers: { authorization: 'Bearer short' } }) },
  {
    name: 'not a bearer',
    proves: null,
    apply: () => ({ headers: { authorization: `Basic ${Buffer.from('mof:secret').toString('base64')}` } }),
  },
  { name: 'unknown key', proves: null, apply: () => ({ headers: bearer('not-a-registered-key-000000000') }) },
  ...Object.entries(SYSTEMS).map(([kind, system]) => ({
    name: `${kind} key`,
    proves: { via: 'api-key', kind: kind as SystemKind, signature: 'not-required' } satisfies Proof,
    apply: () => ({ headers: bearer(system.key) }),
  })),
  {
    name: 'must-sign key, unsigned',
    proves: { via: 'api-key', kind: 'provincial', signature: 'missing' },
    apply: () => ({ headers: bearer(keys.signed) }),
  },
  {
    name: 'must-sign key, bad signature',
    proves: { via: 'api-key', kind: 'provincial', signature: 'bad' },
    apply: (r) => ({ headers: { ...bearer(keys.signed), ...signatureHeaders(r, 'another-secret-another-secret-0123') } }),
  },
  {
    name: 'must-sign key, replayed nonce',
    proves: { via: 'api-key', kind: 'provincial', signature: 'replayed' },
    apply: (r) => ({ headers: { ...bearer(keys.signed), ...signatureHeaders(r) } }),
    twice: true,
  },
  {
    name: 'must-sign key, signed',
    proves: { via: 'api-key', kind: 'provincial', signature: 'valid' },
    apply: (r) => ({ headers: { ...bearer(keys.signed), ...signatureHeaders(r) } }),
  },
  { name: 'forged monitor token', proves: null, apply: () => ({ headers: {}, query: 'token=forged.token' }) },
  ...Object.entries(SYSTEMS).map(([kind, system]) => ({
    name: `${kind} monitor token`,
    proves: { via: 'monitor-token', kind: kind as SystemKind, signature: 'not-required' } satisfies Proof,
    apply: () => ({ headers: {}, query: `token=${encodeURIComponent(gw.services.monitor.tokens.issue(system.id, Date.now()).token)}` }),
  })),
];

type Outcome = 'pass' | 'unauthenticated' | 'signature_invalid' | 'forbidden';

/** The outcome a route's declaration implies for a credential class. */
function expectedOutcome(route: Route, credential: CredentialClass): Outcome {
  if (isPublic(route.access)) return 'pass';
  const proof = credential.proves;
  if (!proof || proof.via !== (route.access.credentials ?? 'api-key')) return 'unauthenticated';
  if (!route.access.roles.includes(proof.kind)) return 'forbidden';
  if (proof.signature === 'missing' || proof.signature === 'bad' || proof.signature === 'replayed') return 'signature_invalid';
  return 'pass';
}

/** A request body the route accepts the media type of (its content is not the point here). */
function bodyOf(route: Route): { type: string; text: string } | undefined {
  if (!route.body) return undefined;
  if (typeof route.body === 'function') return { type: 'text/csv; charset=utf-8', text: 'a,b\n1,2\n' };
  return { type: route.body.types[0]!, text: '{}' };
}

/** Sends one request; streams are cut once the status is known. */
async function send(app: TestGateway['app'], method: string, url: string, headers: Record<string, string>, body?: string) {
  const abort = new AbortController();
  const res = await app.request(url, { method, headers, signal: abort.signal, ...(body === undefined ? {} : { body }) });
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream')) {
    abort.abort();
    await res.body?.cancel().catch(() => {});
    return { status: res.status, type, body: null };
  }
  const text = await res.text();
  return {
    status: res.status,
    type,
    headers: res.headers,
    body: type.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : null,
  };
}

beforeAll(async () => {
  const registry = testRegistry([
    {
      id: 'emall',
      name: 'E-marketplace',
      kind: 'e-marketplace',
      publish: { areas: ['350000'], recordTypes: ['transaction'] },
      credentials: { apiKeys: [{ id: 'test', sha256: hashApiKey(EMALL_KEY) }] },
    },
    {
      id: 'fj-czt',
      name: 'Finance department',
      kind: 'finance-department',
      contribute: [{ recordTypes: ['notice'], noticeTypes: ['complaintRuling'], areas: ['350000'] }],
      credentials: { apiKeys: [{ id: 'test', sha256: hashApiKey(FINANCE_KEY) }] },
    },
  ]);
  gw = await startTestGateway({ registry });
});
afterAll(() => gw?.close());

describe('the access policy, route by route and credential by credential', () => {
  it('answers every route with the outcome its declaration implies for each credential class', async () => {
    const mismatches: string[] = [];
    for (const route of gw.app.routeTable) {
      const path = concretePath(route.path);
      const body = bodyOf(route);
      for (const credential of CLASSES) {
        const { headers, query } = credential.apply({ method: route.method, path, body: body?.text ?? '' });
        const url = query ? `${path}?${query}` : path;
        const all = { 'accept-language': 'en', ...headers, ...(body ? { 'content-type': body.type } : {}) };
        if (credential.twice) await send(gw.app, route.method, url, all, body?.text);
        const res = await send(gw.app, route.method, url, all, body?.text);
        const want = expectedOutcome(route, credential);
        const name = `${route.method} ${route.path} [${credential.name}]`;
        const code = res.body?.['code'];
        if (res.status >= 500) mismatches.push(`${name}: ${res.status} ${code}`);
        if (res.status >= 400 && !res.type.startsWith('application/problem+json'))
          mismatches.push(`${name}: ${res.status} is not a problem`);
        const refusedByPolicy =
          res.status === 401 || res.status === 405 || (res.status === 403 && res.body?.['allowedRoles'] !== undefined);
        if (want === 'pass' && refusedByPolicy) mismatches.push(`${name}: refused (${res.status} ${code}), the policy grants it`);
        if (want === 'unauthenticated' && (res.status !== 401 || code !== 'unauthenticated'))
          mismatches.push(`${name}: ${res.status} ${code}, expected 401 unauthenticated`);
        if (want === 'signature_invalid' && (res.status !== 401 || code !== 'signature_invalid'))
          mismatches.push(`${name}: ${res.status} ${code}, expected 401 signature_invalid`);
        if (want === 'forbidden') {
          const granted = route.access.roles.filter((r) => r !== 'public');
          if (res.status !== 403 || code !== 'forbidden' || JSON.stringify(res.body?.['allowedRoles']) !== JSON.stringify(granted))
            mismatches.push(`${name}: ${res.status} ${code}, expected 403 forbidden naming ${granted.join(', ')}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('applies the system rate limit on every route that needs credentials, before anything else of the route', async () => {
    const apiKeyRoutes = gw.app.routeTable.filter((r) => !isPublic(r.access) && r.access.credentials !== 'monitor-token');
    expect(apiKeyRoutes.length).toBeGreaterThan(0);
    // The throttled system's bucket holds one request: the first spends it.
    const statuses: string[] = [];
    await gw.app.request('/v1/subscriptions', { headers: bearer(keys.throttled) });
    for (const route of apiKeyRoutes) {
      const res = await gw.app.request(concretePath(route.path), { method: route.method, headers: bearer(keys.throttled) });
      if (res.status !== 429 || !res.headers.get('retry-after')) statuses.push(`${route.method} ${route.path}: ${res.status}`);
    }
    expect(statuses).toEqual([]);
  });

  it('limits public routes by client address', async () => {
    const app = createApp(gw.services);
    let last = 0;
    for (let i = 0; i < 2 * (PUBLIC_RATE_LIMIT.burst ?? 0) && last !== 429; i++) last = (await app.request('/healthz')).status;
    expect(last).toBe(429);
  });

  it('counts every public route against one bucket per client address, and addresses apart', async () => {
    // A clock that stands still: no token comes back during the test.
    const limiter = new RateLimiter(() => 0);
    const app = new Hono<AppEnv>().use(rateLimitAddress(limiter, { requestsPerSecond: 1, burst: 2 })).get('*', (c) => c.text('ok'));
    app.onError((error) => new Response(null, { status: error instanceof ApiError ? error.status : 500 }));
    const from = async (address: string, path: string) =>
      (await app.request(path, {}, { incoming: { socket: { remoteAddress: address } } } as never)).status;
    expect([await from('203.0.113.1', '/healthz'), await from('203.0.113.1', '/docs'), await from('203.0.113.1', '/metrics')]).toEqual([
      200, 200, 429,
    ]);
    expect(await from('203.0.113.2', '/metrics')).toBe(200);
  });
});

/** The methods a table declares for a concrete path (HEAD answers where GET does), by segment comparison. */
function declaredMethods(routes: Route[], url: string): string[] {
  const segments = url.split('/');
  const matches = (path: string) => {
    const parts = path.split('/');
    return parts.length === segments.length && parts.every((p, i) => p.startsWith(':') || p === segments[i]);
  };
  const methods = new Set<string>(routes.filter((r) => matches(r.path)).map((r) => r.method));
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

describe('methods and paths the policy does not declare', () => {
  it('answers 405 with the declared methods in Allow for any other method on a declared path', async () => {
    const app = createApp(gw.services);
    const mismatches: string[] = [];
    const paths = [...new Set(app.routeTable.map((r) => concretePath(r.path)))];
    for (const path of paths) {
      const allowed = declaredMethods(app.routeTable, path);
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].filter((m) => !allowed.includes(m))) {
        const res = await send(app, method, path, { 'accept-language': 'en', ...bearer(keys.ministry) });
        const got = `${res.status} ${res.body?.['code']} allow=${res.headers?.get('allow')}`;
        if (got !== `405 method_not_allowed allow=${allowed.join(', ')}`) mismatches.push(`${method} ${path}: ${got}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('answers 404 on a path the policy does not declare, whatever the method or credentials', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      for (const path of ['/v1/admin', '/v1/records/x/y/z', '/healthz/']) {
        const res = await send(gw.app, method, path, bearer(keys.ministry));
        expect({ method, path, status: res.status, code: res.body?.['code'] }).toEqual({ method, path, status: 404, code: 'not_found' });
      }
    }
  });

  it('mounts exactly the declared routes, each with a sound declaration', () => {
    const declared = new Set(gw.app.routeTable.map((r) => `${r.method} ${r.path}`));
    const mounted = new Set(gw.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
    expect(
      [...mounted].filter((r) => !declared.has(r)),
      'mounted without a declaration',
    ).toEqual([]);
    expect(
      [...declared].filter((r) => !mounted.has(r)),
      'declared but not mounted',
    ).toEqual([]);
    expect(() => checkPolicy(gw.app.routeTable)).not.toThrow();
  });

  it('refuses to build an app with a route that declares no access, or an unsound one', () => {
    const planted = { method: 'GET', path: '/v1/planted', success: [200], errors: [], handlers: [() => new Response('secret')] } as const;
    // @ts-expect-error `access` is required: a route without a declaration does not typecheck.
    const undeclared: Route = { ...planted, handlers: [...planted.handlers] };
    const table = () => routeModules(gw.services);
    expect(() => createApp(gw.services, [...table(), undeclared])).toThrow(/GET \/v1\/planted declares no access/);
    const unsound = [
      { roles: [], acts: 'nothing' },
      { roles: ['public', 'ministry'], acts: 'nothing' },
      { roles: ['public'], acts: 'supervision' },
      { roles: ['administrator'], acts: 'nothing' },
      { roles: ['ministry'], acts: 'everything' },
    ];
    for (const access of unsound)
      expect(() => createApp(gw.services, [...table(), { ...undeclared, access } as unknown as Route]), JSON.stringify(access)).toThrow(
        /access policy refused/,
      );
    expect(() => createApp(gw.services, [...table(), table()[0]!])).toThrow(/declared twice/);
  });

  it('guards a declared route with the app’s checks alone, its handler having none', async () => {
    const planted: Route = {
      method: 'GET',
      path: '/v1/planted',
      success: [200],
      errors: [],
      access: { roles: ['ministry'], acts: 'supervision' },
      handlers: [(c) => c.text('supervised')],
    };
    const app = createApp(gw.services, [...routeModules(gw.services), planted]);
    const status = async (headers: Record<string, string>) => (await app.request('/v1/planted', { headers })).status;
    expect({
      none: await status({}),
      platform: await status(bearer(keys.platform)),
      ministry: await status(bearer(keys.ministry)),
    }).toEqual({ none: 401, platform: 403, ministry: 200 });
    expect((await gw.app.request('/v1/planted', { headers: bearer(keys.ministry) })).status).toBe(404);
  });
});
