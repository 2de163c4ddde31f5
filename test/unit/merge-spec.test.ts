/**
 * The rules of the OCDS 1.1 merging specification (https://standard.open-contracting.org/1.1/en/schema/merging/)
 * and the behaviour of its reference implementation (ocds-merge / ocdskit), each checked on the compiled
 * and on the versioned release.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, mergeRulesFrom } from '../../gateway/merge/index.ts';

const schema = JSON.parse(readFileSync(new URL('../../schemas/ocds/1.1/release-schema.json', import.meta.url), 'utf8'));
const ocid = 'ocds-213czf-S1';
const first = { ocid, id: 'r1', date: '2026-01-01T00:00:00Z', tag: ['tender'] };
const second = { ocid, id: 'r2', date: '2026-01-02T00:00:00Z', tag: ['tenderUpdate'] };
const meta1 = { releaseID: 'r1', releaseDate: first.date, releaseTag: first.tag };
const meta2 = { releaseID: 'r2', releaseDate: second.date, releaseTag: second.tag };

function merged(...bodies: Record<string, unknown>[]) {
  const releases = bodies.map((body, i) => ({ ...(i === 0 ? first : second), ...body }));
  const result = compile(releases, { schema, versioned: true });
  if (!result.ok) throw new Error(result.error.code);
  const { tag: _t, id: _i, date: _d, ocid: _o, ...compiled } = result.compiledRelease;
  const { ocid: _v, ...versioned } = result.versionedRelease!;
  return { compiled, versioned };
}

describe('OCDS merging: empty objects and arrays', () => {
  it('drops an empty object nested in another: {"planning": {"budget": {}}} leaves no planning', () => {
    expect(merged({ planning: { budget: {} } })).toEqual({ compiled: {}, versioned: {} });
  });

  it('drops an empty identifier-merged array nested in an object: {"tender": {"items": []}} leaves no tender', () => {
    expect(merged({ tender: { items: [] } })).toEqual({ compiled: {}, versioned: {} });
  });

  it('drops an array holding only empty objects: {"awards": [{}]} leaves no awards', () => {
    expect(merged({ awards: [{}] })).toEqual({ compiled: {}, versioned: {} });
  });

  it('drops empty containers at any depth while keeping their siblings', () => {
    const { compiled } = merged({ tender: { items: [{}, { id: 'i1', unit: {} }], value: {}, title: 'T' } });
    expect(compiled).toEqual({ tender: { items: [{ id: 'i1' }], title: 'T' } });
  });

  it('changes nothing when a later release holds an empty object where an earlier one had values', () => {
    const { compiled, versioned } = merged({ planning: { rationale: 'why' } }, { planning: { budget: {} } });
    expect(compiled).toEqual({ planning: { rationale: 'why' } });
    expect(versioned).toEqual({ planning: { rationale: [{ ...meta1, value: 'why' }] } });
  });

  it('replaces a whole-list-merge array by an empty one', () => {
    const { compiled, versioned } = merged(
      { tender: { submissionMethod: ['electronicSubmission'] } },
      { tender: { submissionMethod: [] } },
    );
    expect(compiled).toEqual({ tender: { submissionMethod: [] } });
    expect(versioned).toEqual({
      tender: {
        submissionMethod: [
          { ...meta1, value: ['electronicSubmission'] },
          { ...meta2, value: [] },
        ],
      },
    });
  });
});

describe('OCDS merging: null', () => {
  it('keeps the parent of a field that is explicitly null, and records the null in the versioned release', () => {
    const { compiled, versioned } = merged({ tender: { title: null } });
    expect(compiled).toEqual({ tender: {} });
    expect(versioned).toEqual({ tender: { title: [{ ...meta1, value: null }] } });
  });

  it('clears a field a later release sets to null', () => {
    const { compiled, versioned } = merged({ tender: { title: 'A', description: 'd' } }, { tender: { description: null } });
    expect(compiled).toEqual({ tender: { title: 'A' } });
    expect(versioned.tender).toEqual({
      title: [{ ...meta1, value: 'A' }],
      description: [
        { ...meta1, value: 'd' },
        { ...meta2, value: null },
      ],
    });
  });
});

describe('OCDS merging: arrays', () => {
  it('merges objects of an array by id, appending new ids, in compiled and versioned', () => {
    const { compiled, versioned } = merged(
      { awards: [{ id: 'a1', status: 'pending' }] },
      {
        awards: [
          { id: 'a2', status: 'active' },
          { id: 'a1', status: 'active' },
        ],
      },
    );
    expect(compiled).toEqual({
      awards: [
        { id: 'a1', status: 'active' },
        { id: 'a2', status: 'active' },
      ],
    });
    expect(versioned).toEqual({
      awards: [
        {
          id: 'a1',
          status: [
            { ...meta1, value: 'pending' },
            { ...meta2, value: 'active' },
          ],
        },
        { id: 'a2', status: [{ ...meta2, value: 'active' }] },
      ],
    });
  });

  it('replaces a wholeListMerge array whole, in compiled and versioned', () => {
    const a = { scheme: 'CPV', id: '1' };
    const b = { scheme: 'CPV', id: '2' };
    const { compiled, versioned } = merged(
      { tender: { items: [{ id: 'i', additionalClassifications: [a, b] }] } },
      { tender: { items: [{ id: 'i', additionalClassifications: [b] }] } },
    );
    expect(compiled).toEqual({ tender: { items: [{ id: 'i', additionalClassifications: [b] }] } });
    expect(versioned).toEqual({
      tender: {
        items: [
          {
            id: 'i',
            additionalClassifications: [
              { ...meta1, value: [a, b] },
              { ...meta2, value: [b] },
            ],
          },
        ],
      },
    });
  });
});

describe('OCDS merging: objects the schema does not describe field by field', () => {
  it('reads them from the schema: Organization.details has no properties, so it is one versioned value', () => {
    const rules = mergeRulesFrom(schema);
    expect(rules.at(['parties', 'details']).has('wholeValue')).toBe(true);
    expect(rules.at(['parties', 'address']).has('wholeValue')).toBe(false);
    const custom = mergeRulesFrom({ properties: { extra: { type: 'object' }, known: { type: 'object', properties: {} } } });
    expect(custom.at(['extra']).has('wholeValue')).toBe(true);
    expect(custom.at(['known']).has('wholeValue')).toBe(false);
  });

  it('merges details field by field in the compiled release and versions the compiled details as one value', () => {
    const { compiled, versioned } = merged(
      { parties: [{ id: 'p', details: { scale: 'large', listed: true } }] },
      { parties: [{ id: 'p', details: { scale: 'sme' } }] },
    );
    expect(compiled).toEqual({ parties: [{ id: 'p', details: { scale: 'sme', listed: true } }] });
    expect(versioned).toEqual({
      parties: [
        {
          id: 'p',
          details: [
            { ...meta1, value: { scale: 'large', listed: true } },
            { ...meta2, value: { scale: 'sme', listed: true } },
          ],
        },
      ],
    });
  });

  it('appends no version when details repeat, and a null when details are cleared', () => {
    const { versioned } = merged(
      { parties: [{ id: 'p', details: { scale: 'sme' } }] },
      { parties: [{ id: 'p', details: { scale: 'sme' } }] },
    );
    expect(versioned).toEqual({ parties: [{ id: 'p', details: [{ ...meta1, value: { scale: 'sme' } }] }] });
    const cleared = merged({ parties: [{ id: 'p', details: { scale: 'sme' } }] }, { parties: [{ id: 'p', details: null }] });
    expect(cleared.compiled).toEqual({ parties: [{ id: 'p' }] });
    expect(cleared.versioned).toEqual({
      parties: [
        {
          id: 'p',
          details: [
            { ...meta1, value: { scale: 'sme' } },
            { ...meta2, value: null },
          ],
        },
      ],
    });
  });
});
