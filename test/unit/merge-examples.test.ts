import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../gateway/merge/index.ts';

const examples = new URL('../../schemas/ocds/examples/', import.meta.url);
const read = (path: string) => JSON.parse(readFileSync(new URL(path, examples), 'utf8'));
const schema = JSON.parse(readFileSync(new URL('../../schemas/ocds/1.1/release-schema.json', import.meta.url), 'utf8'));

function compileAll(packages: string[]) {
  const releases = packages.flatMap((p) => read(p).releases);
  const result = compile(releases, { schema, versioned: true });
  if (!result.ok) throw new Error(result.error.code);
  return result;
}

describe('published OCDS examples', () => {
  it('compiles the merging-updates releases into the published compiled and versioned releases', () => {
    // Given out of date order on purpose: the engine sorts by date.
    const result = compileAll(['award2', 'tender3', 'tender1', 'award1', 'tender2'].map((n) => `merging-updates/${n}.json`));
    expect(result.compiledRelease).toEqual(read('merging-updates/merged.json').records[0].compiledRelease);
    expect(result.versionedRelease).toEqual(read('merging-updates/versioned.json').records[0].versionedRelease);
  });

  it('compiles the six fictional-1.1 releases into the published record', () => {
    const names = ['01-planning', '02-tender', '03-tenderAmendment', '04-award', '05-contract', '06-implementation'];
    const result = compileAll(names.map((n) => `fictional-1.1/ocds-213czf-000-00001-${n}.json`));
    const record = read('fictional-1.1/record/ocds-213czf-000-00001.json').records[0];
    const withVersions = read('fictional-1.1/record/ocds-213czf-000-00001-withversions.json').records[0];
    expect(result.compiledRelease).toEqual(record.compiledRelease);
    expect(result.compiledRelease).toEqual(withVersions.compiledRelease);
    expect(result.versionedRelease).toEqual(withVersions.versionedRelease);
  });

  it('gives the same record from the fictional release package as from the six single-release packages', () => {
    const fromPackage = compile(read('fictional-1.1/ocds-213czf-000-00001.json').releases, { schema, versioned: true });
    const names = ['01-planning', '02-tender', '03-tenderAmendment', '04-award', '05-contract', '06-implementation'];
    expect(fromPackage).toEqual(compileAll(names.map((n) => `fictional-1.1/ocds-213czf-000-00001-${n}.json`)));
  });
});
