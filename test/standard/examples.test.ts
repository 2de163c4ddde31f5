import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { createStandard, exampleFiles, examplePath } from '../../gateway/standard/index.ts';

const standard = createStandard();
const read = (relative: string) => JSON.parse(readFileSync(examplePath(relative), 'utf8'));

/** What an invalid example expects: the errors (pointer + keyword), and optionally the process context. */
interface Expectation {
  description: string;
  context?: string[];
  errors: { pointer: string; keyword: string }[];
}

const { valid, invalid } = exampleFiles();

describe('valid examples', () => {
  it('cover every notice type and transaction kind', () => {
    const records = valid.map(read);
    const noticeTypes = new Set(records.filter((r) => r.recordType === 'notice').map((r) => r.noticeType));
    const transactionTypes = new Set(records.filter((r) => r.recordType === 'transaction').map((r) => r.transactionType));
    expect(noticeTypes.size).toBe(13);
    expect(transactionTypes.size).toBe(7);
  });

  it.each(valid)('%s passes on its own with no warning', (file) => {
    const result = standard.validate(read(file));
    expect(result.ok ? result.warnings : result.issues).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe('invalid examples', () => {
  it.each(invalid)('%s fails with exactly its expected errors', (file) => {
    const expectation: Expectation = read(file.replace(/\.json$/, '.expect.json'));
    const context = expectation.context ? { records: expectation.context.map((f) => read(f) as StandardRecord) } : undefined;
    const result = standard.validate(read(file), context);
    expect(result.ok).toBe(false);
    const errors = result.ok
      ? []
      : result.issues.filter((i) => i.severity === 'error').map(({ pointer, keyword }) => ({ pointer, keyword }));
    const key = (e: { pointer: string; keyword: string }) => `${e.pointer} ${e.keyword}`;
    expect(errors.map(key).sort()).toEqual(expectation.errors.map(key).sort());
  });

  it('each declares its expectation and fails the rule or keyword it names', () => {
    for (const file of invalid) {
      const expectation: Expectation = read(file.replace(/\.json$/, '.expect.json'));
      expect(expectation.description.length, file).toBeGreaterThan(0);
      expect(expectation.errors.length, file).toBeGreaterThan(0);
    }
  });
});

describe('the notice chain of one process', () => {
  it('accepts each notice of FJGL-2026-GK-0012 with the notices before it as context', () => {
    const chain = [
      'valid/notice-tender.json',
      'valid/notice-correction.json',
      'valid/notice-award.json',
      'valid/notice-contract.json',
      'valid/notice-complaint-ruling.json',
    ];
    const seen: StandardRecord[] = [];
    for (const file of chain) {
      const result = standard.validate(read(file), { records: [...seen] });
      expect(result.ok ? result.warnings : result.issues, file).toEqual([]);
      seen.push(read(file));
    }
  });

  it('accepts each step of order FJDZMC-20260312-000187 with the steps before it as context', () => {
    const chain = ['order', 'confirmation', 'delivery', 'acceptance', 'return', 'payment'].map((t) => `valid/transaction-${t}.json`);
    const seen: StandardRecord[] = [];
    for (const file of chain) {
      const result = standard.validate(read(file), { records: [...seen] });
      expect(result.ok ? result.warnings : result.issues, file).toEqual([]);
      seen.push(read(file));
    }
  });
});
