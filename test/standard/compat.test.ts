import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkCompatibility, compareSchemas } from '../../scripts/check-schema-compat.ts';

const SCHEMAS = new URL('../../schemas', import.meta.url).pathname;
const dirs: string[] = [];

/** A scratch copy of schemas/v1 (schemas and baseline) to break on purpose. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pxg-compat-'));
  dirs.push(dir);
  cpSync(`${SCHEMAS}/v1`, `${dir}/v1`, { recursive: true, filter: (src) => !src.includes('examples') });
  return dir;
}

// biome-ignore lint/suspicious/noExplicitAny: the tests edit arbitrary schema JSON.
function edit(path: string, change: (schema: Record<string, any>) => void): void {
  const schema = JSON.parse(readFileSync(path, 'utf8'));
  change(schema);
  writeFileSync(path, JSON.stringify(schema));
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('schema compatibility check (BACKWARD_TRANSITIVE)', () => {
  it('passes on the schemas as shipped', () => {
    expect(checkCompatibility(SCHEMAS)).toEqual([]);
  });

  it('accepts compatible changes: a new optional property, a new enum value, wider bounds, new wording', () => {
    const dir = scratch();
    edit(`${dir}/v1/notice.schema.json`, (s) => {
      s.properties.remarks = { type: 'string' };
      s.properties.noticeType.enum.push('planUpdate');
      s.properties.title.maxLength = 500;
      s.properties.title['x-title-zh'] = '标题';
    });
    expect(checkCompatibility(dir)).toEqual([]);
  });

  it('fails on a removed property, a narrowed type, a new required field and a removed enum value', () => {
    const dir = scratch();
    edit(`${dir}/v1/notice.schema.json`, (s) => {
      delete s.properties.url;
      s.properties.version.type = 'string';
      s.required.push('description');
      s.properties.operation.enum = ['create', 'update'];
    });
    edit(`${dir}/v1/common.schema.json`, (s) => {
      s.$defs.Money.maxDecimals = 0;
    });
    const changes = checkCompatibility(dir).map((c) => `${c.file}#${c.pointer}: ${c.change}`);
    expect(changes).toEqual(
      expect.arrayContaining([
        "notice.schema.json#/properties/url: property 'url' removed",
        'notice.schema.json#/properties/version: type narrowed from integer to string',
        "notice.schema.json#: new required property 'description'",
        'notice.schema.json#/properties/operation: enum value "withdraw" removed',
        'common.schema.json#/$defs/Money: maxDecimals lowered to 0',
      ]),
    );
    expect(changes).toHaveLength(5);
  });

  it('compares a new version with every earlier one, not only the previous', () => {
    const dir = scratch();
    cpSync(`${dir}/v1`, `${dir}/v2`, { recursive: true });
    rmSync(`${dir}/v2/.compat-baseline.json`);
    cpSync(`${dir}/v2`, `${dir}/v3`, { recursive: true });
    edit(`${dir}/v2/transaction.schema.json`, (s) => {
      s.properties.transactionType.enum.push('invoice');
    });
    edit(`${dir}/v3/transaction.schema.json`, (s) => {
      s.properties.transactionType.enum.push('invoice');
      s.properties.transactionType.enum = s.properties.transactionType.enum.filter((v: string) => v !== 'return');
    });
    const against = checkCompatibility(dir).map((c) => `${c.version}>${c.against}`);
    expect(against.sort()).toEqual(['v3>v1', 'v3>v2']);
  });

  it('treats a changed pattern or format as breaking and ignores annotations', () => {
    expect(compareSchemas({ type: 'string', pattern: 'a' }, { type: 'string', pattern: 'b' })).toHaveLength(1);
    expect(compareSchemas({ type: 'string' }, { type: 'string', format: 'uscc' })).toHaveLength(1);
    expect(compareSchemas({ type: 'string', title: 'A' }, { type: 'string', title: 'B', description: 'x' })).toEqual([]);
    expect(compareSchemas({ type: 'integer' }, { type: 'number' })).toEqual([]);
  });
});
