import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decimalsOf, isRfc3339DateTime } from '../../../gateway/standard/formats.ts';
import {
  areaName,
  areaPath,
  areaTable,
  catalogueName,
  catalogueTable,
  codelistNames,
  loadCodelist,
  lookupCatalogue,
  noticeTypes,
  unpadCatalogueCode,
} from '../../../gateway/standard/reference-data.ts';

describe('GB/T 2260 area table', () => {
  it('records its source and date', () => {
    expect(areaTable().source).toMatch(/民政部/);
    expect(areaTable().asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('has all 31 provinces of the mainland', () => {
    const provinces = Object.keys(areaTable().codes).filter((c) => c.endsWith('0000') && Number(c) < 700000);
    expect(provinces).toHaveLength(31);
  });

  it('has the prefectures and counties of Fujian', () => {
    expect(areaName('350000')).toBe('福建省');
    expect(areaName('350100')).toBe('福州市');
    expect(areaName('350102')).toBe('鼓楼区');
    expect(areaName('350203')).toBe('思明区');
    const fujianPrefectures = Object.keys(areaTable().codes).filter((c) => /^35\d\d00$/.test(c) && c !== '350000');
    expect(fujianPrefectures).toHaveLength(9);
  });

  it('does not know made-up or retired-shape codes', () => {
    expect(areaName('350199')).toBeUndefined();
    expect(areaName('990000')).toBeUndefined();
    expect(areaName('toString')).toBeUndefined();
  });

  it('gives the full path of a county', () => {
    expect(areaPath('350102')).toBe('福建省 福州市 鼓楼区');
    expect(areaPath('110101')).toBe('北京市 东城区');
  });
});

describe('procurement catalogue', () => {
  it('records its source and version', () => {
    expect(catalogueTable().source).toMatch(/财库〔2022〕31号/);
    expect(catalogueTable().version).toBe('2022');
  });

  it('names the common goods codes', () => {
    expect(catalogueName('A02010104')?.zh).toBe('服务器');
    expect(catalogueName('A02010105')?.zh).toBe('台式计算机');
    expect(catalogueName('A05010301')?.zh).toBe('办公椅');
    expect(catalogueName('A02010000')?.zh).toBe('信息化设备');
  });

  it('unpads codes to their level', () => {
    expect(unpadCatalogueCode('A02010000')).toBe('A0201');
    expect(unpadCatalogueCode('A00000000')).toBe('A');
    expect(unpadCatalogueCode('A10000000')).toBe('A10');
  });

  it('tells known, unchecked, unknown and malformed codes apart', () => {
    expect(lookupCatalogue('A02010105')).toBe('known');
    // Under 计算机, which is not shipped complete: accepted on its shape.
    expect(lookupCatalogue('A02010199')).toBe('unchecked');
    // Goods classes are shipped complete: A09 does not exist.
    expect(lookupCatalogue('A09000000')).toBe('unknown');
    expect(lookupCatalogue('A09010100')).toBe('unknown');
    expect(lookupCatalogue('A0201010')).toBe('malformed');
    expect(lookupCatalogue('D02010105')).toBe('malformed');
  });
});

describe('codelists', () => {
  it('lists the 13 notice types of 财办库〔2020〕50号 in order with both labels', () => {
    const types = noticeTypes();
    expect(types.map((t) => t.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(types[2]).toMatchObject({ code: 'tender', zh: '招标公告', ocdsTag: 'tender' });
  });

  it('gives every entry of every codelist a Chinese and an English label', () => {
    for (const name of codelistNames()) {
      const list = loadCodelist(name);
      expect(list.name).toBe(name);
      for (const entry of list.codes) {
        expect(entry.zh, `${name}.${entry.code}`).toMatch(/\S/);
        expect(entry.en, `${name}.${entry.code}`).toMatch(/\S/);
      }
    }
  });

  it('maps every procurement method to an OCDS method', () => {
    const ocds = new Set(['open', 'selective', 'limited', 'direct']);
    for (const m of loadCodelist('procurementMethod').codes) expect(ocds.has(String(m.ocdsMethod))).toBe(true);
  });

  it('rejects codelist names that could escape the folder', () => {
    expect(() => loadCodelist('../data/areas')).toThrow(/unknown codelist/);
  });
});

describe('formats', () => {
  it('counts decimals of short and exponent forms', () => {
    expect(decimalsOf(3180000)).toBe(0);
    expect(decimalsOf(0.29)).toBe(2);
    expect(decimalsOf(318.123456)).toBe(6);
    expect(decimalsOf(1e-7)).toBe(7);
    expect(decimalsOf(1.5e-7)).toBe(8);
  });

  it('accepts RFC 3339 date-times with an offset only', () => {
    expect(isRfc3339DateTime('2026-03-02T09:00:00+08:00')).toBe(true);
    expect(isRfc3339DateTime('2026-03-02T01:00:00.123Z')).toBe(true);
    expect(isRfc3339DateTime('2024-02-29T09:00:00+08:00')).toBe(true);
    expect(isRfc3339DateTime('2026-03-02T09:00:00')).toBe(false);
    expect(isRfc3339DateTime('20260302090000')).toBe(false);
    expect(isRfc3339DateTime('2026-02-29T09:00:00+08:00')).toBe(false);
    expect(isRfc3339DateTime('2026-04-31T09:00:00+08:00')).toBe(false);
    expect(isRfc3339DateTime('2026-03-02T24:00:00+08:00')).toBe(false);
  });
});

describe('calendar', () => {
  it('parses RFC 3339 instants with offsets like Date.parse', async () => {
    const { instant, cstDay, workingDaysBetween } = await import('../../../gateway/standard/rules/calendar.ts');
    for (const t of ['2026-03-02T09:00:00+08:00', '2026-03-01T16:30:00.250Z', '2025-12-31T23:59:59-05:30', '2024-02-29T00:00:00+14:00']) {
      expect(instant(t)).toBe(Date.parse(t));
    }
    expect(instant('2026-03-02 09:00')).toBeUndefined();
    // 2026-03-02T01:00+08:00 is still 1 March in UTC but 2 March in China.
    expect((cstDay('2026-03-02T01:00:00+08:00') ?? 0) - (cstDay('2026-03-01T12:00:00+08:00') ?? 0)).toBe(1);
    // Friday to Monday is one working day.
    const friday = cstDay('2026-04-10T10:00:00+08:00') ?? 0;
    expect(workingDaysBetween(friday, friday + 3)).toBe(1);
  });
});

describe('OCDS mappings of the codelists', () => {
  const ocdsCodes = (name: string): Set<string> => {
    const text = readFileSync(new URL(`../../../schemas/ocds/1.1/codelists/${name}.csv`, import.meta.url), 'utf8');
    return new Set(
      text
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0]?.trim() ?? '')
        .filter(Boolean),
    );
  };

  it('map notice types, methods and roles onto codes of the OCDS 1.1 codelists', () => {
    const tags = ocdsCodes('releaseTag');
    for (const t of loadCodelist('noticeType').codes) expect(tags, t.code).toContain(t.ocdsTag);
    const methods = ocdsCodes('method');
    for (const m of loadCodelist('procurementMethod').codes) expect(methods, m.code).toContain(m.ocdsMethod);
    const roles = ocdsCodes('partyRole');
    for (const r of loadCodelist('partyRole').codes) expect(roles, r.code).toContain(r.ocdsRole);
  });

  it('use the OCDS status codes as they are', () => {
    for (const name of ['tenderStatus', 'awardStatus', 'contractStatus']) {
      const codes = ocdsCodes(name);
      for (const c of loadCodelist(name).codes) expect(codes, `${name}.${c.code}`).toContain(c.code);
    }
  });
});
