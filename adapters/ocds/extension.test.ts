/**
 * The project's OCDS extension (schemas/ocds/extension) against what the gateway emits: every field the
 * mapping produces beyond OCDS 1.1 core is declared by the extension, and every package of every example
 * record validates against the OCDS 1.1 package schemas with the extension's patch applied.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  extendedReleaseSchema,
  OCDS_EXTENSION_DIR,
  validateOcdsRecordPackage,
  validateOcdsReleasePackage,
} from '../../gateway/standard/index.ts';
import { noticeToRelease, type OutboundResult, ocdsReleaseSchema, type StandardRecord } from '../sdk.ts';
import { extensionUrlOf, ocdsAdapter } from './index.ts';

const examplesDir = new URL('../../schemas/v1/examples/valid/', import.meta.url);
const notices = readdirSync(examplesDir)
  .filter((f) => f.startsWith('notice-'))
  .map((f) => JSON.parse(readFileSync(new URL(f, examplesDir), 'utf8')) as StandardRecord);
const fixtureDir = new URL('./fixtures/standard/', import.meta.url);
const fixtures = readdirSync(fixtureDir).map((f) => JSON.parse(readFileSync(new URL(f, fixtureDir), 'utf8')) as StandardRecord[]);
const [releaseConfig, recordConfig] = ocdsAdapter.manifest.configExamples;

function body(result: OutboundResult): Record<string, unknown> {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return JSON.parse(String(result.body));
}

type Node = Record<string, unknown>;

/**
 * Field paths (`/tender/lots[]/id`) of `value` that `schema` does not list. Objects the schema leaves open are
 * not entered: core's open `parties[].details` gets its fields from the extension, so they are checked.
 */
function undeclared(value: unknown, node: Node | undefined, root: Node, path: string, out: Set<string>): void {
  let schema = node;
  while (schema && typeof schema.$ref === 'string') {
    schema = (schema.$ref as string)
      .slice(2)
      .split('/')
      .reduce<Node | undefined>((n, k) => n?.[k] as Node | undefined, root);
  }
  if (Array.isArray(value)) {
    for (const item of value) undeclared(item, schema?.items as Node | undefined, root, `${path}[]`, out);
  } else if (typeof value === 'object' && value !== null && schema?.properties) {
    const properties = schema.properties as Node;
    for (const [key, child] of Object.entries(value)) {
      if (Object.hasOwn(properties, key)) undeclared(child, properties[key] as Node, root, `${path}/${key}`, out);
      else out.add(`${path}/${key}`);
    }
  }
}

const releases = [...notices.map((n) => noticeToRelease(n)), ...fixtures.flatMap((records) => records.map((n) => noticeToRelease(n)))];

describe('the OCDS extension for Chinese government procurement', () => {
  it('is needed: the mapping emits fields OCDS 1.1 core does not have', () => {
    const core = ocdsReleaseSchema() as Node;
    const found = new Set<string>();
    for (const release of releases) undeclared(release, core, core, '', found);
    expect([...found]).toEqual(expect.arrayContaining(['/cnNotice', '/tender/lots', '/parties[]/address/regionCode']));
  });

  it('declares every field the mapping emits beyond OCDS 1.1 core', () => {
    const extended = extendedReleaseSchema() as Node;
    const found = new Set<string>();
    for (const release of releases) undeclared(release, extended, extended, '', found);
    expect([...found]).toEqual([]);
  });

  it('lists its codelists and schema files, and each file exists with a Code column', () => {
    const extension = JSON.parse(readFileSync(`${OCDS_EXTENSION_DIR}extension.json`, 'utf8'));
    expect(extension).toMatchObject({ compatibility: ['1.1'], schemas: ['release-schema.json'] });
    expect(extension.name.en).toBeTruthy();
    expect(extension.description.zh).toBeTruthy();
    const files = readdirSync(`${OCDS_EXTENSION_DIR}codelists`).sort();
    expect(files).toEqual([...extension.codelists].sort());
    const patch = readFileSync(`${OCDS_EXTENSION_DIR}release-schema.json`, 'utf8');
    for (const file of files) {
      expect(readFileSync(`${OCDS_EXTENSION_DIR}codelists/${file}`, 'utf8').split('\n')[0]).toBe('Code,Title,Description');
      expect(patch, `${file} is used by a field`).toContain(`"codelist": "${file}"`);
    }
  });

  it('closes each of its codelists with an enum of exactly the codes of the CSV', () => {
    const fields: Node[] = [];
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (typeof node === 'object' && node !== null) {
        if (typeof (node as Node).codelist === 'string' && (node as Node).openCodelist === false) fields.push(node as Node);
        Object.values(node).forEach(visit);
      }
    };
    visit(JSON.parse(readFileSync(`${OCDS_EXTENSION_DIR}release-schema.json`, 'utf8')));
    const own = fields.filter((f) => readdirSync(`${OCDS_EXTENSION_DIR}codelists`).includes(String(f.codelist)));
    expect(own.length).toBeGreaterThanOrEqual(4);
    for (const field of own) {
      const csv = readFileSync(`${OCDS_EXTENSION_DIR}codelists/${String(field.codelist)}`, 'utf8')
        .trim()
        .split('\n')
        .slice(1);
      expect(field.enum, String(field.codelist)).toEqual(csv.map((line) => line.split(',')[0]));
    }
  });

  it('is declared in every package, under the configured public URL', () => {
    const pkg = body(ocdsAdapter.outbound!([notices[0]!], { systemId: 'ocds-hub', config: releaseConfig! }));
    expect(pkg.extensions).toEqual(['https://procurement-exchange.example/public/ocds/extension/extension.json']);
    expect(extensionUrlOf({ uriBase: 'https://x.example/ocds/', extensionUrl: 'https://cdn.example/ext/extension.json' })).toBe(
      'https://cdn.example/ext/extension.json',
    );
  });
});

describe('every OCDS package the gateway emits validates against OCDS 1.1 with the extension', () => {
  const ctx = (config: Record<string, unknown>) => ({ systemId: 'ocds-hub', config });
  const batches: [string, StandardRecord[]][] = [
    ...notices.map((n): [string, StandardRecord[]] => [n.id, [n]]),
    ['all examples', notices],
    ...fixtures.map((records): [string, StandardRecord[]] => [String(records[0]!.ocid), records]),
  ];

  it('release packages', () => {
    for (const [name, records] of batches) {
      const pkg = body(ocdsAdapter.outbound!(records, ctx(releaseConfig!)));
      expect(pkg.extensions, name).toHaveLength(1);
      expect(validateOcdsReleasePackage(pkg, { extension: true }), name).toEqual([]);
    }
  });

  it('record packages, compiled and versioned', () => {
    for (const [name, records] of batches) {
      for (const versioned of [false, true]) {
        const pkg = body(ocdsAdapter.outbound!(records, ctx({ ...recordConfig!, versioned })));
        const withVersions = (pkg.records as Node[]).every((r) => (versioned ? 'versionedRelease' in r : !('versionedRelease' in r)));
        expect(withVersions, name).toBe(true);
        expect(validateOcdsRecordPackage(pkg, { extension: true }), `${name} versioned=${versioned}`).toEqual([]);
      }
    }
  });
});
