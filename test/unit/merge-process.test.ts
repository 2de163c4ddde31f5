import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { compileProcess } from '../../gateway/merge/index.ts';

const examplesDir = new URL('../../schemas/v1/examples/valid/', import.meta.url);
const examples = readdirSync(examplesDir).map((f) => JSON.parse(readFileSync(new URL(f, examplesDir), 'utf8')) as StandardRecord);
const processOf = (key: string) => examples.filter((r) => r.ocid === key || r.transactionId === key);

function state(records: StandardRecord[], versioned = false) {
  const result = compileProcess(records, { versioned });
  if (!result.ok) throw new Error(result.error.code);
  return result.state;
}

describe('compiled state of a procurement process', () => {
  const notices = processOf('ocds-px0001-FJGL-2026-GK-0012');

  it('merges the current notices of a process as OCDS releases: the correction moves the deadline', () => {
    expect(notices.map((n) => n.noticeType).sort()).toEqual(['award', 'complaintRuling', 'contract', 'correction', 'tender']);
    const { compiledRelease, processKey, recordType } = state([...notices].reverse());
    expect([recordType, processKey]).toEqual(['notice', 'ocds-px0001-FJGL-2026-GK-0012']);
    const tender = compiledRelease.tender as { tenderPeriod: { endDate: string }; procurementMethod: string };
    expect(tender.tenderPeriod.endDate).toBe('2026-03-31T09:30:00+08:00');
    expect(tender.procurementMethod).toBe('open');
    expect((compiledRelease.awards as unknown[]).length).toBeGreaterThan(0);
    expect((compiledRelease.contracts as unknown[]).length).toBeGreaterThan(0);
    expect(compiledRelease.date).toBe(
      notices
        .map((n) => n.date!)
        .sort()
        .at(-1),
    );
    // Derived-view bookkeeping belongs to single releases, not to the compiled state.
    expect(compiledRelease.cnNotice).not.toHaveProperty('derived');
  });

  it('uses only the latest version of each notice', () => {
    const tender = notices.find((n) => n.noticeType === 'tender')!;
    const v2 = { ...tender, version: 2, operation: 'update', title: '第二版标题', date: '2026-03-03T09:00:00+08:00' } as StandardRecord;
    const { compiledRelease, releases } = state([v2, tender]);
    expect(releases.map((r) => r.id)).toEqual([`${tender.id}-v2`]);
    expect((compiledRelease.cnNotice as { title: string }).title).toBe('第二版标题');
  });

  it('leaves a withdrawn notice out of the compiled state', () => {
    const award = notices.find((n) => n.noticeType === 'award')!;
    const withdrawn = { ...award, version: award.version + 1, operation: 'withdraw' } as StandardRecord;
    const { compiledRelease } = state([...notices, withdrawn]);
    expect(compiledRelease.awards).toBeUndefined();
  });

  it('answers an error value when every record is withdrawn or records of two kinds are mixed', () => {
    const tender = notices.find((n) => n.noticeType === 'tender')!;
    expect(compileProcess([{ ...tender, version: 2, operation: 'withdraw' } as StandardRecord])).toMatchObject({
      ok: false,
      error: { code: 'merge.no-releases' },
    });
    expect(compileProcess([tender, ...processOf('FJDZMC-20260312-000187')])).toMatchObject({
      ok: false,
      error: { code: 'merge.mixed-ocid' },
    });
  });

  it('keeps the history of each field when versioned', () => {
    const { versionedRelease } = state(notices, true);
    const tender = versionedRelease!.tender as { tenderPeriod: { endDate: { value: string }[] } };
    const endDates = tender.tenderPeriod.endDate.map((v) => v.value);
    expect(endDates).toEqual(['2026-03-24T09:30:00+08:00', '2026-03-31T09:30:00+08:00']);
  });
});

describe('compiled state of an e-marketplace order', () => {
  const steps = processOf('FJDZMC-20260312-000187');

  it('merges the order steps: lines from the order, deliveries and payments collected, status of the latest step', () => {
    expect(steps.map((s) => s.transactionType).sort()).toEqual(['acceptance', 'confirmation', 'delivery', 'order', 'payment', 'return']);
    const order = steps.find((s) => s.transactionType === 'order')!;
    const confirmation = steps.find((s) => s.transactionType === 'confirmation')!;
    const { compiledRelease, processKey, recordType } = state(steps);
    expect([recordType, processKey]).toEqual(['transaction', 'FJDZMC-20260312-000187']);
    expect(compiledRelease.transactionId).toBe('FJDZMC-20260312-000187');
    expect(compiledRelease.ocid).toBeUndefined();
    // The return's two chairs do not overwrite the twenty ordered.
    expect(compiledRelease.lines).toEqual(confirmation.lines ?? order.lines);
    expect(compiledRelease.total).toEqual(confirmation.total);
    expect((compiledRelease.deliveries as { id: string }[]).map((d) => d.id)).toEqual(['FJDZMC-20260312-000187-D1']);
    expect((compiledRelease.payments as { reference: string }[]).map((p) => p.reference)).toEqual(['GK2026040200318']);
    expect((compiledRelease.returns as { lines: { quantity: number }[] }[])[0]!.lines[0]!.quantity).toBe(2);
    expect(compiledRelease.status).toBe('paid');
  });
});
