/**
 * The contract (contracts/openapi.yaml) and the app agree: every route the app serves is in the
 * contract and vice versa, with the same statuses; every error code is documented.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { errorCatalogue } from '../../gateway/core/problems.ts';
import { isPublic } from '../../gateway/http/policy.ts';
import { registerStandardVocabulary } from '../../gateway/standard/formats.ts';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { headerRecord } from '../support/records.ts';
import { keys } from '../support/registry.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

type Operation = { responses: Record<string, unknown>; security?: unknown[] };
const contract = parse(readFileSync(new URL('../../contracts/openapi.yaml', import.meta.url), 'utf8')) as {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: { ProblemCode: { enum: string[] } } };
};

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function contractOperationsWhere(test: (op: Operation) => boolean): string[] {
  return Object.entries(contract.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m] && test(item[m])).map((m) => `${m.toUpperCase()} ${path}`),
  );
}

function contractOperations(): Map<string, string[]> {
  const ops = new Map<string, string[]>();
  for (const [path, item] of Object.entries(contract.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) ops.set(`${method.toUpperCase()} ${path}`, Object.keys(op.responses).sort());
    }
  }
  return ops;
}

describe('the OpenAPI contract', () => {
  it('is OpenAPI 3.1', () => {
    expect(contract.openapi).toMatch(/^3\.1\./);
  });

  it('lists exactly the routes the app serves', () => {
    const served = new Set(gw.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${openApiPath(r.path)}`));
    expect([...served].sort()).toEqual([...contractOperations().keys()].sort());
  });

  it('lists for every route exactly the statuses it declares (success, its catalogue errors, 500)', () => {
    const ops = contractOperations();
    for (const route of gw.app.routeTable) {
      const declared = new Set([...route.success, ...route.errors.map((code) => errorCatalogue[code].status), 500]);
      expect(ops.get(`${route.method} ${openApiPath(route.path)}`), `${route.method} ${route.path}`).toEqual(
        [...declared].map(String).sort(),
      );
    }
  });

  it('needs no credentials on exactly the public routes of the access policy', () => {
    const open = [...contractOperationsWhere((op) => Array.isArray(op.security) && op.security.length === 0)].sort();
    const publicRoutes = gw.app.routeTable.filter((r) => isPublic(r.access)).map((r) => `${r.method} ${openApiPath(r.path)}`);
    expect(open).toEqual(publicRoutes.sort());
  });

  it('documents every error code of the catalogue, and no other', () => {
    expect([...contract.components.schemas.ProblemCode.enum].sort()).toEqual(Object.keys(errorCatalogue).sort());
  });

  it('is served at /openapi.json as one document whose every $ref is a local pointer that resolves', async () => {
    const res = await gw.app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = await json(res);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]*)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(100);
    expect(refs.filter((r) => !r.startsWith('#/'))).toEqual([]);
    expect(refs.filter((r) => resolvePointer(doc, r) === undefined)).toEqual([]);
    // Embedded schemas carry no $id: one would rebase their local pointers away from this document.
    expect(doc.components.schemas['v1-notice'].$id).toBeUndefined();
    expect(doc.components.schemas['v1-common'].$defs).toBeDefined();
  });

  it('states the package version and a relative server', async () => {
    const doc = await json(await gw.app.request('/openapi.json'));
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(doc.info.version).toBe(pkg.version);
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('summarises every operation in Chinese and in English', () => {
    for (const [path, item] of Object.entries(contract.paths))
      for (const method of METHODS.filter((m) => item[m])) {
        const summary = (item[method] as { summary?: string }).summary ?? '';
        expect(summary, `${method} ${path}`).toMatch(/\p{Script=Han}/u);
        expect(summary, `${method} ${path}`).toMatch(/[A-Za-z]{3,}/);
      }
  });

  it('lists for the inbound route exactly the media types and charsets of each adapter’s manifest', () => {
    const body = (
      contract.paths['/v1/systems/{systemId}/inbound']!.post as unknown as {
        requestBody: {
          content: Record<string, unknown>;
          'x-adapter-media-types': Record<string, { mediaTypes: string[]; encodings: string[] }>;
        };
      }
    ).requestBody;
    const manifests = readdirSync(new URL('../../adapters/', import.meta.url), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(new URL(`../../adapters/${d.name}/manifest.json`, import.meta.url)))
      .map(
        (d) =>
          JSON.parse(readFileSync(new URL(`../../adapters/${d.name}/manifest.json`, import.meta.url), 'utf8')) as {
            id: string;
            native: { mediaTypes: string[]; encodings: string[] };
          },
      );
    expect(Object.keys(body['x-adapter-media-types']).sort()).toEqual(manifests.map((m) => m.id).sort());
    for (const m of manifests) expect(body['x-adapter-media-types'][m.id], m.id).toMatchObject(m.native);
    expect(Object.keys(body.content).sort()).toEqual([...new Set(manifests.flatMap((m) => m.native.mediaTypes))].sort());
  });

  it('describes the event streams as text/event-stream with the shape of their events', () => {
    for (const path of ['/v1/feeds/{subscription}', '/v1/feeds/{subscription}/stream', '/v1/monitor/stream']) {
      const content = (contract.paths[path]!.get!.responses['200'] as { content: Record<string, { schema: { $ref?: string } }> }).content;
      expect(content['text/event-stream']?.schema.$ref, path).toMatch(/EventStream$/);
    }
  });

  it('has a docs page that loads its renderer from this gateway only', async () => {
    const res = await gw.app.request('/docs');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/(src|href)="https?:/);
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts).toEqual(['/docs/assets/api-reference.js']);
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const asset = await gw.app.request(scripts[0]!);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    expect((await gw.app.request('/docs/assets/other.js')).status).toBe(404);
  });

  it('serves the standard’s schemas, with the $id the envelopes name', async () => {
    const res = await gw.app.request('/schemas/v1/notice.schema.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/schema+json');
    const schema = await json(res);
    expect(schema.$id).toBe('https://procurement-exchange.example/schemas/v1/notice.schema.json');
    expect((await gw.app.request('/schemas/v1/../package.json')).status).toBe(404);
    expect((await gw.app.request('/schemas/v1/other.schema.json')).status).toBe(404);
  });
});

describe('the contract’s schemas and the gateway refuse the same input', () => {
  let ajv: Ajv2020;
  let doc: Record<string, unknown>;
  beforeAll(async () => {
    doc = await json(await gw.app.request('/openapi.json'));
    ajv = new Ajv2020({ strict: false });
    registerStandardVocabulary(ajv);
    ajv.addSchema(doc, 'openapi');
    const created = await gw.app.request('/v1/subscriptions', {
      method: 'POST',
      headers: asSystem(keys.platform),
      body: JSON.stringify({ id: 'exact-pull', mode: 'pull' }),
    });
    expect(created.status).toBe(201);
  });
  const accepts = (pointer: string, value: unknown) => ajv.compile({ $ref: `openapi#${pointer}` })(value);
  const call = (path: string, key: string, body?: unknown) =>
    gw.app.request(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: asSystem(key),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('an empty or unknown subscription format', async () => {
    for (const format of ['', 'xml', 'adapter:']) {
      expect(accepts('/components/schemas/SubscriptionInput', { mode: 'pull', format }), format).toBe(false);
      expect((await call('/v1/subscriptions', keys.platform, { mode: 'pull', format })).status, format).toBe(422);
    }
    expect(accepts('/components/schemas/SubscriptionInput', { mode: 'pull', format: 'cloudevents-binary' })).toBe(true);
  });

  it('an empty replay cursor', async () => {
    const replay = '/paths/~1v1~1subscriptions~1{id}~1replay/post/requestBody/content/application~1json/schema';
    expect(accepts(replay, { cursor: '' })).toBe(false);
    expect((await call('/v1/subscriptions/exact-pull/replay', keys.platform, { cursor: '' })).status).toBeGreaterThanOrEqual(400);
  });

  it('a manifest entry without a record id', async () => {
    const entry = { recordId: '', version: 1, contentHash: 'a'.repeat(64) };
    expect(accepts('/components/schemas/ManifestEntry', entry)).toBe(false);
    expect((await call('/v1/reconciliation/fj-gpms/2026-03-01', keys.fujian, [entry])).status).toBe(400);
    expect(accepts('/components/schemas/ManifestEntry', { ...entry, recordId: 'FJ-1' })).toBe(true);
  });

  it('a reconciliation day in the years 0000–0099', async () => {
    expect(accepts('/components/parameters/ReconciliationDate/schema', '0099-12-31')).toBe(false);
    expect((await call('/v1/reconciliation/fj-gpms/0099-12-31', keys.fujian)).status).toBe(400);
    expect(accepts('/components/parameters/ReconciliationDate/schema', '0100-01-01')).toBe(true);
    expect((await call('/v1/reconciliation/fj-gpms/0100-01-01', keys.fujian)).status).toBe(200);
  });

  it('a dead-letter offset over a million', async () => {
    const offset = (doc.paths as Record<string, { get: { parameters: { name: string; schema: unknown }[] } }>)[
      '/v1/dead-letters'
    ]!.get.parameters.find((p) => p.name === 'offset')!.schema;
    expect(ajv.compile(offset as object)(1_000_001)).toBe(false);
    expect((await call('/v1/dead-letters?offset=1000001', keys.platform)).status).toBe(400);
    expect((await call('/v1/dead-letters?offset=1000000', keys.platform)).status).toBe(200);
  });
});

describe('the standard’s schemas under a public URL', () => {
  let pub: TestGateway;
  beforeAll(async () => {
    pub = await startTestGateway({ env: { PXG_PUBLIC_URL: 'https://pxg.czt.fujian.gov.cn/' } });
  });
  afterAll(() => pub.close());

  it('are served with their $id at that URL, and named there by the envelopes of accepted records', async () => {
    const schema = await json(await pub.app.request('/schemas/v1/transaction.schema.json'));
    expect(schema.$id).toBe('https://pxg.czt.fujian.gov.cn/schemas/v1/transaction.schema.json');
    const pushed = await pub.app.request('/v1/records', {
      method: 'POST',
      headers: asSystem(keys.fujian),
      body: JSON.stringify(headerRecord({ regionCode: '350203' })),
    });
    expect(pushed.status).toBe(201);
    const { events } = await pub.services.log.read(null, 10);
    expect(events.map((e) => e.envelope.dataschema)).toEqual(['https://pxg.czt.fujian.gov.cn/schemas/v1/notice.schema.json']);
  });

  it('is named as the server of the served contract', async () => {
    const doc = await json(await pub.app.request('/openapi.json'));
    expect(doc.servers).toEqual([{ url: 'https://pxg.czt.fujian.gov.cn/' }]);
  });
});

/** The value a local JSON pointer (`#/a/b`) names in a document, or undefined. */
function resolvePointer(doc: unknown, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .map((part) => decodeURIComponent(part).replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), doc);
}

describe('docs/errors.md', () => {
  const page = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  it('documents every error code with its status', () => {
    for (const [code, spec] of Object.entries(errorCatalogue))
      expect(page, code).toMatch(new RegExp(`\\| \`${code}\` \\| ${spec.status} \\|`));
  });
  it('documents no code outside the catalogue', () => {
    const documented = [...page.matchAll(/^\| `([a-z_.-]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(errorCatalogue).sort());
  });
});
