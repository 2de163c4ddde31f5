/**
 * Property-based fuzzing (fast-check): every route of the route table with arbitrary path
 * parameters, queries, media types, bodies and credentials; the record route with valid records
 * whose fields are replaced by arbitrary JSON; every adapter's inbound with arbitrary bytes and
 * mutated native fixtures, directly and through the HTTP route; the CSV adapter's outbound with
 * formula-like text. Nothing may answer 5xx, throw, or write a spreadsheet formula.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../../adapters/registry.ts';
import type { StandardRecord } from '../../gateway/core/records.ts';
import type { TestGateway } from '../support/gateway.ts';
import { asSystem } from '../support/gateway.ts';
import { tenderNotice } from '../support/records.ts';
import { keys } from '../support/registry.ts';
import { adapterSystem, startHostileGateway } from './support.ts';

/** Statuses a route may answer on any input: never a 5xx, except readiness saying it is not ready. */
function acceptable(route: string, status: number): boolean {
  return status < 500 || (route === 'GET /readyz' && status === 503);
}

const MEDIA_TYPES = [
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=gbk',
  'application/x-ndjson',
  'text/csv',
  'text/csv; charset=gb18030',
  'application/xml',
  'text/plain',
  'multipart/form-data; boundary=x',
];
const CREDENTIALS: (string | undefined)[] = [
  undefined,
  'Bearer garbage',
  'Bearer not-a-registered-key-000000000',
  `Bearer ${keys.fujian}`,
  `Bearer ${keys.platform}`,
  `Bearer ${keys.ministry}`,
  `Bearer ${adapterSystem('provincial-fujian').key}`,
];
/** Query parameters the routes read (long-poll `wait` left out: it would only make the test slow). */
const QUERY_KEYS = ['after', 'limit', 'offset', 'records', 'versioned', 'token', 'subscription', 'event', 'x'];

/** Arbitrary request bodies: text, bytes, JSON text. */
const bodies = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 600 }),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.constantFrom('', '[]', '{}', 'null', '[{}]', '{"records":[]}', '{"mode":"pull"}', '{"from":"beginning"}'),
);

let gw: TestGateway;

beforeAll(async () => {
  gw = await startHostileGateway();
});
afterAll(async () => {
  await gw?.close();
});

/** Sends a request; streams are cut as soon as the status is known. */
async function send(
  path: string,
  init: { method: string; headers: Record<string, string>; body?: string | Uint8Array },
): Promise<{ status: number; type: string }> {
  const abort = new AbortController();
  const res = await gw.app.request(path, { ...init, signal: abort.signal });
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream')) abort.abort();
  await res.body?.cancel().catch(() => {});
  return { status: res.status, type };
}

describe('fuzzing the HTTP API', () => {
  it('answers every route of the route table without a 5xx, whatever the request', async () => {
    const failures: string[] = [];
    let requests = 0;
    for (const route of gw.app.routeTable) {
      const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      const name = `${route.method} ${route.path}`;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.string({ maxLength: 40 }), { minLength: params.length, maxLength: params.length }),
          fc.dictionary(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
          fc.constantFrom(...MEDIA_TYPES),
          fc.constantFrom(...CREDENTIALS),
          bodies,
          fc.constantFrom('en', 'zh-CN', '*', 'xx;q=abc'),
          async (values, query, type, credential, body, lang) => {
            let path = route.path;
            for (const [i, p] of params.entries()) path = path.replace(`:${p}`, encodeURIComponent(values[i]!) || 'x');
            const search = new URLSearchParams(query).toString();
            const headers: Record<string, string> = { 'accept-language': lang };
            if (type) headers['content-type'] = type;
            if (credential) headers['authorization'] = credential;
            requests++;
            const res = await send(`${path}${search ? `?${search}` : ''}`, {
              method: route.method,
              headers,
              ...(route.method === 'GET' ? {} : { body }),
            }).catch((error: unknown) => {
              failures.push(`${name} ${path}?${search} threw ${String(error)}`);
              return { status: 599, type: '' };
            });
            if (!acceptable(name, res.status) || (res.status >= 400 && !res.type.startsWith('application/problem+json'))) {
              failures.push(`${name} ${path}?${search} [${type}] → ${res.status} ${res.type}`);
              return false;
            }
            return true;
          },
        ),
        { numRuns: 25, seed: 20261127 },
      );
    }
    expect(failures).toEqual([]);
    expect(requests).toBe(gw.app.routeTable.length * 25);
  }, 120_000);

  it('answers a tender notice with arbitrary JSON in its fields with a receipt or a 4xx problem', async () => {
    const fields = [
      'recordType',
      'id',
      'version',
      'operation',
      'regionCode',
      'ocid',
      'noticeType',
      'date',
      'title',
      'project',
      'parties',
      'buyer',
      'tender',
      'documents',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 3 }), { minKeys: 1, maxKeys: 4 }),
        async (changes) => {
          const record = { ...tenderNotice(), ...changes };
          const res = await send('/v1/records', { method: 'POST', headers: asSystem(keys.fujian), body: JSON.stringify(record) });
          return (
            res.status === 201 ||
            res.status === 200 ||
            (res.status >= 400 && res.status < 500 && res.type.startsWith('application/problem+json'))
          );
        },
      ),
      { numRuns: 150, seed: 20261127 },
    );
  }, 60_000);
});

