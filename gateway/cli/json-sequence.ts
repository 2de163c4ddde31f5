/**
 * Input may be several JSON documents one after another (concatenated files, NDJSON): `pxg ocds compile`
 * and `pxg ocds export` read them all.
 */

/** The values, or why the text is not a sequence of JSON values. */
export type JsonSequence = { ok: true; values: unknown[] } | { ok: false; message: string };

/** Splits and parses a sequence of JSON values separated by optional whitespace. */
export function parseJsonSequence(text: string): JsonSequence {
  const values: unknown[] = [];
  let i = skipSpace(text, 0);
  while (i < text.length) {
    const end = valueEnd(text, i);
    try {
      values.push(JSON.parse(text.slice(i, end)));
    } catch (error) {
      return { ok: false, message: `value ${values.length + 1}: ${(error as Error).message}` };
    }
    i = skipSpace(text, end);
  }
  return values.length > 0 ? { ok: true, values } : { ok: false, message: 'no JSON value' };
}

/** Index just past the value starting at `start`: balanced brackets outside strings, or the next space for scalars. */
function valueEnd(text: string, start: number): number {
  const first = text[start];
  if (first !== '{' && first !== '[') {
    if (first === '"') return stringEnd(text, start);
    let i = start;
    while (i < text.length && !/[\s{["]/.test(text[i]!)) i++;
    return i;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') i = stringEnd(text, i) - 1;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}
