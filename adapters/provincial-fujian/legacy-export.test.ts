import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { StandardRecord } from '../sdk.ts';
import { provincialFujianAdapter as adapter } from './index.ts';

const config = { ocidPrefix: 'ocds-pxg350', encoding: 'gb18030' };
const inboundCtx = { systemId: 'fj-gpms', config, mediaType: 'text/csv', encoding: 'gb18030' };
const fixture = readFileSync(new URL('./fixtures/native/fuzhou-notices.csv', import.meta.url));
// biome-ignore lint/suspicious/noExplicitAny: the tests edit records field by field.
type Editable = StandardRecord & Record<string, any>;
const standard = JSON.parse(readFileSync(new URL('./fixtures/standard/fuzhou-notices.json', import.meta.url), 'utf8')) as StandardRecord[];

describe('provincial legacy export (GB18030 CSV)', () => {
  it('carries rare characters, including 4-byte GB18030 sequences, intact into the standard record', () => {
    // The export really holds them as GB18030 bytes: 𠀀 U+20000 and 㐀 U+3400 are 4-byte sequences, 䶮 U+4DAE is FE9F.
    expect(fixture.includes(Buffer.from('95328236', 'hex'))).toBe(true);
    expect(fixture.includes(Buffer.from('8139ee39', 'hex'))).toBe(true);
    expect(fixture.includes(Buffer.from('fe9f', 'hex'))).toBe(true);
    const result = adapter.inbound!(new Uint8Array(fixture), inboundCtx);
    if (!result.ok) expect.fail(JSON.stringify(result.error));
    const award = result.records.find((r) => r.noticeType === 'award') as StandardRecord & { awards: { evaluationPanel: string[] }[] };
    expect(award.awards[0]!.evaluationPanel).toEqual(['刘䶮', '林𠀀', '王㐀', '黄丽', '陈晓东']);
    expect([...award.awards[0]!.evaluationPanel[1]!].map((c) => c.codePointAt(0))).toEqual([0x6797, 0x20000]);
  });

  it('refuses bytes that are not GB18030 instead of substituting replacement characters', () => {
    const broken = Buffer.concat([fixture.subarray(0, 300), Buffer.from([0x81, 0x20]), fixture.subarray(300)]);
    const result = adapter.inbound!(new Uint8Array(broken), inboundCtx);
    expect(result.ok ? 'accepted' : result.error.code).toBe('adapter.encoding');
  });

  it('neutralises formula injection in outbound CSV cells starting with = + - @ tab or CR, and reads them back unchanged', () => {
    const termination = structuredClone(standard.find((r) => r.noticeType === 'termination')!) as Editable;
    termination.title = '=HYPERLINK("https://evil.example","点击")';
    termination.description = '+1+cmd|" /C calc"!A0';
    termination.termination.reason = '-2+3';
    termination.buyer.name = '@SUM(1,2)';
    termination.parties[0].name = '@SUM(1,2)';
    termination.project.name = '\t制表符开头';
    termination.url = undefined;
    termination.termination.noticeId = '\r回车开头';
    const out = adapter.outbound!([termination], { systemId: 'fj-gpms', config });
    if (!out.ok) expect.fail(JSON.stringify(out.error));
    const text = iconv.decode(Buffer.from(out.body as Uint8Array), 'gb18030');
    const [header, row] = parse(text) as string[][];
    const cell = (name: string) => row![header!.indexOf(name)];
    expect(cell('GGBT')).toBe(`'=HYPERLINK("https://evil.example","点击")`);
    expect(cell('GGNR')).toBe(`'+1+cmd|" /C calc"!A0`);
    expect(cell('ZZYY')).toBe(`'-2+3`);
    expect(cell('CGRMC')).toBe(`'@SUM(1,2)`);
    expect(cell('XMMC')).toBe(`'\t制表符开头`);
    expect(cell('YGGBH')).toBe(`'\r回车开头`);
    // Harmless cells are left alone.
    expect(cell('GGBH')).toBe('FJZC-2026-ZZ-00093');

    const back = adapter.inbound!(out.body, inboundCtx);
    if (!back.ok) expect.fail(JSON.stringify(back.error));
    expect(back.records[0]).toMatchObject({ title: termination.title, description: termination.description, buyer: { name: '@SUM(1,2)' } });
  });

  it('refuses to write an award priced as a rate, which the flat export cannot hold', () => {
    const award = structuredClone(standard.find((r) => r.noticeType === 'award')!) as Editable;
    award.awards[0].value = { priceForm: '2', rate: 12.5 };
    const out = adapter.outbound!([award], { systemId: 'fj-gpms', config });
    expect(out.ok ? 'written' : out.error.code).toBe('adapter.mapping');
  });
});
