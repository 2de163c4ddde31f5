import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StandardRecord } from '../../../gateway/core/records.ts';
import { createStandard, examplePath, type Issue, rules, type Validation } from '../../../gateway/standard/index.ts';

const standard = createStandard();
const example = (name: string) => JSON.parse(readFileSync(examplePath(`valid/${name}.json`), 'utf8'));
const issuesOf = (r: Validation): Issue[] => (r.ok ? r.warnings : r.issues);

describe('acceptance: clear messages for the four classic mistakes', () => {
  it('rejects a USCC with a wrong check character and names the right one', () => {
    const record = example('notice-tender');
    record.parties[0].identifier.id = '11350102003162187D';
    const result = standard.validate(record);
    expect(result.ok).toBe(false);
    expect(issuesOf(result)).toEqual([
      expect.objectContaining({ pointer: '/parties/0/identifier/id', keyword: 'uscc', severity: 'error' }),
    ]);
    expect(issuesOf(result)[0]?.message.zh).toContain('校验位错误，应为“C”');
    expect(issuesOf(result)[0]?.message.en).toContain("wrong check character: expected 'C'");
  });

  it('rejects an unknown area code, citing the dated code table', () => {
    const record = example('notice-tender');
    record.regionCode = '350199';
    const [issue] = issuesOf(standard.validate(record));
    expect(issue).toMatchObject({ pointer: '/regionCode', keyword: 'gbt2260' });
    expect(issue?.message.zh).toContain('GB/T 2260');
    expect(issue?.message.en).toContain('2022-03-22');
  });

  it('rejects a public tender whose bid deadline is 10 days after the notice', () => {
    const record = example('notice-tender');
    record.tender.tenderPeriod.endDate = '2026-03-12T09:30:00+08:00';
    record.tender.bidOpening.date = '2026-03-12T09:30:00+08:00';
    const result = standard.validate(record);
    expect(result.ok).toBe(false);
    const [issue] = issuesOf(result);
    expect(issue).toMatchObject({
      pointer: '/tender/tenderPeriod/endDate',
      keyword: 'PX-R001',
      citation: '《中华人民共和国政府采购法》第三十五条',
    });
    expect(issue?.message.zh).toContain('仅 10 日，不得少于 20 日');
    expect(issue?.message.en).toContain('only 10 days');
  });

  it('accepts the same tender with a deadline exactly 20 days out', () => {
    const record = example('notice-tender');
    record.tender.tenderPeriod.endDate = '2026-03-22T09:30:00+08:00';
    record.tender.bidOpening.date = '2026-03-22T09:30:00+08:00';
    expect(standard.validate(record).ok).toBe(true);
  });

  it('rejects an award whose contracts total 3 times its value', () => {
    const contract = example('notice-contract');
    contract.contracts[0].value = { amount: 7_956_000, currency: 'CNY' };
    const result = standard.validate(contract, { records: [example('notice-award')] });
    expect(result.ok).toBe(false);
    const [issue] = issuesOf(result);
    expect(issue).toMatchObject({ pointer: '/contracts/0/value/amount', keyword: 'PX-R006' });
    expect(issue?.message.zh).toContain('300%');
    expect(issue?.message.en).toContain('7956000.00 yuan, 300% of the award value 2652000.00 yuan');
  });

  it('also catches 3 times the value when the award and contract share one notice', () => {
    const award = example('notice-award');
    award.contracts = [
      { id: 'HT-X', awardID: award.awards[1].id, value: { amount: 1_404_000, currency: 'CNY' }, suppliers: award.awards[1].suppliers },
    ];
    expect(issuesOf(standard.validate(award)).map((i) => i.keyword)).toContain('PX-R006');
  });
});

