/**
 * RFC 8785 JSON Canonicalization Scheme: object keys sorted by UTF-16 code units, no whitespace,
 * strings and numbers serialised as ECMAScript's JSON.stringify does. Every content hash is taken
 * over this form, so its output must never change: test/unit/canonical-json.test.ts checks it
 * against the `canonicalize` package, including its errors (NaN, Infinity, lone surrogates,
 * circular references). One deliberate difference: an array hole is written as null, as
 * JSON.stringify does (the package leaves it empty); records never have holes.
 *
 * Written out because hashing records is on the ingest path, where it should cost little more
 * than JSON.stringify. Most strings need no escaping: one precompiled test lets them be quoted as
 * they are, and only the others go through the lone-surrogate check and JSON.stringify. Records
 * share a small vocabulary of keys, so each key is quoted once and remembered. Keys come mostly in
 * order already, so a short insertion sort beats Array.prototype.sort. Cycles are found by looking
 * up the (short) chain of enclosing objects rather than keeping a set.
 */

/** The canonical JSON of a value; undefined when the value itself has none (undefined, a function). */
export function canonicalize(value: unknown): string | undefined {
  return serialize(value, [], 0);
}

/** The text of `value`, inside the objects `enclosing[0..depth)` (a cycle if it is one of them). */
function serialize(value: unknown, enclosing: object[], depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      if (Number.isNaN(value)) throw new Error('NaN is not allowed');
      if (!Number.isFinite(value)) throw new Error('Infinity is not allowed');
      return String(value); // the text JSON.stringify gives every finite number (-0 is "0")
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      break;
    default:
      // undefined, function, symbol: no text; a bigint throws as in JSON.stringify.
      return JSON.stringify(value);
  }
  // The same value may appear twice side by side; only inside itself is it a cycle.
  for (let i = 0; i < depth; i++) if (enclosing[i] === value) throw new Error('Circular reference detected');
  enclosing[depth] = value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return serialize(toJSON.call(value), enclosing, depth + 1);
  return Array.isArray(value)
    ? serializeArray(value, enclosing, depth + 1)
    : serializeObject(value as Record<string, unknown>, enclosing, depth + 1);
}

function serializeArray(array: unknown[], enclosing: object[], depth: number): string {
  let out = '[';
  for (let i = 0; i < array.length; i++) {
    if (i > 0) out += ',';
    const item = array[i];
    // A function item leaves its place empty, as in the reference implementation.
    out += serialize(item === undefined || typeof item === 'symbol' ? null : item, enclosing, depth) ?? '';
  }
  return out + ']';
}

function serializeObject(object: Record<string, unknown>, enclosing: object[], depth: number): string {
  const keys = sortKeys(Object.keys(object));
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = object[key];
    if (item === undefined || typeof item === 'symbol') continue;
    if (out.length > 1) out += ',';
    // The key is checked before its value; a function value is written as `undefined`, as in the reference.
    out += keyPrefix(key) + String(serialize(item, enclosing, depth));
  }
  return out + '}';
}

/** Sorts keys in place by UTF-16 code units (`<` on strings compares as Array.prototype.sort does). */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 32) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    if (keys[i - 1]! < key) continue;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
}

/** A string without any character JSON.stringify escapes (", \, U+0000–U+001F) nor any surrogate, lone or paired. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what JSON escapes
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** A string as JSON text; a lone surrogate has no canonical form. */
function quote(text: string): string {
  if (PLAIN.test(text)) return '"' + text + '"';
  if (!isWellFormed(text)) throw new Error('Lone surrogate is not allowed');
  return JSON.stringify(text);
}

/** `"key":` for the keys seen so far; cleared when full, so arbitrary keys cannot grow it without limit. */
const keyPrefixes = new Map<string, string>();
const KEY_PREFIXES_MAX = 4096;

function keyPrefix(key: string): string {
  let prefix = keyPrefixes.get(key);
  if (prefix === undefined) {
    prefix = quote(key) + ':';
    if (keyPrefixes.size >= KEY_PREFIXES_MAX) keyPrefixes.clear();
    keyPrefixes.set(key, prefix);
  }
  return prefix;
}

const nativeIsWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;

/** Whether a string has no lone surrogate (native where the runtime has it). */
function isWellFormed(text: string): boolean {
  if (nativeIsWellFormed) return nativeIsWellFormed.call(text);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) return false;
  }
  return true;
}
