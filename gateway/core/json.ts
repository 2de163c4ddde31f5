/**
 * Safe JSON reading: strict UTF-8, JSON.parse (which never touches prototypes), one linear scan of
 * the source tokens for what JSON.parse lets through silently (lone surrogates, integers it would
 * round), then one walk that enforces the depth and string-length limits and rejects `__proto__`
 * keys, so that no later merge or copy can be tricked into prototype pollution.
 */
import type { Bilingual } from './i18n.ts';
import type { ErrorCode, ProblemItem } from './problems.ts';

/** Limits on a parsed value. */
export interface JsonLimits {
  maxDepth: number;
  maxStringLength: number;
}

/** A parse that went wrong, as a value. */
export type JsonFailure = { ok: false; code: Extract<ErrorCode, 'malformed_request' | 'record_limits_exceeded'>; errors: ProblemItem[] };

const FORBIDDEN_KEYS = new Set(['__proto__']);

/** Decodes strict UTF-8 (a leading BOM is dropped); null when the bytes are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** Where bytes stop being UTF-8, as a malformed-request failure naming the byte offset and line. */
export function notUtf8(bytes: Uint8Array): JsonFailure {
  const at = invalidUtf8At(bytes);
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
  return {
    ok: false,
    code: 'malformed_request',
    errors: [
      {
        pointer: '',
        keyword: 'utf8',
        message: { zh: `请求体不是 UTF-8：第 ${line} 行，字节偏移 ${at}`, en: `The body is not UTF-8: line ${line}, byte offset ${at}` },
      },
    ],
  };
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates), or -1. */
export function invalidUtf8At(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (need === 0) return i;
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    const second = bytes[i + 1];
    if (second === undefined || second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Parses JSON text and checks it against the limits. */
export function parseJson(text: string, limits: JsonLimits): { ok: true; value: unknown } | JsonFailure {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return parsed;
  const [token] = scanTokens(text);
  if (token) return { ok: false, code: token.code, errors: [token.item] };
  return withinLimits(parsed.value, limits);
}

/** JSON.parse as a value: a malformed-request failure instead of an exception. */
export function parseJsonText(text: string): { ok: true; value: unknown } | JsonFailure {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const reason = (error as Error).message;
    return malformed({ zh: `不是合法的 JSON：${reason}`, en: `Not valid JSON: ${reason}` });
  }
}

/** A parsed value, or the first limit it breaks. */
export function withinLimits(value: unknown, limits: JsonLimits): { ok: true; value: unknown } | JsonFailure {
  const problem = checkLimits(value, limits);
  return problem ? { ok: false, code: 'record_limits_exceeded', errors: [problem] } : { ok: true, value };
}

/** A malformed-request failure with one message. */
export function malformed(message: Bilingual, pointer = ''): JsonFailure {
  return { ok: false, code: 'malformed_request', errors: [{ pointer, keyword: 'json', message }] };
}

/** A value met during the walk; its JSON Pointer is only spelled out when it breaks a limit. */
type Visit = { value: unknown; parent: Visit | null; key: string; depth: number };

/** The JSON Pointer (RFC 6901) of a visited value, followed by `childKey` when given. */
function pointerOf(visit: Visit, childKey?: string): string {
  const keys: string[] = childKey === undefined ? [] : [childKey];
  for (let v: Visit | null = visit; v?.parent; v = v.parent) keys.push(v.key);
  let pointer = '';
  for (let i = keys.length - 1; i >= 0; i--) pointer += `/${keys[i]!.replaceAll('~', '~0').replaceAll('/', '~1')}`;
  return pointer;
}

/** The first limit a value breaks, if any (iterative: deep input cannot overflow the stack). */
export function checkLimits(root: unknown, limits: JsonLimits): ProblemItem | null {
  const stack: Visit[] = [{ value: root, parent: null, key: '', depth: 0 }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const { value, depth } = visit;
    if (typeof value === 'string') {
      if (value.length > limits.maxStringLength)
        return {
          pointer: pointerOf(visit),
          keyword: 'maxStringLength',
          message: { zh: `字符串长度超过上限 ${limits.maxStringLength}`, en: `String longer than the limit of ${limits.maxStringLength}` },
        };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth + 1 > limits.maxDepth)
      return {
        pointer: pointerOf(visit),
        keyword: 'maxDepth',
        message: { zh: `嵌套深度超过上限 ${limits.maxDepth}`, en: `Nested deeper than the limit of ${limits.maxDepth}` },
      };
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], parent: visit, key: String(i), depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key))
        return {
          pointer: pointerOf(visit, key),
          keyword: 'forbiddenKey',
          message: { zh: `不允许的键 ${key}`, en: `Forbidden key ${key}` },
        };
      if (key.length > limits.maxStringLength)
        return { pointer: pointerOf(visit, key), keyword: 'maxStringLength', message: { zh: '键名过长', en: 'Key too long' } };
      stack.push({ value: (value as Record<string, unknown>)[key], parent: visit, key, depth: depth + 1 });
    }
  }
  return null;
}

/** Largest integer a JSON number may spell: beyond it JSON.parse rounds silently (2^53 − 1). */
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** One open container met by the scanner: an array's index, or the raw text span of an object's current key. */
type Frame = { array: boolean; index: number; keyStart: number; keyEnd: number; expectKey: boolean };