describe('rules that need the process context', () => {
  it('skip without context rather than fail the record', () => {
    const contract = example('notice-contract');
    contract.contracts[0].awardID = 'FJGL-2026-GK-0012-A9';
    contract.contracts[0].value.amount = 99_999_999;
    expect(standard.validate(contract)).toMatchObject({ ok: true, warnings: [] });
  });

  it('treat an empty context as known: a contract without its award is rejected', () => {
    const result = standard.validate(example('notice-contract'), { records: [] });
    expect(issuesOf(result).map((i) => i.keyword)).toEqual(['PX-R005']);
  });

  it('ignore an older version of the record itself in the context', () => {
    const payment = example('transaction-payment');
    const older = { ...payment, version: 0 };
    const result = standard.validate(payment, { records: [example('transaction-order'), older] });
    expect(result.ok).toBe(true);
  });

  it('count earlier payments against the order total', () => {
    const order = example('transaction-order');
    const first = { ...example('transaction-payment'), id: 'FJDZMC-20260312-000187-P0', version: 1 };
    const result = standard.validate(example('transaction-payment'), { records: [order, first] });
    expect(issuesOf(result)).toEqual([expect.objectContaining({ keyword: 'PX-R007', pointer: '/payment/amount/amount' })]);
    expect(issuesOf(result)[0]?.message.en).toContain('49480.00 yuan, above the order value 26100.00 yuan');
  });

  it('accept a substantive correction that moves the deadline 15 days out', () => {
    const correction = example('notice-correction');
    expect(standard.validate(correction, { records: [example('notice-tender')] }).ok).toBe(true);
    correction.correction.tenderPeriodEnd = '2026-03-20T09:30:00+08:00';
    const result = standard.validate(correction, { records: [example('notice-tender')] });
    expect(issuesOf(result).map((i) => [i.pointer, i.keyword])).toEqual([['/correction/tenderPeriodEnd', 'PX-R003']]);
  });
});

describe('catalogue versions', () => {
  it('looks codes of the 2022 catalogue up, and checks codes of other versions for shape only', () => {
    const record = example('notice-tender');
    record.tender.items[0].classification = { scheme: 'CN-GPC', id: 'A09000000', version: '2013' };
    expect(standard.validate(record).ok).toBe(true);
    record.tender.items[0].classification.version = '2022';
    expect(issuesOf(standard.validate(record)).map((i) => `${i.pointer} ${i.keyword}`)).toEqual([
      '/tender/items/0/classification/id catalogue',
    ]);
    record.tender.items[0].classification = { scheme: 'CN-GPC', id: 'A0900', version: '2013' };
    expect(issuesOf(standard.validate(record)).map((i) => `${i.pointer} ${i.keyword}`)).toEqual([
      '/tender/items/0/classification/id pattern',
    ]);
  });
});

describe('withdrawals', () => {
  it('accept a notice withdrawal carrying only the header, and run no rule on it', () => {
    const { recordType, id, ocid, noticeType, regionCode } = example('notice-contract');
    const withdrawal = {
      recordType,
      id,
      version: 2,
      operation: 'withdraw',
      regionCode,
      ocid,
      noticeType,
      date: '2026-04-23T09:00:00+08:00',
    };
    expect(standard.validate(withdrawal, { records: [] })).toMatchObject({ ok: true, warnings: [] });
  });

  it('still require every header field of a withdrawal', () => {
    const { recordType, id, transactionId, transactionType } = example('transaction-payment');
    const result = standard.validate({
      recordType,
      id,
      version: 2,
      operation: 'withdraw',
      transactionId,
      transactionType,
      date: 'yesterday',
    });
    expect(
      issuesOf(result)
        .map((i) => `${i.pointer} ${i.keyword}`)
        .sort(),
    ).toEqual(['/date date-time', '/regionCode required']);
  });

  it('require the body of a notice that is not withdrawn', () => {
    const { recordType, id, ocid, noticeType, regionCode, date } = example('notice-tender');
    const result = standard.validate({ recordType, id, version: 2, operation: 'update', regionCode, ocid, noticeType, date });
    expect(
      issuesOf(result)
        .map((i) => i.pointer)
        .sort(),
    ).toEqual(['/buyer', '/parties', '/project', '/tender', '/title']);
  });
});

describe('warnings', () => {
  it('accept an award published 4 working days after the decision, with a warning', () => {
    const award = example('notice-award');
    award.date = '2026-04-13T10:00:00+08:00';
    const result = standard.validate(award);
    expect(result.ok).toBe(true);
    expect(issuesOf(result).map((i) => [i.pointer, i.keyword, i.severity])).toEqual([
      ['/awards/0/date', 'PX-R004', 'warning'],
      ['/awards/1/date', 'PX-R004', 'warning'],
    ]);
  });

  it('do not count the weekend: Tuesday decision, Thursday publication is in time', () => {
    const award = example('notice-award');
    award.date = '2026-04-09T10:00:00+08:00';
    expect(standard.validate(award)).toMatchObject({ ok: true, warnings: [] });
  });
});

