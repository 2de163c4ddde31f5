import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codelistNames, rules } from '../../gateway/standard/index.ts';
import { readSchema, SCHEMA_FILES } from '../../gateway/standard/schemas.ts';
import { DOCS_PATH, renderSchemaDocs } from '../../scripts/gen-schema-docs.ts';

describe('generated field reference (schemas/README.md)', () => {
  it('is current: regenerate with `npm run docs:schemas` when this fails', () => {
    expect(readFileSync(DOCS_PATH, 'utf8')).toBe(renderSchemaDocs());
  });

  it('documents every schema, codelist and rule', () => {
    const docs = renderSchemaDocs();
    for (const file of SCHEMA_FILES) expect(docs).toContain(`## ${file}`);
    for (const name of codelistNames()) expect(docs).toContain(`### Codelist ${name}`);
    for (const rule of rules) expect(docs).toContain(`| ${rule.id} |`);
  });
});

/** Every property schema, with its path, of a schema file. */
function* properties(node: unknown, path: string): Generator<[string, Record<string, unknown>]> {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const [i, n] of node.entries()) yield* properties(n, `${path}/${i}`);
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && !path.includes('/if')) {
      for (const [name, prop] of Object.entries(value as Record<string, unknown>)) {
        yield [`${path}/properties/${name}`, prop as Record<string, unknown>];
        yield* properties(prop, `${path}/properties/${name}`);
      }
    } else if (key !== 'if') yield* properties(value, `${path}/${key}`);
  }
}

describe('schema annotations', () => {
  it('give every property a title and description in Chinese and English', () => {
    const missing: string[] = [];
    for (const file of SCHEMA_FILES) {
      for (const [path, prop] of properties(readSchema(file), file)) {
        // Conditional branches (then/else) only tighten properties already documented.
        if (/\/(then|else)\//.test(path)) continue;
        for (const key of ['title', 'x-title-zh', 'description', 'x-description-zh']) if (!prop[key]) missing.push(`${path} ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('give every schema an $id under the v1 base', () => {
    for (const file of SCHEMA_FILES) expect(readSchema(file).$id).toBe(`https://procurement-exchange.example/schemas/v1/${file}`);
  });
});

describe('codelists and schemas', () => {
  it('keep every enum tagged with a codelist equal to that codelist', async () => {
    const { loadCodelist } = await import('../../gateway/standard/index.ts');
    const checked: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const s = node as Record<string, unknown>;
      if (typeof s['x-codelist'] === 'string') {
        expect(s.enum, path).toEqual(loadCodelist(s['x-codelist']).codes.map((c) => c.code));
        checked.push(s['x-codelist']);
      }
      for (const [k, v] of Object.entries(s)) walk(v, `${path}/${k}`);
    };
    for (const file of SCHEMA_FILES) walk(readSchema(file), file);
    expect(new Set(checked)).toEqual(new Set(codelistNames()));
  });
});
