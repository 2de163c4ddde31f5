import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StandardRecord } from '../sdk.ts';
import { nationalTradingPlatformAdapter as adapter } from './index.ts';

const config = adapter.manifest.configExamples[0]!;
const ctx = { systemId: 'ggzy-fj', config, mediaType: 'application/xml', encoding: 'utf-8' };
const tender = readFileSync(new URL('./fixtures/native/551-tender.xml', import.meta.url), 'utf8');
const series = readFileSync(new URL('./fixtures/native/gljy-2026-015-series.xml', import.meta.url), 'utf8');

function inbound(xml: string): StandardRecord[] {
  const result = adapter.inbound!(xml, ctx);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.records;
}

describe('trading-platform data sets', () => {
  it('maps the operations 1/2/3 to create/update/withdraw and orders versions by DATA_TIMESTAMP', () => {
    const created = inbound(tender)[0]!;
    const updated = inbound(
      tender.replace('<OPERATION>1<', '<OPERATION>2<').replace('<DATA_TIMESTAMP>20260302093000', '<DATA_TIMESTAMP>20260303080000'),
    )[0]!;
    const withdrawn = inbound(
      tender.replace('<OPERATION>1<', '<OPERATION>3<').replace('<DATA_TIMESTAMP>20260302093000', '<DATA_TIMESTAMP>20260304110000'),
    )[0]!;
    expect([created.operation, updated.operation, withdrawn.operation]).toEqual(['create', 'update', 'withdraw']);
    expect(created.version).toBeLessThan(updated.version);
    expect(updated.version).toBeLessThan(withdrawn.version);
    expect(updated.version - created.version).toBe((22 * 60 + 30) * 60);
  });

  it('converts budgets in 万元 (UNIT_BUDGET 1) to 元 and keeps the original', () => {
    const record = inbound(tender)[0] as StandardRecord & { tender: { value: unknown; maxPrice: unknown } };
    expect(record.tender.value).toEqual({ amount: 1_500_000, currency: 'CNY', original: { amount: 150, unit: '万元' } });
    expect(record.tender.maxPrice).toEqual({ amount: 1_485_000, currency: 'CNY', original: { amount: 148.5, unit: '万元' } });
  });

  it('keeps price forms apart: a rate is a rate, a unit price an amount with form 3, other needs a description', () => {
    const award = /<RECORD>\s*<TITLE>\s*<DATA_SET_CODE>553[\s\S]*?<\/RECORD>/.exec(series)![0];
    const one = (form: string, price: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><DATA_PACKAGE>${award
        .replace('<PRICE_FORM_CODE>1<', `<PRICE_FORM_CODE>${form}<`)
        .replace('<WIN_BID_PRICE>1268000</WIN_BID_PRICE>', price ? `<WIN_BID_PRICE>${price}</WIN_BID_PRICE>` : '')}</DATA_PACKAGE>`;
    const translate = (xml: string) => adapter.inbound!(`${xml}`, ctx);
    const rate = translate(one('2', '3.5'));
    expect(rate.ok && (rate.records[0] as StandardRecord & { awards: { value: unknown }[] }).awards[0]!.value).toEqual({
      priceForm: '2',
      rate: 3.5,
    });
    const unitPrice = translate(one('3', '18500'));
    expect(unitPrice.ok && (unitPrice.records[0] as StandardRecord & { awards: { value: unknown }[] }).awards[0]!.value).toEqual({
      amount: 18500,
      currency: 'CNY',
      original: { amount: 18500, unit: '元' },
      priceForm: '3',
    });
    const other = translate(one('9', ''));
    expect(other.ok ? 'accepted' : other.error.issues?.map((i) => i.pointer)).toEqual(['/DATA_PACKAGE/RECORD[1]/ROW/PRICE_DESCRIPTION']);
    const tooHigh = translate(one('2', '120'));
    expect(tooHigh.ok ? 'accepted' : tooHigh.error.code).toBe('adapter.mapping');
  });

  it('refuses rows of another platform (sender ownership) and names every faulty field', () => {
    const result = adapter.inbound!(
      tender
        .replace('<PLATFORM_CODE>12350100MB0167898Y', '<PLATFORM_CODE>91330106MA2H0X7L2F')
        .replace('<BID_CLOSING_TIME>20260323093000', '<BID_CLOSING_TIME>20260230093000'),
      ctx,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('adapter.mapping');
    expect(result.error.issues?.map((i) => [i.pointer, i.keyword])).toEqual([
      ['/DATA_PACKAGE/RECORD[1]/ROW/PLATFORM_CODE', 'owner'],
      ['/DATA_PACKAGE/RECORD[1]/ROW/BID_CLOSING_TIME', 'format'],
    ]);
  });

  it('refuses to send notice types the data sets do not carry', () => {
    const termination = { ...inbound(tender)[0]!, noticeType: 'termination', termination: { reason: '预算调整' } };
    const out = adapter.outbound!([termination], { systemId: 'ggzy-fj', config });
    expect(out.ok ? 'sent' : out.error.code).toBe('adapter.mapping');
  });
});
