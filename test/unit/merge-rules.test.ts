import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeRulesFrom } from '../../gateway/merge/rules.ts';

const releaseSchema = JSON.parse(readFileSync(new URL('../../schemas/ocds/1.1/release-schema.json', import.meta.url), 'utf8'));

describe('merge rules read from the OCDS 1.1 release schema', () => {
  const rules = mergeRulesFrom(releaseSchema);

  it('omits the release metadata id, date and tag', () => {
    for (const field of ['id', 'date', 'tag']) expect([...rules.at([field])]).toEqual(['omitWhenMerged']);
    expect(rules.at(['ocid']).size).toBe(0);
  });

  it('replaces whole the lists the schema marks wholeListMerge, through $ref definitions', () => {
    expect(rules.at(['parties', 'additionalIdentifiers']).has('wholeListMerge')).toBe(true);
    expect(rules.at(['tender', 'items', 'additionalClassifications']).has('wholeListMerge')).toBe(true);
    expect(rules.at(['awards', 'items', 'additionalClassifications']).has('wholeListMerge')).toBe(true);
  });

  it('replaces whole the lists of strings and merges lists of objects with an id by id', () => {
    expect(rules.at(['tender', 'submissionMethod']).has('wholeListMerge')).toBe(true);
    expect(rules.at(['parties', 'roles']).has('wholeListMerge')).toBe(true);
    expect(rules.at(['awards']).size).toBe(0);
    expect(rules.at(['contracts', 'implementation', 'transactions']).size).toBe(0);
  });

  it('marks the id fields that are versioned values', () => {
    expect(rules.at(['tender', 'id']).has('versionId')).toBe(true);
    expect(rules.at(['parties', 'identifier', 'id']).has('versionId')).toBe(true);
    expect(rules.at(['tender', 'items', 'unit', 'id']).has('versionId')).toBe(true);
    expect(rules.at(['awards', 'id']).has('versionId')).toBe(false);
  });

  it('takes its rules from whatever schema it is given, not from a built-in list', () => {
    const custom = mergeRulesFrom({
      properties: {
        stamp: { type: 'string', omitWhenMerged: true },
        awards: { type: 'array', wholeListMerge: true, items: { $ref: '#/definitions/Award' } },
        lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } },
      },
      definitions: { Award: { type: 'object', properties: { id: { type: 'string' } } } },
    });
    expect(custom.at(['stamp']).has('omitWhenMerged')).toBe(true);
    expect(custom.at(['awards']).has('wholeListMerge')).toBe(true);
    // Objects without an id cannot be matched across releases.
    expect(custom.at(['lines']).has('wholeListMerge')).toBe(true);
    expect(custom.at(['id']).size).toBe(0);
  });
});
