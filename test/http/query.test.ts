/**
 * Query parameters are parsed exactly as contracts/openapi.yaml declares them, by one set of
 * helpers (gateway/http/query.ts): every integer, boolean and enum query parameter of the contract
 * is tried with values a lax parser would take, and must be refused with a 400 that names it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { asSystem, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { keys } from '../support/registry.ts';

type Schema = { type?: string; enum?: string[]; minimum?: number; maximum?: number };
type Parameter = { name: string; in: string; schema?: Schema; $ref?: string };
const contract = parse(readFileSync(new URL('../../contracts/openapi.yaml', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
};

/** Integers a lax parser (Number(), parseInt) would take; the contract's integers are plain decimal digits. */
const NOT_DECIMAL = ['0x10', '1e3', '+5', ' 5', '5 ', '5.0', '05', '-1', '1,2', '١', 'five', '99999999999999999999'];

/** Every query parameter of the contract with a typed schema: integer, boolean or enum. */
function typedQueryParameters(): { method: string; path: string; parameter: Parameter & { schema: Schema } }[] {
  const found = [];
  for (const [path, item] of Object.entries(contract.paths)) {
    for (const [method, op] of Object.entries(item)) {
      for (const p of op.parameters ?? []) {
        if (p.in === 'query' && p.schema && (p.schema.type === 'integer' || p.schema.type === 'boolean' || p.schema.enum))
          found.push({ method: method.toUpperCase(), path, parameter: p as Parameter & { schema: Schema } });
      }
    }
  }
  return found;
}

/** Values the parameter must refuse. */
function badValues(schema: Schema): string[] {
  if (schema.type === 'integer') {
    const out = [...NOT_DECIMAL];
    if (schema.maximum !== undefined) out.push(String(schema.maximum + 1));
    if ((schema.minimum ?? 0) > 0) out.push(String(schema.minimum! - 1));
    return out;
  }
  return ['yes', 'TRUE', '1', 'true ', 'fr'].filter((v) => !(schema.enum ?? ['true', 'false']).includes(v));
}

/** A value the parameter accepts (the least one: a long-poll never waits). */
function goodValue(schema: Schema): string {
  if (schema.type === 'integer') return String(schema.minimum ?? 0);
  return schema.enum?.[0] ?? 'true';
}

let gw: TestGateway;
let token: string;
beforeAll(async () => {
  gw = await startTestGateway();
  const created = await gw.app.request('/v1/subscriptions', {
    method: 'POST',
    headers: asSystem(keys.ministry),
    body: JSON.stringify({ id: 'q-pull', mode: 'pull' }),
  });
  expect(created.status).toBe(201);
  token = gw.services.monitor.tokens.issue('mof', Date.now()).token;
});
afterAll(() => gw?.close());

/** The concrete URL of a contract path, as the ministry (which may call every one of these) sees it. */
function url(path: string, query: string): string {
  const filled = path
    .replace(/\{(id|subscription|subscriptionId)\}/g, 'q-pull')
    .replace('{systemId}', 'fj-gpms')
    .replace('{date}', '2026-03-01');
  const extra = path === '/v1/monitor/stream' ? `&token=${encodeURIComponent(token)}` : '';
  return `${filled}?${query}${extra}`;
}

async function call(method: string, target: string) {
  const abort = new AbortController();
  const res = await gw.app.request(target, { method, headers: asSystem(keys.ministry), signal: abort.signal });
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    abort.abort();
    await res.body?.cancel().catch(() => {});
    return { status: res.status, body: null };
  }
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

describe('query parameters', () => {
  const parameters = typedQueryParameters();

  it('finds the typed query parameters of the contract', () => {
    expect(parameters.map((p) => p.parameter.name)).toEqual(
      expect.arrayContaining(['limit', 'offset', 'wait', 'versioned', 'records', 'lang']),
    );
  });

  it('refuses every value that is not what the contract says, naming the parameter', async () => {
    const mismatches: string[] = [];
    for (const { method, path, parameter } of parameters) {
      for (const value of badValues(parameter.schema)) {
        const res = await call(method, url(path, `${parameter.name}=${encodeURIComponent(value)}`));
        const body = res.body ?? {};
        const detail = String(body['detail'] ?? '');
        if (
          res.status !== 400 ||
          body['code'] !== 'malformed_request' ||
          body['parameter'] !== parameter.name ||
          !detail.includes(parameter.name)
        )
          mismatches.push(`${method} ${path} ${parameter.name}=${JSON.stringify(value)}: ${res.status} ${detail}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('accepts the values the contract allows', async () => {
    const mismatches: string[] = [];
    for (const { method, path, parameter } of parameters) {
      const res = await call(method, url(path, `${parameter.name}=${goodValue(parameter.schema)}`));
      if (res.status === 400) mismatches.push(`${method} ${path} ${parameter.name}: ${JSON.stringify(res.body)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses a parameter given twice', async () => {
    const res = await call('GET', url('/v1/dead-letters', 'limit=1&limit=2'));
    expect(res).toMatchObject({ status: 400, body: { code: 'malformed_request', parameter: 'limit' } });
  });

  it('answers in the caller’s language, never with the body-parsing default', async () => {
    const res = await gw.app.request('/v1/dead-letters?offset=1e3', { headers: asSystem(keys.ministry, 'zh-CN') });
    const body = (await res.json()) as { detail: string; errors: { keyword: string; message: string }[] };
    expect(body.detail).toContain('查询参数 offset');
    expect(body.errors).toEqual([{ pointer: '', keyword: 'offset', message: body.detail }]);
    expect(body.detail).not.toContain('JSON');
  });

  it('is read through the helpers in every route module', () => {
    const dir = new URL('../../gateway/http/routes/', import.meta.url);
    const direct = readdirSync(dir).filter((file) => /c\.req\.quer(y|ies)\(/.test(readFileSync(new URL(file, dir), 'utf8')));
    expect(direct, 'route modules reading c.req.query directly').toEqual([]);
  });
});
