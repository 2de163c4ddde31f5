/** Pure rules of ingest: area authorization (GB/T 2260), entitlements, language, JSON limits, rate limits. */
import { describe, expect, it } from 'vitest';
import { negotiateLanguage } from '../../gateway/core/i18n.ts';
import { checkLimits, parseJson } from '../../gateway/core/json.ts';
import { RateLimiter } from '../../gateway/core/rate-limit.ts';
import { areaPrefix, entitled, publishRefusals, withinAreas } from '../../gateway/registry/areas.ts';
import type { SystemEntry } from '../../gateway/registry/types.ts';

describe('areas', () => {
  it('lets a province cover its prefectures and counties, a prefecture its counties, a county itself', () => {
    expect(areaPrefix('350000')).toBe('35');
    expect(areaPrefix('350100')).toBe('3501');
    expect(areaPrefix('350102')).toBe('350102');
    expect(withinAreas('350203', ['350000'])).toBe(true);
    expect(withinAreas('350102', ['350100'])).toBe(true);
    expect(withinAreas('350203', ['350100'])).toBe(false);
    expect(withinAreas('330106', ['350000', '330100'])).toBe(true);
    expect(withinAreas('350103', ['350102'])).toBe(false);
  });

  it('refuses record types and areas outside the publishing rights, and everything to a non-publisher', () => {
    const fuzhou = {
      id: 'fz',
      name: 'fz',
      kind: 'provincial',
      publish: { areas: ['350100'], recordTypes: ['notice'] },
      credentials: {},
    } satisfies SystemEntry;
    expect(publishRefusals(fuzhou, { recordType: 'notice', regionCode: '350104' })).toEqual([]);
    expect(publishRefusals(fuzhou, { recordType: 'transaction', regionCode: '350200' }).map((r) => r.reason)).toEqual([
      'recordType',
      'area',
    ]);
    const reader = { id: 'r', name: 'r', kind: 'trading-platform', credentials: {} } satisfies SystemEntry;
    expect(publishRefusals(reader, { recordType: 'notice', regionCode: '350104' })).toHaveLength(2);
  });

  it('filters feeds by record type, notice type and area prefix', () => {
    const record = { recordType: 'notice' as const, regionCode: '350102', noticeType: 'tender' };
    expect(entitled({ recordTypes: ['notice'], areaPrefixes: ['35'] }, record)).toBe(true);
    expect(entitled({ recordTypes: ['transaction'] }, record)).toBe(false);
    expect(entitled({ noticeTypes: ['award'] }, record)).toBe(false);
    expect(entitled({ areaPrefixes: ['33'] }, record)).toBe(false);
    expect(entitled({}, record)).toBe(true);
    expect(entitled(undefined, record)).toBe(false);
  });
});

describe('language', () => {
  it('answers in Chinese unless English is preferred', () => {
    expect(negotiateLanguage(undefined)).toBe('zh');
    expect(negotiateLanguage('en-US,en;q=0.9')).toBe('en');
    expect(negotiateLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(negotiateLanguage('en;q=0.5, zh-Hans;q=0.8')).toBe('zh');
    expect(negotiateLanguage('fr-FR')).toBe('zh');
    expect(negotiateLanguage('fr, en;q=0.1')).toBe('en');
  });
});

describe('JSON limits', () => {
  const limits = { maxDepth: 4, maxStringLength: 10 };
  it('accepts JSON within the limits', () => {
    expect(parseJson('{"a":[1,{"b":"short"}]}', limits)).toEqual({ ok: true, value: { a: [1, { b: 'short' }] } });
  });
  it('points at the first value too deep or too long', () => {
    expect(checkLimits({ a: { b: { c: { d: {} } } } }, limits)?.pointer).toBe('/a/b/c/d');
    expect(checkLimits({ a: ['x'.repeat(11)] }, limits)).toMatchObject({ pointer: '/a/0', keyword: 'maxStringLength' });
  });
  it('rejects __proto__ anywhere without touching any prototype', () => {
    const parsed = parseJson('{"x":[{"__proto__":{"admin":true}}]}', limits);
    expect(parsed).toMatchObject({
      ok: false,
      code: 'record_limits_exceeded',
      errors: [{ pointer: '/x/0/__proto__', keyword: 'forbiddenKey' }],
    });
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
  });
  it('escapes JSON Pointer tokens', () => {
    expect(checkLimits({ 'a/b': { '~': 'x'.repeat(11) } }, limits)?.pointer).toBe('/a~1b/~0');
  });
  it('survives very deep input without overflowing the stack', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const parsed = parseJson(deep, { maxDepth: 32, maxStringLength: 10 });
    expect(parsed.ok).toBe(false);
  });
});

describe('rate limits', () => {
  it('allows the burst, then refuses with a retry delay until tokens refill', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const limit = { requestsPerSecond: 2, burst: 3 };
    expect([1, 2, 3].map(() => limiter.take('s', limit).allowed)).toEqual([true, true, true]);
    expect(limiter.take('s', limit)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 500;
    expect(limiter.take('s', limit).allowed).toBe(true);
    expect(limiter.take('other', limit).allowed).toBe(true);
    expect(limiter.take('s', undefined).allowed).toBe(true);
  });
});
