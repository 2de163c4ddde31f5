import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../gateway/merge/index.ts';

const schema = JSON.parse(readFileSync(new URL('../../schemas/ocds/1.1/release-schema.json', import.meta.url), 'utf8'));
const ocid = 'ocds-213czf-P1';

function release(id: string, date: string, body: Record<string, unknown>) {
  return { ocid, id, date, tag: ['tender'], ...body };
}

function compiled(releases: unknown[]) {
  const result = compile(releases, { schema });
  if (!result.ok) throw new Error(result.error.code);
  return result.compiledRelease;
}

describe('compiled release', () => {
  it('orders releases by date, comparing instants across offsets', () => {
    const later = release('r2', '2026-03-02T09:00:00+08:00', { tender: { title: 'later' } });
    const earlier = release('r1', '2026-03-02T00:30:00Z', { tender: { title: 'earlier' } });
    // 09:00+08:00 is 01:00Z, after 00:30Z, although it sorts first as text.
    expect(compiled([later, earlier]).tender).toEqual({ title: 'later' });
  });

  it('replaces release metadata with compiled metadata from the latest release', () => {
    const result = compiled([release('r1', '2026-01-01T00:00:00Z', {}), release('r2', '2026-02-01T00:00:00Z', {})]);
    expect(result).toEqual({ tag: ['compiled'], id: `${ocid}-2026-02-01T00:00:00Z`, date: '2026-02-01T00:00:00Z', ocid });
  });

  it('merges objects field by field and removes a field a later release sets to null', () => {
    const result = compiled([
      release('r1', '2026-01-01T00:00:00Z', { tender: { title: 'A', description: 'first', value: { amount: 10, currency: 'CNY' } } }),
      release('r2', '2026-01-02T00:00:00Z', { tender: { description: null, value: { amount: 20 } } }),
    ]);
    expect(result.tender).toEqual({ title: 'A', value: { amount: 20, currency: 'CNY' } });
  });

  it('removes a whole object set to null, and a later release starts it afresh', () => {
    const result = compiled([
      release('r1', '2026-01-01T00:00:00Z', { planning: { rationale: 'x', budget: { description: 'b' } } }),
      release('r2', '2026-01-02T00:00:00Z', { planning: null }),
      release('r3', '2026-01-03T00:00:00Z', { planning: { rationale: 'y' } }),
    ]);
    expect(result.planning).toEqual({ rationale: 'y' });
  });

  it('merges arrays of objects by id and appends objects with new ids', () => {
    const result = compiled([
      release('r1', '2026-01-01T00:00:00Z', { awards: [{ id: 'a1', status: 'pending', value: { amount: 5 } }] }),
      release('r2', '2026-01-02T00:00:00Z', {
        awards: [
          { id: 'a2', status: 'active' },
          { id: 'a1', status: 'active' },
        ],
      }),
    ]);
    expect(result.awards).toEqual([
      { id: 'a1', status: 'active', value: { amount: 5 } },
      { id: 'a2', status: 'active' },
    ]);
  });

  it('replaces arrays of strings and wholeListMerge arrays whole', () => {
    const result = compiled([
      release('r1', '2026-01-01T00:00:00Z', {
        tender: { submissionMethod: ['electronicSubmission', 'written'] },
        parties: [
          {
            id: 'p1',
            roles: ['buyer', 'payer'],
            additionalIdentifiers: [
              { scheme: 'A', id: '1' },
              { scheme: 'B', id: '2' },
            ],
          },
        ],
      }),
      release('r2', '2026-01-02T00:00:00Z', {
        tender: { submissionMethod: ['inPerson'] },
        parties: [{ id: 'p1', roles: ['buyer'], additionalIdentifiers: [{ scheme: 'C', id: '3' }] }],
      }),
    ]);
    expect(result.tender).toEqual({ submissionMethod: ['inPerson'] });
    expect(result.parties).toEqual([{ id: 'p1', roles: ['buyer'], additionalIdentifiers: [{ scheme: 'C', id: '3' }] }]);
  });

  it('changes nothing for an empty object or an empty array of objects', () => {
    const result = compiled([
      release('r1', '2026-01-01T00:00:00Z', { tender: { title: 'A' }, awards: [{ id: 'a1' }] }),
      release('r2', '2026-01-02T00:00:00Z', { tender: {}, awards: [] }),
    ]);
    expect(result.tender).toEqual({ title: 'A' });
    expect(result.awards).toEqual([{ id: 'a1' }]);
  });

  it('does not modify the input releases', () => {
    const input = [release('r1', '2026-01-01T00:00:00Z', { awards: [{ id: 'a1', value: { amount: 1 } }] })];
    const copy = structuredClone(input);
    const result = compiled(input);
    (result.awards as { value: { amount: number } }[])[0]!.value.amount = 99;
    expect(input).toEqual(copy);
  });

  it('refuses input it cannot merge, as error values', () => {
    const r1 = release('r1', '2026-01-01T00:00:00Z', {});
    expect(compile([], { schema })).toMatchObject({ ok: false, error: { code: 'merge.no-releases' } });
    expect(compile([r1, { ocid, id: 'r2' }], { schema })).toMatchObject({ ok: false, error: { code: 'merge.missing-date', index: 1 } });
    expect(compile([r1, { ...r1, ocid: 'ocds-other' }], { schema })).toMatchObject({ ok: false, error: { code: 'merge.mixed-ocid' } });
    expect(compile([r1, 'x'], { schema })).toMatchObject({ ok: false, error: { code: 'merge.not-a-release' } });
  });
});