/** A problem the token scan found, with the index of the top-level array element it sits in (for batches). */
export interface TokenProblem {
  code: JsonFailure['code'];
  item: ProblemItem;
  /** Index of the enclosing top-level array element; -1 outside an array. */
  top: number;
}

/**
 * What JSON.parse lets through silently, found in the source text in one linear pass: a lone
 * UTF-16 surrogate (`"\ud800"`: it cannot be encoded as UTF-8, so hashing or storing the record
 * would fail later) and an integer JSON.parse would round (beyond 2^53 − 1, or written with an
 * exponent such as `1e308`). Node 20's reviver has no source text, so the tokens are read here.
 * `text` must already have parsed; `perTop` reports the first problem of every top-level array
 * element instead of stopping at the first one.
 */
export function scanTokens(text: string, perTop = false): TokenProblem[] {
  const problems: TokenProblem[] = [];
  const frames: Frame[] = [];
  let reportedTop = -2;
  const report = (code: JsonFailure['code'], keyword: string, message: Bilingual): boolean => {
    const top = frames[0]?.array ? frames[0].index : -1;
    if (top !== reportedTop) {
      reportedTop = top;
      problems.push({ code, top, item: { pointer: scanPointer(text, frames), keyword, message } });
    }
    return !perTop;
  };
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const start = i;
      let j = i + 1;
      let bad = false;
      for (;;) {
        const d = text.charCodeAt(j);
        if (d === 0x22) break;
        if (d === 0x5c) {
          if (text.charCodeAt(j + 1) !== 0x75) {
            j += 2;
            continue;
          }
          const unit = Number.parseInt(text.slice(j + 2, j + 6), 16);
          if (unit >= 0xd800 && unit <= 0xdbff && text.charCodeAt(j + 6) === 0x5c && text.charCodeAt(j + 7) === 0x75) {
            const low = Number.parseInt(text.slice(j + 8, j + 12), 16);
            if (low >= 0xdc00 && low <= 0xdfff) {
              j += 12;
              continue;
            }
          }
          if (unit >= 0xd800 && unit <= 0xdfff) bad = true;
          j += 6;
          continue;
        }
        if (d >= 0xd800 && d <= 0xdfff) {
          // A raw surrogate (text that did not come from UTF-8 bytes): it must be a well-formed pair.
          const e = text.charCodeAt(j + 1);
          if (d <= 0xdbff && e >= 0xdc00 && e <= 0xdfff) j++;
          else bad = true;
        }
        j++;
      }
      const top = frames[frames.length - 1];
      if (top && !top.array && top.expectKey) {
        top.keyStart = start;
        top.keyEnd = j + 1;
      }
      i = j + 1;
      if (bad && report('malformed_request', 'surrogate', LONE_SURROGATE)) return problems;
      continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      let fraction = false;
      let exponent = false;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d === 0x2e) fraction = true;
        else if (d === 0x65 || d === 0x45) exponent = true;
        else if (!((d >= 0x30 && d <= 0x39) || d === 0x2b || d === 0x2d)) break;
      }
      const problem = numberProblem(text.slice(i, j), fraction, exponent);
      i = j;
      if (problem && report('record_limits_exceeded', 'safeInteger', problem)) return problems;
      continue;
    }
    if (c === 0x7b || c === 0x5b) frames.push({ array: c === 0x5b, index: 0, keyStart: -1, keyEnd: -1, expectKey: true });
    else if (c === 0x7d || c === 0x5d) frames.pop();
    else if (c === 0x2c) {
      const top = frames[frames.length - 1]!;
      if (top.array) top.index++;
      else top.expectKey = true;
    } else if (c === 0x3a) frames[frames.length - 1]!.expectKey = false;
    i++;
  }
  return problems;
}

const LONE_SURROGATE: Bilingual = {
  zh: '字符串含有不成对的 UTF-16 代理项（如 \\ud800），无法编码为 UTF-8',
  en: 'The string holds a lone UTF-16 surrogate (such as \\ud800), which cannot be encoded as UTF-8',
};

/** Why a number token is refused, if it is: an integer beyond 2^53 − 1 or one written with an exponent. */
function numberProblem(token: string, fraction: boolean, exponent: boolean): Bilingual | null {
  if (exponent) {
    const value = Number(token);
    if (!Number.isInteger(value)) return null;
    return {
      zh: `整数须以十进制数字书写，不得使用指数形式：${token.slice(0, 40)}`,
      en: `An integer must be written in plain digits, not with an exponent: ${token.slice(0, 40)}`,
    };
  }
  // 15 digits are always safe; only longer integers need the exact comparison.
  if (fraction || token.length < 16) return null;
  const digits = token.startsWith('-') ? token.slice(1) : token;
  if (BigInt(digits) <= MAX_SAFE) return null;
  return {
    zh: `整数超出安全范围（±${Number.MAX_SAFE_INTEGER}），解析时会丢失精度：${token.slice(0, 40)}`,
    en: `Integer outside the safe range (±${Number.MAX_SAFE_INTEGER}); it would lose precision when parsed: ${token.slice(0, 40)}`,
  };
}

/** The JSON Pointer of the scanner's current position (built only when a problem is reported). */
function scanPointer(text: string, frames: Frame[]): string {
  let pointer = '';
  for (const f of frames) {
    const key = f.array ? String(f.index) : f.keyStart < 0 ? '' : String(JSON.parse(text.slice(f.keyStart, f.keyEnd)));
    pointer += `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
  }
  return pointer;
}
