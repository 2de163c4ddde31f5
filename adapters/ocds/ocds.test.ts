import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envelopeFor } from '../../gateway/core/envelope.ts';
import { validateOcdsRecordPackage, validateOcdsReleasePackage } from '../../gateway/standard/ocds-schema.ts';
import { noticeToRelease, type OutboundResult, type StandardRecord } from '../sdk.ts';
import { ocdsAdapter } from './index.ts';

const examplesDir = new URL('../../schemas/v1/examples/valid/', import.meta.url);
const notices = readdirSync(examplesDir)
  .filter((f) => f.startsWith('notice-'))
  .map((f) => JSON.parse(readFileSync(new URL(f, examplesDir), 'utf8')) as StandardRecord);
const example = (noticeType: string) => notices.find((n) => n.noticeType === noticeType)!;
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/standard/${name}.json`, import.meta.url), 'utf8')) as StandardRecord[];
const [releaseConfig, recordConfig] = ocdsAdapter.manifest.configExamples;
const ctx = (config = releaseConfig!) => ({ systemId: 'ocds-hub', config });

function body(result: OutboundResult): Record<string, unknown> {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return JSON.parse(String(result.body));
}

describe('OCDS adapter outbound', () => {
  it('maps every valid notice example of the standard to a release package valid against OCDS 1.1', () => {
    expect(notices.length).toBeGreaterThanOrEqual(13);
    for (const notice of notices) {
      expect(validateOcdsReleasePackage(body(ocdsAdapter.outbound!([notice], ctx()))), notice.id).toEqual([]);
    }
  });

  it('maps every valid notice example back to exactly itself', () => {
    for (const notice of notices) {
      const native = ocdsAdapter.outbound!([notice], ctx());
      if (!native.ok) throw new Error(native.error.code);
      const back = ocdsAdapter.inbound!(native.body, { ...ctx(), mediaType: 'application/json' });
      expect(back.ok ? back.records : back.error).toEqual([notice]);
    }
  });

  it('tags each release by its notice type: 意向→planning, 更正→tenderAmendment, 终止→tenderCancellation, 验收→implementation', () => {
    const tags = Object.fromEntries(notices.map((n) => [n.noticeType, noticeToRelease(n).tag]));
    expect(tags).toMatchObject({
      intention: ['planning'],
      tender: ['tender'],
      competitive: ['tender'],
      correction: ['tenderAmendment'],
      termination: ['tenderCancellation'],
      award: ['award'],
      contract: ['contract'],
      acceptance: ['implementation'],
    });
  });

  it('maps 竞争性磋商 to the OCDS method limited and keeps the Chinese name as procurementMethodDetails', () => {
    const tender = noticeToRelease(example('competitive')).tender as Record<string, unknown>;
    expect(tender).toMatchObject({ procurementMethod: 'limited', procurementMethodDetails: '竞争性磋商' });
  });

  it('publishes enterprise USCCs under org-id.guide CN-SAIC, others under CN-USCC, and never a resident id number', () => {
    const base = example('tender');
    const notice = {
      ...base,
      parties: [
        { id: 'a', name: '企业', identifier: { scheme: 'CN-USCC', id: '91350100M000100Y43' }, roles: ['supplier'] },
        { id: 'b', name: '机关', identifier: { scheme: 'CN-USCC', id: '11350102003591248B' }, roles: ['buyer'] },
        { id: 'c', name: '个人', identifier: { scheme: 'CN-RESIDENT', id: '11010519491231002X' }, roles: ['supplier'] },
      ],
    } as StandardRecord;
    const parties = noticeToRelease(notice).parties as { id: string; identifier?: { scheme: string } }[];
    expect(parties.map((p) => [p.id, p.identifier?.scheme])).toEqual([
      ['a', 'CN-SAIC'],
      ['b', 'CN-USCC'],
      ['c', undefined],
    ]);
    expect(JSON.stringify(noticeToRelease(notice))).not.toContain('11010519491231002X');
  });

  it('compiles a record package per process whose compiled release shows the corrected deadline and the acceptance', () => {
    const pkg = body(ocdsAdapter.outbound!(fixture('gulou-school-computers'), ctx(recordConfig)));
    // parties[].details is versioned as one value, as OCDS's versioned-release schema has it: no error to filter.
    expect(validateOcdsRecordPackage(pkg)).toEqual([]);
    expect(
      validateOcdsRecordPackage(body(ocdsAdapter.outbound!(fixture('gulou-school-computers'), ctx({ ...recordConfig, versioned: false })))),
    ).toEqual([]);
    // biome-ignore lint/suspicious/noExplicitAny: deep paths into a compiled OCDS record
    const [record] = pkg.records as { ocid: string; compiledRelease: any; versionedRelease: any }[];
    expect(record!.ocid).toBe('ocds-pxg350-GLJY-GK-2026042');
    expect(record!.compiledRelease.tender.tenderPeriod).toEqual({
      startDate: '2026-03-02T09:30:00+08:00',
      endDate: '2026-03-27T09:30:00+08:00',
    });
    expect(record!.compiledRelease.contracts[0].implementation.milestones[0]).toMatchObject({ title: '履约验收', status: 'met' });
    expect(record!.compiledRelease.cnNotice).not.toHaveProperty('derived');
    expect((record as unknown as { releases: { cnNotice: { derived?: string[] } }[] }).releases[1]!.cnNotice.derived).toContain('/tender');
    expect(record!.versionedRelease.tender.tenderPeriod.endDate.map((v: { value: string }) => v.value)).toEqual([
      '2026-03-24T09:30:00+08:00',
      '2026-03-27T09:30:00+08:00',
    ]);
  });

  it('accepts the envelopes records travel in', () => {
    const notice = example('award');
    const envelope = envelopeFor(
      notice,
      'fj-gpms',
      'https://procurement-exchange.example/schemas/v1/notice.schema.json',
      new Date('2026-04-08T02:00:00Z'),
    );
    expect(body(ocdsAdapter.outbound!([envelope], ctx()))).toEqual(body(ocdsAdapter.outbound!([notice], ctx())));
  });

  it('refuses e-marketplace transactions with adapter.mapping', () => {
    const order = JSON.parse(readFileSync(new URL('transaction-order.json', examplesDir), 'utf8')) as StandardRecord;
    const result = ocdsAdapter.outbound!([order], ctx());
    expect(result).toMatchObject({ ok: false, error: { code: 'adapter.mapping', issues: [{ pointer: '/0/recordType' }] } });
  });
});

describe('OCDS adapter inbound', () => {
  it('needs the system to configure an area for releases of other publishers', () => {
    const native = readFileSync(new URL('./fixtures/native/foreign-award.json', import.meta.url));
    const result = ocdsAdapter.inbound!(native, { ...ctx(recordConfig), mediaType: 'application/json' });
    expect(result).toMatchObject({ ok: false, error: { code: 'adapter.mapping', issues: [{ keyword: 'config' }] } });
  });
});

describe('OCDS adapter inbound of hostile input', () => {
  it('keeps a __proto__ key in cnNotice as a plain field and survives nonsense derived pointers', () => {
    const release = JSON.parse(
      '{"ocid":"ocds-pxg350-X","id":"n-v1","date":"2026-01-01T00:00:00+08:00","tag":["tender"],"tender":{"id":"X"},' +
        '"cnNotice":{"noticeId":"n","version":1,"__proto__":{"polluted":true},"derived":["/tender/x/y","", "/tender/amendments/-", 7]}}',
    );
    const result = ocdsAdapter.inbound!(JSON.stringify([release]), { ...ctx(), mediaType: 'application/json' });
    if (!result.ok) throw new Error(result.error.code);
    const [notice] = result.records as unknown as Record<string, unknown>[];
    expect(Object.getPrototypeOf(notice)).toBe(Object.prototype);
    expect(Object.hasOwn(notice!, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
