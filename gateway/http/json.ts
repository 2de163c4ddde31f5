/**
 * Safe JSON reading: strict UTF-8, JSON.parse (which never touches prototypes), then one walk that
 * enforces the depth and string-length limits and rejects `__proto__` keys, so that no later
 * merge or copy can be tricked into prototype pollution.
 */
import type { Bilingual } from '../core/i18n.ts';
import type { ErrorCode } from '../core/problems.ts';
import type { ProblemItem } from './errors.ts';

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

/** Parses JSON text and checks it against the limits. */
export function parseJson(text: string, limits: JsonLimits): { ok: true; value: unknown } | JsonFailure {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message;
    return malformed({ zh: `不是合法的 JSON：${reason}`, en: `Not valid JSON: ${reason}` });
  }
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