describe('versioned release', () => {
  function versioned(releases: unknown[]) {
    const result = compile(releases, { schema, versioned: true });
    if (!result.ok || !result.versionedRelease) throw new Error('no versioned release');
    return result.versionedRelease;
  }
  const v = (id: string, date: string, value: unknown) => ({ releaseID: id, releaseDate: date, releaseTag: ['tender'], value });

  it('keeps a new versioned value only when a field changes', () => {
    const result = versioned([
      release('r1', '2026-01-01T00:00:00Z', { tender: { title: 'A', status: 'active' } }),
      release('r2', '2026-01-02T00:00:00Z', { tender: { title: 'A', status: 'complete' } }),
    ]);
    expect(result).toEqual({
      ocid,
      tender: {
        title: [v('r1', '2026-01-01T00:00:00Z', 'A')],
        status: [v('r1', '2026-01-01T00:00:00Z', 'active'), v('r2', '2026-01-02T00:00:00Z', 'complete')],
      },
    });
  });

  it('versions tender.id (versionId) but keeps the id of objects merged by identifier as-is', () => {
    const result = versioned([release('r1', '2026-01-01T00:00:00Z', { tender: { id: 't1' }, awards: [{ id: 'a1', status: 'active' }] })]);
    expect(result.tender).toEqual({ id: [v('r1', '2026-01-01T00:00:00Z', 't1')] });
    expect(result.awards).toEqual([{ id: 'a1', status: [v('r1', '2026-01-01T00:00:00Z', 'active')] }]);
  });

  it('records a null for every value under an object a later release removes', () => {
    const result = versioned([
      release('r1', '2026-01-01T00:00:00Z', { planning: { rationale: 'x', budget: { description: 'b' } } }),
      release('r2', '2026-01-02T00:00:00Z', { planning: null }),
    ]);
    expect(result.planning).toEqual({
      rationale: [v('r1', '2026-01-01T00:00:00Z', 'x'), v('r2', '2026-01-02T00:00:00Z', null)],
      budget: { description: [v('r1', '2026-01-01T00:00:00Z', 'b'), v('r2', '2026-01-02T00:00:00Z', null)] },
    });
  });

  it('versions whole lists as single values', () => {
    const result = versioned([
      release('r1', '2026-01-01T00:00:00Z', { tender: { submissionMethod: ['written'] } }),
      release('r2', '2026-01-02T00:00:00Z', { tender: { submissionMethod: ['written'] } }),
      release('r3', '2026-01-03T00:00:00Z', { tender: { submissionMethod: ['electronicSubmission'] } }),
    ]);
    expect(result.tender).toEqual({
      submissionMethod: [v('r1', '2026-01-01T00:00:00Z', ['written']), v('r3', '2026-01-03T00:00:00Z', ['electronicSubmission'])],
    });
  });
});

describe('hostile keys', () => {
  it('merges a __proto__ field as a plain field, never as a prototype', () => {
    const releases = JSON.parse('[{"ocid":"o","id":"r1","date":"2026-01-01T00:00:00Z","tender":{"__proto__":{"x":1}}}]');
    const result = compile(releases, { schema, versioned: true });
    if (!result.ok) throw new Error(result.error.code);
    const tender = result.compiledRelease.tender as object;
    expect(Object.getPrototypeOf(tender)).toBe(Object.prototype);
    expect(Object.hasOwn(tender, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(result.versionedRelease!.tender)).toBe(Object.prototype);
  });
});
