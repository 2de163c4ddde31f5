import { describe, expect, it } from 'vitest';
import { amountValue, numberToMicros, parseMicros, sourceAmount } from './money.ts';
import { compactToRfc3339, dashedToRfc3339, rfc3339ToCompact, rfc3339ToDashed } from './time.ts';
import { parseXml } from './xml.ts';

describe('Asia/Shanghai wall-clock times', () => {
  it('reads yyyyMMddHHmmss as RFC 3339 with +08:00 and writes any offset back in Shanghai time', () => {
    expect(compactToRfc3339('20260302093000')).toBe('2026-03-02T09:30:00+08:00');
    expect(rfc3339ToCompact('2026-03-02T01:30:00Z')).toBe('20260302093000');
    expect(rfc3339ToCompact('2026-12-31T20:00:00-05:00')).toBe('20270101090000');
    expect(dashedToRfc3339('2026-04-01 09:00:00')).toBe('2026-04-01T09:00:00+08:00');
    expect(rfc3339ToDashed('2026-04-01T09:00:00+08:00')).toBe('2026-04-01 09:00:00');
  });

  it('refuses times that do not exist', () => {
    for (const bad of ['20260230093000', '20261301000000', '20260301246000', '2026030109300', '19900101000000'])
      expect(compactToRfc3339(bad)).toBeUndefined();
    expect(dashedToRfc3339('2026-02-29 10:00:00')).toBeUndefined();
  });
});

describe('money', () => {
  it('converts 万元 with 6 decimals to 元 exactly and keeps what the source sent', () => {
    expect(amountValue(parseMicros('123.456789')!, '万元')).toEqual({
      amount: 1234567.89,
      currency: 'CNY',
      original: { amount: 123.456789, unit: '万元' },
    });
    // 0.1 + 0.2 style errors cannot happen: the arithmetic is on integers.
    expect(amountValue(parseMicros('0.3')!, '万元').amount).toBe(3000);
  });

  it('rounds 元 with more than 2 decimals half up, keeping the original', () => {
    expect(amountValue(parseMicros('10.005')!, '元')).toMatchObject({ amount: 10.01, original: { amount: 10.005, unit: '元' } });
    expect(amountValue(parseMicros('10.004999')!, '元').amount).toBe(10);
  });

  it('refuses numbers beyond precision (14,6), signs and exponents', () => {
    for (const bad of ['123456789', '1.1234567', '-1', '1e3', '']) expect(parseMicros(bad)).toBeUndefined();
    expect(parseMicros('99999999.999999')).toBe(99_999_999_999_999n);
  });

  it('sends back the original amount, else 元, switching to 万元 when 元 would not fit', () => {
    expect(sourceAmount({ amount: 1_500_000, currency: 'CNY', original: { amount: 150, unit: '万元' } })).toEqual({
      text: '150',
      unit: '万元',
    });
    expect(sourceAmount({ amount: 1268000.5, currency: 'CNY' })).toEqual({ text: '1268000.5', unit: '元' });
    expect(sourceAmount({ amount: 250_000_000, currency: 'CNY' })).toEqual({ text: '25000', unit: '万元' });
    expect(numberToMicros(0.1 + 0.2)).toBe(300_000n);
  });
});

describe('safe XML', () => {
  it('refuses a DOCTYPE with an external entity before parsing', () => {
    const result = parseXml('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>', []);
    expect(result.ok ? 'parsed' : result.error.code).toBe('adapter.xml-entity');
  });

  it('refuses an entity-expansion bomb at once without expanding it', () => {
    const levels = Array.from({ length: 30 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    const bomb = `<!DOCTYPE r [<!ENTITY l0 "lol">${levels}]><r>&l30;</r>`;
    const result = parseXml(bomb, []);
    expect(result.ok ? 'parsed' : result.error.code).toBe('adapter.xml-entity');
  });

  it('refuses undeclared entities and malformed XML as malformed', () => {
    expect(parseXml('<a>&nbsp;</a>', []).ok).toBe(false);
    const unclosed = parseXml('<a><b></a>', []);
    expect(unclosed.ok ? 'parsed' : unclosed.error.code).toBe('adapter.malformed');
  });

  it('decodes the predefined entities and character references, including characters beyond the BMP', () => {
    const result = parseXml('<a><b>&lt;&amp;&gt; &#x4DAE;&#x20000;&#20013;</b><c>&amp;#20013;</c></a>', []);
    expect(result.ok && result.root).toEqual({ a: { b: '<&> 䶮𠀀中', c: '&#20013;' } });
  });
});
