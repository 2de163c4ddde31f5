import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateOcdsRecordPackage, validateOcdsRelease, validateOcdsReleasePackage } from '../../gateway/standard/ocds-schema.ts';

const OCDS = new URL('../../schemas/ocds/', import.meta.url).pathname;
const read = (path: string) => JSON.parse(readFileSync(`${OCDS}${path}`, 'utf8'));
const releasePackages = readdirSync(`${OCDS}examples/fictional-1.1`).filter((f) => f.endsWith('.json'));

describe('OCDS 1.1 schema copy', () => {
  it('ships the schema, its codelists and both licences', () => {
    for (const f of [
      'release-schema.json',
      'release-package-schema.json',
      'record-package-schema.json',
      'versioned-release-validation-schema.json',
      'LICENSE-OCDS-standard.txt',
      'codelists/tenderStatus.csv',
    ]) {
      expect(existsSync(`${OCDS}1.1/${f}`), f).toBe(true);
    }
    expect(existsSync(`${OCDS}examples/LICENSE-sample-data.txt`)).toBe(true);
  });

  it.each(releasePackages)('accepts the official example %s', (file) => {
    expect(validateOcdsReleasePackage(read(`examples/fictional-1.1/${file}`))).toEqual([]);
  });

  it('accepts the official record packages, with and without versions', () => {
    for (const f of readdirSync(`${OCDS}examples/fictional-1.1/record`))
      expect(validateOcdsRecordPackage(read(`examples/fictional-1.1/record/${f}`)), f).toEqual([]);
  });

  it('reports a missing ocid, a closed-codelist violation and a bad date with pointers', () => {
    const pkg = read('examples/fictional-1.1/ocds-213czf-000-00001-04-award.json');
    delete pkg.releases[0].ocid;
    pkg.releases[0].awards[0].status = 'won';
    pkg.releases[0].date = '2026-03-02 09:00';
    const issues = validateOcdsReleasePackage(pkg).map((i) => `${i.pointer} ${i.keyword}`);
    expect(issues).toEqual(
      expect.arrayContaining(['/releases/0/ocid required', '/releases/0/awards/0/status enum', '/releases/0/date date-time']),
    );
  });

  it('validates a single release and never throws on odd input', () => {
    expect(validateOcdsRelease(read('examples/fictional-1.1/ocds-213czf-000-00001-04-award.json').releases[0])).toEqual([]);
    for (const odd of [null, 1, 'x', [], { releases: 'no' }]) expect(validateOcdsReleasePackage(odd).length).toBeGreaterThan(0);
  });
});