/** The native fixtures of an adapter, as bytes. */
function nativeFixtures(adapterId: string): Uint8Array[] {
  const dir = new URL(`../../adapters/${adapterId}/fixtures/native/`, import.meta.url);
  return readdirSync(dir)
    .filter((f) => !f.endsWith('.meta.json'))
    .map((f) => new Uint8Array(readFileSync(new URL(f, dir))));
}

/** A payload built from a fixture: truncated, with bytes overwritten, or with text spliced in. */
function mutated(fixtures: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(
      fc.constantFrom(...fixtures),
      fc.nat(),
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
      fc.string({ maxLength: 30 }),
      fc.constantFrom('truncate', 'overwrite', 'splice'),
    )
    .map(([fixture, at, bytes, text, how]) => {
      const i = fixture.length === 0 ? 0 : at % fixture.length;
      if (how === 'truncate') return fixture.slice(0, i);
      if (how === 'overwrite') {
        const copy = fixture.slice();
        copy.set(bytes.slice(0, copy.length - i), i);
        return copy;
      }
      return new Uint8Array(Buffer.concat([fixture.slice(0, i), Buffer.from(text), fixture.slice(i)]));
    });
}

describe("fuzzing every adapter's inbound", () => {
  for (const adapter of adapters.filter((a) => a.inbound)) {
    const { id, native } = adapter.manifest;
    const payloads = fc.oneof(fc.uint8Array({ maxLength: 2000 }), mutated(nativeFixtures(id)));

    it(`${id}: translates or refuses arbitrary and mutated payloads as a value, never an unexpected failure`, () => {
      const config = adapter.manifest.configExamples[0] ?? {};
      fc.assert(
        fc.property(payloads, fc.constantFrom(...native.encodings), (body, encoding) => {
          const result = gw.services.adapters.inbound(id, {
            systemId: adapterSystem(id).id,
            config,
            contentType: `${native.mediaTypes[0]}; charset=${encoding}`,
            body,
          });
          return result.ok || (result.error.code !== 'adapter.unexpected' && result.error.code !== 'adapter.config');
        }),
        { numRuns: 300, seed: 20261127 },
      );
    });

    it(`${id}: answers arbitrary payloads through POST /v1/systems/{id}/inbound without a 5xx`, async () => {
      const system = adapterSystem(id);
      await fc.assert(
        fc.asyncProperty(payloads, async (body) => {
          const res = await send(`/v1/systems/${system.id}/inbound`, {
            method: 'POST',
            headers: { ...asSystem(system.key), 'content-type': native.mediaTypes[0]! },
            body,
          });
          return res.status < 500 && (res.status < 400 || res.type.startsWith('application/problem+json'));
        }),
        { numRuns: 40, seed: 20261127 },
      );
    });
  }
});

describe('fuzzing outbound CSV', () => {
  it('never writes a cell a spreadsheet would run as a formula, whatever the text', () => {
    const standard = JSON.parse(
      readFileSync(new URL('../../adapters/provincial-fujian/fixtures/standard/fuzhou-notices.json', import.meta.url), 'utf8'),
    ) as StandardRecord[];
    const formula = fc
      .tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '＝', ' ='), fc.string({ maxLength: 30 }))
      .map(([start, rest]) => `${start}${rest}`);
    fc.assert(
      fc.property(fc.constantFrom(...standard), formula, formula, (base, title, name) => {
        const record = structuredClone(base) as StandardRecord & { buyer?: { name?: string } };
        record['title'] = title;
        if (record.buyer) record.buyer.name = name;
        const result = gw.services.adapters.outbound('provincial-fujian', {
          systemId: 'fj-gpms',
          config: { ocidPrefix: 'ocds-pxg350', encoding: 'utf-8' },
          input: [record],
        });
        if (!result.ok) return true;
        const text = typeof result.body === 'string' ? result.body : Buffer.from(result.body).toString('utf8');
        const cells = (parse(text, { relax_column_count: true, bom: true }) as string[][]).flat();
        return cells.every((cell) => !/^[=+\-@\t\r]/.test(cell));
      }),
      { numRuns: 200, seed: 20261127 },
    );
  });
});
