/** The public copy of a notice: no contact point, no resident ID, a natural person's party id replaced everywhere. */
import { describe, expect, it } from 'vitest';
import type { StandardRecord } from '../../gateway/core/index.ts';
import { publicCopy } from '../../gateway/publication/index.ts';

const PERSON = 'CN-RESIDENT-11010519491231002X';

function notice(): StandardRecord {
  return {
    recordType: 'notice',
    id: 'N-1',
    version: 1,
    operation: 'create',
    regionCode: '350102',
    ocid: 'ocds-px0001-N',
    noticeType: 'award',
    parties: [
      {
        id: 'CN-USCC-91350100M000100Y43',
        name: '福州市某局',
        identifier: { scheme: 'CN-USCC', id: '91350100M000100Y43' },
        additionalIdentifiers: [{ scheme: 'CN-ORGCODE', id: 'M000100Y4' }],
        contactPoint: { name: '王老师', telephone: '0591-12345678', email: 'wang@example.cn' },
        roles: ['buyer'],
      },
      {
        id: PERSON,
        name: '李四',
        identifier: { scheme: 'CN-RESIDENT', id: '11010519491231002X' },
        additionalIdentifiers: [{ scheme: 'CN-RESIDENT', id: '11010519491231002X' }],
        roles: ['supplier'],
      },
    ],
    awards: [{ id: 'A-1', suppliers: [{ id: PERSON, name: '李四' }], evaluationPanel: ['专家甲', '专家乙'] }],
  } as unknown as StandardRecord;
}

describe('the public copy of a notice', () => {
  it('drops contact points and resident IDs and renames a natural person everywhere, keeping the rest', () => {
    const copy = publicCopy(notice()) as unknown as {
      parties: Record<string, unknown>[];
      awards: { suppliers: unknown[]; evaluationPanel: string[] }[];
    };
    const text = JSON.stringify(copy);
    for (const personal of ['王老师', '0591-12345678', 'wang@example.cn', '11010519491231002X', 'contactPoint'])
      expect(text).not.toContain(personal);
    expect(copy.parties[1]!).toEqual({ id: 'natural-person-1', name: '李四', roles: ['supplier'] });
    expect(copy.awards[0]!.suppliers[0]).toEqual({ id: 'natural-person-1', name: '李四' });
    // Organisation identifiers and the evaluation panel (published by law) stay.
    expect(copy.parties[0]!.identifier).toEqual({ scheme: 'CN-USCC', id: '91350100M000100Y43' });
    expect(copy.parties[0]!.additionalIdentifiers).toEqual([{ scheme: 'CN-ORGCODE', id: 'M000100Y4' }]);
    expect(copy.awards[0]!.evaluationPanel).toEqual(['专家甲', '专家乙']);
  });

  it('leaves the given record untouched', () => {
    const record = notice();
    const before = JSON.stringify(record);
    publicCopy(record);
    expect(JSON.stringify(record)).toBe(before);
  });
});
