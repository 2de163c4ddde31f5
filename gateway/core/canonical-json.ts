/**
 * RFC 8785 JSON Canonicalization Scheme: object keys sorted by UTF-16 code units, no whitespace,
 * strings and numbers serialised as ECMAScript's JSON.stringify does. Every content hash is taken
 * over this form, so its output must never change: test/unit/canonical-json.test.ts checks it
 * against the `canonicalize` package, including its errors (NaN, Infinity, lone surrogates,
 * circular references). Written out because hashing records is on the ingest path: strings are
 * checked with the native `isWellFormed` and the text is built without intermediate arrays.
 */

/** The canonical JSON of a value; undefined when the value itself has none (undefined, a function). */
export function canonicalize(value: unknown): string | undefined {
  return serialize(value, new Set());
}

function serialize(value: unknown, seen: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
      if (!isWellFormed(value)) throw new Error('Lone surrogate is not allowed');
      return JSON.stringify(value);
    case 'number':
      if (Number.isNaN(value)) throw new Error('NaN is not allowed');
      if (!Number.isFinite(value)) throw new Error('Infinity is not allowed');
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      break;
    default:
      // boolean, undefined, function, symbol; a bigint throws as in JSON.stringify.
      return JSON.stringify(value);
  }
  const object = value as { toJSON?: unknown } & Record<string, unknown>;
  if (seen.has(object)) throw new Error('Circular reference detected');
  if (typeof object.toJSON === 'function') {
    seen.add(object);
    const result = serialize((object.toJSON as () => unknown).call(object), seen);
    seen.delete(object);
    return result;
  }
  seen.add(object);
  let out: string;
  if (Array.isArray(object)) {
    out = '[';
    for (let i = 0; i < object.length; i++) {
      const item: unknown = object[i];
      if (i > 0) out += ',';
      out += serialize(item === undefined || typeof item === 'symbol' ? null : item, seen) ?? '';
    }
    out += ']';
  } else {
    out = '{';
    let first = true;
    for (const key of Object.keys(object).sort()) {
      const item = object[key];
      if (item === undefined || typeof item === 'symbol') continue;
      if (!isWellFormed(key)) throw new Error('Lone surrogate is not allowed');
      out += `${first ? '' : ','}${JSON.stringify(key)}:${serialize(item, seen)}`;
      first = false;
    }
    out += '}';
  }
  seen.delete(object);
  return out;
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
