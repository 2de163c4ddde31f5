/**
 * The API contract: GET /openapi.json (contracts/openapi.yaml bundled into one self-contained
 * document), GET /docs (an API reference rendered by Scalar's standalone bundle, served from the
 * package under /docs/assets, nothing from elsewhere) and GET /schemas/v1/{file} (the standard's
 * JSON Schemas at the URL every envelope's `dataschema` names).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { SCHEMA_PATH } from '../../core/index.ts';
import type { Services } from '../../services.ts';
import type { Route } from '../context.ts';
import { ApiError } from '../errors.ts';

const CONTRACT_FILE = fileURLToPath(new URL('../../../contracts/openapi.yaml', import.meta.url));
const PACKAGE_FILE = fileURLToPath(new URL('../../../package.json', import.meta.url));
const SCHEMA_DIR = new URL('../../../schemas/v1/', import.meta.url);
/** The schema files the gateway serves, as the contract's `file` enum lists them. */
const SCHEMA_FILES = ['common.schema.json', 'notice.schema.json', 'transaction.schema.json', 'envelope.schema.json'];
const FILE_REF = /^\.\.\/schemas\/v1\/([a-z0-9-]+)\.schema\.json(?:#(.*))?$/;
const SIBLING_REF = /^([a-z0-9-]+)\.schema\.json(?:#(.*))?$/;

/** The local pointer of a standard schema (or a part of it) once bundled under components.schemas. */
function bundledRef(name: string, fragment: string | undefined): string {
  return `#/components/schemas/v1-${name}${fragment ?? ''}`;
}

/** Rewrites every `$ref` under `node` with `rewrite` (which returns null to keep one). */
function rewriteRefs(node: unknown, rewrite: (ref: string) => string | null): void {
  if (Array.isArray(node)) {
    for (const child of node) rewriteRefs(child, rewrite);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const obj = node as Record<string, unknown>;
  if (typeof obj.$ref === 'string') obj.$ref = rewrite(obj.$ref) ?? obj.$ref;
  for (const child of Object.values(obj)) rewriteRefs(child, rewrite);
}

/**
 * The contract as one document: the standard's schemas are embedded under components.schemas
 * (`v1-<name>`) without their `$id`, and every reference, theirs included, is a local JSON pointer,
 * so any OpenAPI tool resolves it without fetching files. The version is the package's.
 */
export function bundleContract(): Record<string, unknown> {
  const doc = parse(readFileSync(CONTRACT_FILE, 'utf8')) as Record<string, unknown>;
  const bundled: Record<string, unknown> = {};
  const load = (name: string) => {
    if (bundled[`v1-${name}`]) return;
    const { $id: _id, $schema: _dialect, ...schema } = readStandardSchema(`${name}.schema.json`);
    bundled[`v1-${name}`] = schema;
    rewriteRefs(schema, (ref) => {
      if (ref.startsWith('#')) return bundledRef(name, ref.slice(1));
      const sibling = SIBLING_REF.exec(ref);
      if (!sibling) return null;
      load(sibling[1]!);
      return bundledRef(sibling[1]!, sibling[2]);
    });
  };
  rewriteRefs(doc, (ref) => {
    const match = FILE_REF.exec(ref);
    if (!match) return null;
    load(match[1]!);
    return bundledRef(match[1]!, match[2]);
  });
  const components = (doc.components ?? {}) as Record<string, Record<string, unknown>>;
  components.schemas = { ...components.schemas, ...bundled };
  doc.components = components;
  doc.info = { ...(doc.info as Record<string, unknown>), version: packageVersion() };
  return doc;
}

/** The package's version (package.json), which the contract states as its own. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(PACKAGE_FILE, 'utf8')) as { version: string }).version;
}

/** One schema file of the standard, as stored (with its `$id` on the reserved naming domain). */
function readStandardSchema(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(file, SCHEMA_DIR), 'utf8')) as Record<string, unknown>;
}

/** The bundled contract, built once. */
export const loadContract = (() => {
  let doc: Record<string, unknown> | null = null;
  return (): Record<string, unknown> => {
    doc ??= bundleContract();
    return doc;
  };
})();

/**
 * A standard schema as served: with a public URL its `$id` is where it is served, so its relative
 * references (`common.schema.json#/$defs/Id`) resolve to the sibling served files.
 */
function servedSchema(file: string, publicUrl: string | undefined): string {
  const schema = readStandardSchema(file);
  if (publicUrl) schema.$id = `${publicUrl.replace(/\/+$/, '')}${SCHEMA_PATH}${file}`;
  return JSON.stringify(schema);
}

/** The renderer's standalone browser bundle (@scalar/api-reference), read once when first asked. */
const rendererScript = (() => {
  let script: Buffer | null = null;
  return (): Buffer => {
    // The package exports no path to its browser bundle; it sits beside the entry point, in dist/browser.
    const entry = createRequire(import.meta.url).resolve('@scalar/api-reference');
    script ??= readFileSync(join(dirname(entry), 'browser', 'standalone.js'));
    return script;
  };
})();

/** The contract routes. */
export function contractRoutes(services: Services): Route[] {
  const publicUrl = services.config.http.publicUrl;
  const schemas = new Map(SCHEMA_FILES.map((file) => [file, servedSchema(file, publicUrl)]));
  return [
    {
      method: 'GET',
      path: '/openapi.json',
      success: [200],
      errors: [],
      access: { roles: ['public'], acts: 'nothing' },
      handlers: [
        (c) => {
          const doc = loadContract();
          return c.json(publicUrl ? { ...doc, servers: [{ url: publicUrl }] } : doc);
        },
      ],
    },
    {
      method: 'GET',
      path: '/docs',
      success: [200],
      errors: [],
      access: { roles: ['public'], acts: 'nothing' },
      handlers: [
        (c) => {
          c.header('content-security-policy', DOCS_SECURITY);
          return c.html(docsPage(packageVersion()));
        },
      ],
    },
    {
      method: 'GET',
      path: '/docs/assets/:file',
      success: [200],
      errors: ['not_found'],
      access: { roles: ['public'], acts: 'nothing' },
      handlers: [
        (c) => {
          if (c.req.param('file') !== 'api-reference.js') throw new ApiError('not_found');
          c.header('content-type', 'text/javascript; charset=utf-8');
          c.header('cache-control', 'public, max-age=86400');
          return c.body(new Uint8Array(rendererScript()));
        },
      ],
    },
    {
      method: 'GET',
      path: '/schemas/v1/:file',
      success: [200],
      errors: ['not_found'],
      access: { roles: ['public'], acts: 'nothing' },
      handlers: [
        (c) => {
          const schema = schemas.get(c.req.param('file') ?? '');
          if (schema === undefined) throw new ApiError('not_found');
          c.header('content-type', 'application/schema+json');
          c.header('cache-control', 'public, max-age=3600');
          return c.body(schema);
        },
      ],
    },
  ];
}

/** The page may run only its own scripts and fetch only from this origin. */
const DOCS_SECURITY =
  "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'";

/** The docs page: Scalar's API reference of /openapi.json, in Chinese and English as the contract is. */
function docsPage(version: string): string {
  const options = JSON.stringify({
    url: '/openapi.json',
    withDefaultFonts: false,
    telemetry: false,
    hideClientButton: true,
    agent: { disabled: true },
    metaData: { title: `Procurement Exchange API ${version} · 政府采购数据交换网关接口` },
  });
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>Procurement Exchange API ${version} · 政府采购数据交换网关接口</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
</head><body>
<noscript>The machine-readable contract is at <a href="/openapi.json">/openapi.json</a>. 机器可读契约见 /openapi.json。</noscript>
<div id="app"></div>
<script src="/docs/assets/api-reference.js"></script>
<script>Scalar.createApiReference('#app', ${options});</script>
</body></html>`;
}