describe('configuration', () => {
  it('raises a warning to an error when configured', () => {
    const strict = createStandard({ rules: { 'PX-R004': 'error' } });
    const award = example('notice-award');
    award.date = '2026-04-13T10:00:00+08:00';
    const result = strict.validate(award);
    expect(result.ok).toBe(false);
    expect(issuesOf(result).every((i) => i.severity === 'error')).toBe(true);
  });

  it('turns a rule off', () => {
    const lax = createStandard({ rules: { 'PX-R001': 'off' } });
    const record = example('notice-tender');
    record.tender.tenderPeriod.endDate = '2026-03-12T09:30:00+08:00';
    record.tender.bidOpening.date = '2026-03-12T09:30:00+08:00';
    expect(lax.validate(record).ok).toBe(true);
  });

  it('downgrades an error to a warning', () => {
    const soft = createStandard({ rules: { 'PX-R001': 'warning' } });
    const record = example('notice-tender');
    record.tender.tenderPeriod.endDate = '2026-03-12T09:30:00+08:00';
    record.tender.bidOpening.date = '2026-03-12T09:30:00+08:00';
    const result = soft.validate(record);
    expect(result).toMatchObject({ ok: true, warnings: [expect.objectContaining({ keyword: 'PX-R001', severity: 'warning' })] });
  });

  it('refuses unknown rule ids and severities at construction', () => {
    expect(() => createStandard({ rules: { 'PX-R999': 'off' } })).toThrow(/unknown compliance rule/);
    expect(() => createStandard({ rules: { 'PX-R001': 'fatal' as 'error' } })).toThrow(/severity/);
  });
});

describe('rule metadata', () => {
  it('gives every rule a unique id, a severity, both messages and a citation', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(rule.id).toMatch(/^PX-R\d{3}$/);
      expect(['error', 'warning']).toContain(rule.severity);
      expect(rule.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(rule.message.en).toMatch(/[a-z]/);
      expect(rule.citation.length).toBeGreaterThan(5);
    }
  });
});

describe('robustness: validate never throws', () => {
  const odd: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a string', 'notice'],
    ['an array', [example('notice-tender')]],
    ['a BigInt', 10n],
    ['a function', () => 1],
    ['a symbol', Symbol('x')],
    ['an object without prototype', Object.assign(Object.create(null), { recordType: 'notice' })],
    ['a huge array of parties', { ...example('notice-tender'), parties: Array.from({ length: 100_000 }, () => ({})) }],
    ['a very long string', { ...example('notice-tender'), title: 'x'.repeat(5_000_000) }],
    ['deeply nested junk', { ...example('notice-tender'), tender: JSON.parse(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`) }],
    [
      'NaN and Infinity amounts',
      {
        ...example('notice-tender'),
        tender: {
          ...example('notice-tender').tender,
          value: { amount: Number.NaN, currency: 'CNY' },
          maxPrice: { amount: Number.POSITIVE_INFINITY, currency: 'CNY' },
        },
      },
    ],
  ];

  it.each(odd)('returns a failure for %s', (_name, input) => {
    const result = standard.validate(input);
    expect(result.ok).toBe(false);
    expect(issuesOf(result).length).toBeGreaterThan(0);
  });

  it('survives a cyclic record', () => {
    const record = example('notice-tender');
    record.tender.self = record;
    record.parties.push(record);
    expect(standard.validate(record).ok).toBe(false);
  });

  it('survives getters that throw and proxies that lie', () => {
    const record = example('notice-tender');
    Object.defineProperty(record, 'title', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    expect(standard.validate(record).ok).toBe(false);
    const proxy = new Proxy(example('notice-tender'), {
      ownKeys: () => {
        throw new Error('no keys');
      },
    });
    expect(() => standard.validate(proxy)).not.toThrow();
  });

  it('survives garbage in the process context', () => {
    const context = {
      records: [
        null,
        1,
        'x',
        { recordType: 'notice', id: 'n', awards: 'nope', contracts: [null] },
        { recordType: 'transaction', lines: {} },
      ] as unknown as StandardRecord[],
    };
    expect(standard.validate(example('notice-contract'), context).ok).toBe(false);
    expect(() => standard.validate(example('transaction-payment'), context)).not.toThrow();
    expect(() => standard.validate(example('notice-correction'), { records: 'nope' as unknown as StandardRecord[] })).not.toThrow();
  });
});

describe('unique ids', () => {
  it('reports the second use of an id in parties, awards and items', () => {
    const award = example('notice-award');
    award.parties.push({ ...award.parties[0] });
    award.awards[1].id = award.awards[0].id;
    award.awards[0].items.push({ ...award.awards[0].items[0] });
    expect(
      issuesOf(standard.validate(award))
        .filter((i) => i.keyword === 'PX-R010')
        .map((i) => i.pointer),
    ).toEqual(['/parties/4/id', '/awards/1/id', '/awards/0/items/1/id']);
  });
});
