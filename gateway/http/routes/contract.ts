/**
 * The API contract: GET /openapi.json (contracts/openapi.yaml, served as JSON) and GET /docs, a
 * self-contained HTML page that renders it (no scripts or styles from elsewhere).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Services } from '../../services.ts';
import type { Route } from '../context.ts';

const CONTRACT_FILE = fileURLToPath(new URL('../../../contracts/openapi.yaml', import.meta.url));
const SCHEMA_REF = /^\.\.\/schemas\/v1\/([a-z0-9-]+)\.schema\.json(#.*)?$/;

/**
 * The OpenAPI document of the gateway, read once. The contract refers to the standard's JSON
 * Schemas by relative file; served, they are bundled under components.schemas (each keeps its `$id`).
 */
export const loadContract = (() => {
  let doc: Record<string, unknown> | null = null;
  return (): Record<string, unknown> => {
    doc ??= bundle(parse(readFileSync(CONTRACT_FILE, 'utf8')) as Record<string, unknown>);
    return doc;
  };
})();

function bundle(doc: Record<string, unknown>): Record<string, unknown> {
  const bundled: Record<string, unknown> = {};
  const load = (name: string) => {
    if (bundled[`v1-${name}`]) return;
    const schema = JSON.parse(readFileSync(new URL(`../../../schemas/v1/${name}.schema.json`, import.meta.url), 'utf8')) as unknown;
    bundled[`v1-${name}`] = schema;
    // Schemas refer to each other relative to their `$id` (e.g. `common.schema.json#/$defs/Value`):
    // embedding the referenced ones with their `$id` keeps those references resolvable.
    for (const ref of JSON.stringify(schema).matchAll(/"\$ref":"([a-z0-9-]+)\.schema\.json/g)) load(ref[1]!);
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const obj = node as Record<string, unknown>;
    const match = typeof obj['$ref'] === 'string' ? SCHEMA_REF.exec(obj['$ref']) : null;
    if (match) {
      load(match[1]!);
      obj['$ref'] = `#/components/schemas/v1-${match[1]}${match[2] ? match[2].slice(1) : ''}`;
    }
    for (const child of Object.values(obj)) visit(child);
  };
  visit(doc);
  const components = (doc['components'] ?? {}) as Record<string, Record<string, unknown>>;
  components['schemas'] = { ...components['schemas'], ...bundled };
  doc['components'] = components;
  return doc;
}

/** The contract routes. */
export function contractRoutes(services: Services): Route[] {
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
          const publicUrl = services.config.http.publicUrl;
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
      handlers: [(c) => c.html(DOCS_PAGE)],
    },
  ];
}

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Procurement Exchange API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code,pre{font:13px ui-monospace,monospace;background:#f5f5f5}pre{padding:.5rem;overflow:auto}
details{border:1px solid #ddd;border-radius:4px;margin:.5rem 0;padding:.25rem .75rem}
summary{cursor:pointer}.m{display:inline-block;width:4.5rem;font-weight:bold}
.GET{color:#06c}.POST{color:#080}.PUT,.PATCH{color:#a60}.DELETE{color:#c00}
</style></head><body>
<h1 id="title">Procurement Exchange API</h1><p id="desc"></p>
<p>Machine-readable contract: <a href="/openapi.json">/openapi.json</a></p><div id="ops"></div>
<script>
fetch('/openapi.json').then(r=>r.json()).then(doc=>{
  document.getElementById('title').textContent=doc.info.title+' '+doc.info.version;
  document.getElementById('desc').textContent=doc.info.description||'';
  const ops=document.getElementById('ops');
  for(const [path,item] of Object.entries(doc.paths||{})){
    for(const [method,op] of Object.entries(item)){
      if(typeof op!=='object'||!op.responses)continue;
      const d=document.createElement('details');const s=document.createElement('summary');
      const m=document.createElement('span');m.className='m '+method.toUpperCase();m.textContent=method.toUpperCase();
      s.append(m,document.createTextNode(path+' \\u2014 '+(op.summary||'')));d.append(s);
      if(op.description){const p=document.createElement('p');p.textContent=op.description;d.append(p);}
      const ul=document.createElement('ul');
      for(const [status,res] of Object.entries(op.responses)){const li=document.createElement('li');li.textContent=status+': '+((res&&res.description)||'');ul.append(li);}
      d.append(ul);ops.append(d);
    }
  }
});
</script></body></html>`;
