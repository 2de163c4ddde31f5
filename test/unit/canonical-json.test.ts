import { readdirSync, readFileSync } from 'node:fs';
import canonicalizeReference from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../gateway/core/canonical-json.ts';

const examples = new URL('../../schemas/v1/examples/valid/', import.meta.url);
const reference = canonicalizeReference as (value: unknown) => string | undefined;

function outcome(fn: (value: unknown) => string | undefined, value: unknown): { text?: string; error?: string } {
  try {
    return { text: fn(value) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('RFC 8785 canonical JSON', () => {
  it('gives the same text as the canonicalize package for every standard example', () => {
    const files = readdirSync(examples).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const record: unknown = JSON.parse(readFileSync(new URL(file, examples), 'utf8'));
      expect(canonicalize(record), file).toBe(canonicalizeReference(record));
    }
  });

  it('sorts keys by UTF-16 code units and writes numbers as ECMAScript does', () => {
    const value = { b: [1e21, 0.1, -0, 1.5e-7], a: { '\u20ac': 1, '\ud83d\ude00': 2, '\r': 3, '1': 4, é: 5 }, c: 'π "quoted" \u2028' };
    expect(canonicalize(value)).toBe('{"a":{"\\r":3,"1":4,"é":5,"€":1,"😀":2},"b":[1e+21,0.1,0,1.5e-7],"c":"π \\"quoted\\" \u2028"}');
    expect(canonicalize(value)).toBe(canonicalizeReference(value));
  });

  it('treats undefined, symbols, functions and toJSON like the reference implementation', () => {
    const values: unknown[] = [
      { a: undefined, b: Symbol('s'), c: null, d: true },
      [undefined, Symbol('s'), () => 1, 'x'],
      { when: new Date('2026-03-01T00:00:00Z'), nested: { toJSON: () => ({ z: 1, y: 2 }) } },
      { f: () => 1 },
      undefined,
      'plain',
    ];
    for (const value of values)
      expect(outcome(canonicalize, value)).toEqual(outcome(canonicalizeReference as (v: unknown) => string | undefined, value));
  });

  it('refuses what has no canonical form: NaN, Infinity, lone surrogates, circular references', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular['self'] = circular;
    const refused: unknown[] = [{ n: Number.NaN }, [Number.POSITIVE_INFINITY], { s: 'a\ud800b' }, { ['\udc00']: 1 }, circular];
    for (const value of refused) {
      const mine = outcome(canonicalize, value);
      expect(mine.error, JSON.stringify(String(value))).toBeDefined();
      expect(mine).toEqual(outcome(canonicalizeReference as (v: unknown) => string | undefined, value));
    }
  });

  it('writes a value that appears twice side by side both times: only a value inside itself is a cycle', () => {
    const shared = { z: [1, 2], a: 'x' };
    const value = { left: shared, right: shared, list: [shared, shared], when: new Date('2026-03-01T00:00:00Z'), again: { shared } };
    expect(canonicalize(value)).toBe(reference(value));
    expect(canonicalize(value)).toContain('"left":{"a":"x","z":[1,2]},"list":[{"a":"x","z":[1,2]},{"a":"x","z":[1,2]}]');
  });

  it('refuses cycles at any depth, through arrays and through toJSON, like the reference', () => {
    const deep: Record<string, unknown> = { a: { b: { c: [{ d: null }] } } };
    ((((deep['a'] as Record<string, unknown>)['b'] as Record<string, unknown>)['c'] as unknown[])[0] as Record<string, unknown>)['d'] =
      deep;
    const array: unknown[] = [1];
    array.push([array]);
    const selfJSON = { toJSON: (): unknown => selfJSON };
    const viaJSON: Record<string, unknown> = {};
    viaJSON['inner'] = { toJSON: () => ({ back: viaJSON }) };
    for (const value of [deep, array, selfJSON, viaJSON]) {
      expect(outcome(canonicalize, value)).toEqual({ error: 'Circular reference detected' });
      expect(outcome(canonicalize, value)).toEqual(outcome(reference, value));
    }
  });

  it('escapes keys and strings that need it and refuses a lone surrogate key on every call, not only the first', () => {
    const value = { 'a"b': 'tab\there', 'back\\slash': '\u0000\u001f\u007f', '\n': ['"', '\\', '\b\f'], 中文: '招标公告 😀' };
    for (let round = 0; round < 3; round++) {
      expect(canonicalize(value)).toBe(reference(value));
      expect(outcome(canonicalize, { ['x\udbff']: 1 })).toEqual({ error: 'Lone surrogate is not allowed' });
      expect(outcome(canonicalize, { ['x\udbff']: undefined })).toEqual({ text: '{}' });
    }
    expect(canonicalize(value)).toBe(
      '{"\\n":["\\"","\\\\","\\b\\f"],"a\\"b":"tab\\there","back\\\\slash":"\\u0000\\u001f\u007f","中文":"招标公告 😀"}',
    );
  });

  it('sorts objects with many keys, integer-like keys and an own __proto__ key', () => {
    const many: Record<string, number> = {};
    for (let i = 60; i > 0; i--) many[`k${i % 7}-${i}`] = i;
    for (const key of ['10', '9', '0', '', '__proto__x']) many[key] = key.length;
    const parsed: unknown = JSON.parse('{"__proto__":{"b":1,"a":2},"10":1,"2":2,"1":3,"\\r":4}');
    expect(canonicalize(parsed)).toBe('{"\\r":4,"1":3,"10":1,"2":2,"__proto__":{"a":2,"b":1}}');
    for (const value of [many, parsed]) expect(canonicalize(value)).toBe(reference(value));
  });

  it('writes an array hole as null, as JSON.stringify does (the reference leaves it empty)', () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is what is under test
    const holey = [, 1];
    expect(canonicalize(holey)).toBe('[null,1]');
    expect(canonicalize(holey)).toBe(JSON.stringify(holey));
  });

  it('gives the same text or the same error as the reference for arbitrary JSON-like values', () => {
    const tricky = fc.constantFrom(
      '"',
      '\\',
      '\u0000',
      '\u001f',
      '\u007f',
      '\u2028',
      'é',
      '€',
      '中',
      '\ud83d\ude00',
      '\ud800',
      '\udfff',
      'a',
      '1',
      '__proto__',
    );
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string({ unit: tricky, maxLength: 4 }));
    const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-0, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, 2 ** 53, 0.1 + 0.2));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom(null, true, false, undefined),
        number,
        text,
        fc.array(tie('value'), { maxLength: 6 }),
        fc.dictionary(text, tie('value'), { maxKeys: 40 }),
      ),
    }));
    fc.assert(
      fc.property(value, (generated) => {
        expect(outcome(canonicalize, generated)).toEqual(outcome(reference, generated));
      }),
      { numRuns: 500 },
    );
  });
});
