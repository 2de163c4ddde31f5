import { readFileSync, readdirSync } from 'node:fs';
import canonicalizeReference from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../gateway/core/canonical-json.ts';

const examples = new URL('../../schemas/v1/examples/valid/', import.meta.url);

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
    for (const value of values) expect(outcome(canonicalize, value)).toEqual(outcome(canonicalizeReference as (v: unknown) => string | undefined, value));
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
});
