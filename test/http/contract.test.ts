/**
 * The contract (contracts/openapi.yaml) and the app agree: every route the app serves is in the
 * contract and vice versa, with the same statuses; every error code is documented.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { errorCatalogue } from '../../gateway/core/problems.ts';
import { isPublic } from '../../gateway/http/policy.ts';
import { json, startTestGateway, type TestGateway } from '../support/gateway.ts';

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

  it('is served at /openapi.json with the standard’s schemas bundled (no external $ref left)', async () => {
    const res = await gw.app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = await json(res);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]*)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    // A reference is local, or relative to a bundled schema's $id (https://…/schemas/v1/<file>).
    const embedded = new Set(Object.values(doc.components.schemas as Record<string, { $id?: string }>).map((s) => s.$id?.split('/').pop()));
    expect(refs.filter((r) => !r.startsWith('#') && !embedded.has(r.split('#')[0]))).toEqual([]);
    expect(doc.components.schemas['v1-notice'].$id).toBe('https://procurement-exchange.example/schemas/v1/notice.schema.json');
    expect(embedded.has('common.schema.json')).toBe(true);
  });

  it('has a browsable docs page that needs nothing from elsewhere', async () => {
    const res = await gw.app.request('/docs');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});

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
