/**
 * The record-integrity rules over dates, supplier references and the ocid, pair by pair: each
 * pointer and each pair of dates that is compared.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createStandard, examplePath, type Issue, type Validation } from '../../../gateway/standard/index.ts';

const standard = createStandard();
const example = (name: string) => JSON.parse(readFileSync(examplePath(`valid/${name}.json`), 'utf8'));
const issuesOf = (r: Validation): Issue[] => (r.ok ? r.warnings : r.issues);
const pointersOf = (record: unknown, rule: string) =>
  issuesOf(standard.validate(record))
    .filter((i) => i.keyword === rule)
    .map((i) => i.pointer);

describe('dates in order (PX-R009)', () => {
  it('accepts the award and contract examples', () => {
    expect(pointersOf(example('notice-award'), 'PX-R009')).toEqual([]);
    expect(pointersOf(example('notice-contract'), 'PX-R009')).toEqual([]);
  });

  it('rejects an award evaluated after it was decided', () => {
    const award = example('notice-award');
    award.awards[1].evaluationDate = '2026-04-07T18:00:00+08:00';
    const result = standard.validate(award);
    expect(result.ok).toBe(false);
    expect(pointersOf(award, 'PX-R009')).toEqual(['/awards/1/date']);
    expect(issuesOf(result).find((i) => i.keyword === 'PX-R009')?.message.en).toBe(
      '/awards/1/date (2026-04-07T17:00:00+08:00) is before /awards/1/evaluationDate (2026-04-07T18:00:00+08:00)',
    );
  });

  it('rejects an award decided after the notice was published, comparing instants across offsets', () => {
    const award = example('notice-award');
    // 02:30 UTC on 8 April is 10:30 in Beijing: after the notice's 10:00+08:00.
    award.awards[0].date = '2026-04-08T02:30:00Z';
    expect(pointersOf(award, 'PX-R009')).toEqual(['/date']);
    award.awards[0].date = '2026-04-08T01:30:00Z';
    expect(pointersOf(award, 'PX-R009')).toEqual([]);
  });

  it('rejects a contract period that ends before it starts', () => {
    const contract = example('notice-contract');
    contract.contracts[0].period.endDate = '2026-04-19T23:59:59+08:00';
    expect(pointersOf(contract, 'PX-R009')).toEqual(['/contracts/0/period/endDate']);
  });

  it('rejects a bid opening before the bid deadline', () => {
    const tender = example('notice-tender');
    tender.tender.bidOpening.date = '2026-01-01T09:00:00+08:00';
    expect(pointersOf(tender, 'PX-R009')).toContain('/tender/bidOpening/date');
  });
});

describe('parties referenced by role (PX-R008)', () => {
  it('rejects a winner missing from parties, naming the supplier reference', () => {
    const award = example('notice-award');
    award.awards[1].suppliers[0].id = 'CN-USCC-91350200MA2Y3F4C2X';
    expect(pointersOf(award, 'PX-R008')).toEqual(['/awards/1/suppliers/0/id']);
  });

  it('rejects a winner listed in parties without the supplier role', () => {
    const award = example('notice-award');
    award.parties[3].roles = ['tenderer'];
    const result = standard.validate(award);
    expect(pointersOf(award, 'PX-R008')).toEqual(['/awards/1/suppliers/0/id']);
    expect(issuesOf(result).find((i) => i.keyword === 'PX-R008')?.message.en).toContain('lacks the role supplier');
  });
});

describe('ocid from the project number (PX-R012)', () => {
  it.each([
    ['another project number', (n: { project: { id: string } }) => (n.project.id = 'FJGL-2026-GK-0013')],
    ['a longer project number', (n: { project: { id: string } }) => (n.project.id = 'X-FJGL-2026-GK-0012')],
    ['a shorter project number', (n: { project: { id: string } }) => (n.project.id = 'GK-0012')],
  ])('rejects an ocid that does not end in %s', (_, change) => {
    const tender = example('notice-tender');
    change(tender);
    const result = standard.validate(tender);
    expect(result.ok).toBe(false);
    const issue = issuesOf(result).find((i) => i.keyword === 'PX-R012');
    expect(issue?.message.en).toBe(
      `ocid '${tender.ocid}' does not match project number '${tender.project.id}': expected 'ocds-px0001-${tender.project.id}'`,
    );
  });

  it('accepts the ocid made of the prefix and the project number', () => {
    expect(pointersOf(example('notice-tender'), 'PX-R012')).toEqual([]);
  });
});

describe('string lengths count characters, not UTF-16 code units', () => {
  // 𠀀 (U+20000, CJK Extension B) is one character but two UTF-16 code units.
  const extensionB = '\u{20000}';

  it('accepts a title of exactly 300 characters outside the Basic Multilingual Plane', () => {
    const tender = example('notice-tender');
    tender.title = extensionB.repeat(300);
    expect(tender.title.length).toBe(600);
    const result = standard.validate(tender);
    expect(issuesOf(result)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('rejects a title of 301 such characters at /title with maxLength', () => {
    const tender = example('notice-tender');
    tender.title = extensionB.repeat(301);
    const result = standard.validate(tender);
    expect(result.ok).toBe(false);
    expect(issuesOf(result)).toEqual([expect.objectContaining({ pointer: '/title', keyword: 'maxLength' })]);
  });

  it('accepts a one-character title outside the Basic Multilingual Plane and rejects an empty one', () => {
    const tender = example('notice-tender');
    tender.title = extensionB;
    expect(standard.validate(tender).ok).toBe(true);
    tender.title = '';
    expect(issuesOf(standard.validate(tender))).toEqual([expect.objectContaining({ pointer: '/title', keyword: 'minLength' })]);
  });
});
