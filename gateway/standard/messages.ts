/**
 * Turns Ajv errors into the standard's issues: a JSON Pointer into the record and a message
 * in Chinese and English. Only runs on the slow path, after a record failed validation.
 */

import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import type { Bilingual } from '../core/index.ts';
import { invisibleIn } from './formats.ts';
import { usccCheckChar } from './identifiers.ts';
import type { Issue } from './port.ts';
import { areaTable, lookupCatalogue } from './reference-data.ts';

/** Escapes one JSON Pointer segment (RFC 6901). */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const FORMAT_MESSAGES: Record<string, (data: unknown) => Bilingual> = {
  uscc: (data) => {
    const code = String(data);
    const expected = code.length === 18 ? usccCheckChar(code.slice(0, 17)) : undefined;
    return expected
      ? {
          zh: `统一社会信用代码“${code}”校验位错误，应为“${expected}”（GB 32100-2015）`,
          en: `Unified Social Credit Code '${code}' has a wrong check character: expected '${expected}' (GB 32100-2015)`,
        }
      : {
          zh: `“${show(data)}”不是有效的统一社会信用代码：应为 18 位，仅含数字和除 I、O、S、V、Z 外的大写字母（GB 32100-2015）`,
          en: `'${show(data)}' is not a Unified Social Credit Code: 18 characters of digits and capitals except I, O, S, V, Z (GB 32100-2015)`,
        };
  },
  'plain-id': (data) => {
    const found = invisibleIn(String(data));
    return {
      zh: `标识含有控制字符或格式字符 ${found?.codePoint ?? ''}（位置 ${found?.index ?? 0}），如换行、双向文本覆盖符或零宽字符`,
      en: `The identifier holds the control or format character ${found?.codePoint ?? ''} at ${found?.index ?? 0} (line breaks, bidi overrides, zero-width characters are refused)`,
    };
  },
  orgcode: (data) => ({
    zh: `“${show(data)}”不是有效的组织机构代码（GB 11714，校验位或格式错误）`,
    en: `'${show(data)}' is not a valid organisation code (GB 11714: wrong check character or shape)`,
  }),
  gbt2260: (data) => ({
    zh: `“${show(data)}”不是有效的行政区划代码：不在 GB/T 2260 代码表（${areaTable().asOf}）中`,
    en: `'${show(data)}' is not a known area code: not in the GB/T 2260 code table of ${areaTable().asOf}`,
  }),
  catalogue: (data) =>
    lookupCatalogue(String(data)) === 'malformed'
      ? {
          zh: `“${show(data)}”不是政府采购品目代码：应为 A/B/C 加 8 位数字`,
          en: `'${show(data)}' is not a procurement catalogue code: A, B or C followed by 8 digits`,
        }
      : {
          zh: `“${show(data)}”不在政府采购品目分类目录（财库〔2022〕31号）中`,
          en: `'${show(data)}' is not in the procurement catalogue (财库〔2022〕31号)`,
        },
  'date-time': (data) => ({
    zh: `“${show(data)}”不是带时区偏移的 RFC 3339 日期时间（如 2026-03-02T09:30:00+08:00）`,
    en: `'${show(data)}' is not an RFC 3339 date-time with an offset (e.g. 2026-03-02T09:30:00+08:00)`,
  }),
  uri: (data) => ({ zh: `“${show(data)}”不是有效的 URI`, en: `'${show(data)}' is not a valid URI` }),
  email: (data) => ({ zh: `“${show(data)}”不是有效的电子邮箱`, en: `'${show(data)}' is not a valid email address` }),
};

const TYPE_ZH: Record<string, string> = {
  object: '对象',
  array: '数组',
  string: '字符串',
  number: '数字',
  integer: '整数',
  boolean: '布尔值',
  null: 'null',
};

function messageFor(e: ErrorObject): Bilingual {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return {
        zh: `缺少必填字段“${p.missingProperty}”：请在${where(e.instancePath, 'zh')}添加该字段`,
        en: `missing required property '${p.missingProperty}': add it to ${where(e.instancePath, 'en')}`,
      };
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      const near = nearest(name, allowedProperties(e));
      return near
        ? {
            zh: `不允许的字段“${name}”：是否应为“${near}”？`,
            en: `property '${name}' is not allowed: did you mean '${near}'?`,
          }
        : { zh: `不允许的字段“${name}”：请删除该字段`, en: `property '${name}' is not allowed: remove it` };
    }
    case 'type':
      return { zh: `应为${TYPE_ZH[String(p.type)] ?? p.type}`, en: `must be of type ${p.type}` };
    case 'enum':
      return {
        zh: `取值${e.data === undefined ? '' : `“${show(e.data)}”`}不在允许范围内，应为：${(p.allowedValues as unknown[]).map(String).join('、')}`,
        en: `value ${e.data === undefined ? '' : `'${show(e.data)}' `}is not allowed: use one of ${(p.allowedValues as unknown[]).map(String).join(', ')}`,
      };
    case 'const':
      return { zh: `取值应为“${show(p.allowedValue)}”`, en: `must be '${show(p.allowedValue)}'` };
    case 'format':
      return (
        FORMAT_MESSAGES[String(p.format)] ??
        ((d: unknown) => ({ zh: `“${show(d)}”格式不符（${p.format}）`, en: `'${show(d)}' does not match format ${p.format}` }))
      )(e.data);
    case 'pattern':
      if (e.schemaPath.includes('/CatalogueCode/')) {
        return {
          zh: `“${show(e.data)}”不是政府采购品目代码：应为 A/B/C 加 8 位数字`,
          en: `'${show(e.data)}' is not a procurement catalogue code: A, B or C followed by 8 digits`,
        };
      }
      if (e.instancePath === '/ocid') {
        return {
          zh: `“${show(e.data)}”不是有效的 ocid：应为 ocds- 加 6 位前缀、“-”、项目编号`,
          en: `'${show(e.data)}' is not an ocid: ocds-, a 6-character prefix, '-', then the project number`,
        };
      }
      return { zh: `“${show(e.data)}”格式不符（${p.pattern}）`, en: `'${show(e.data)}' does not match ${p.pattern}` };
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const zh = { minimum: '不得小于', exclusiveMinimum: '应大于', maximum: '不得大于', exclusiveMaximum: '应小于' }[e.keyword];
      const en = { minimum: 'at least', exclusiveMinimum: 'greater than', maximum: 'at most', exclusiveMaximum: 'less than' }[e.keyword];
      return { zh: `${zh} ${p.limit}`, en: `must be ${en} ${p.limit}` };
    }
    case 'minLength':
      return { zh: `长度不得少于 ${p.limit} 个字符`, en: `must have at least ${p.limit} characters` };
    case 'maxLength':
      return { zh: `长度不得超过 ${p.limit} 个字符`, en: `must have at most ${p.limit} characters` };
    case 'minItems':
      return { zh: `至少应有 ${p.limit} 项`, en: `must have at least ${p.limit} items` };
    case 'maxItems':
      return { zh: `最多 ${p.limit} 项`, en: `must have at most ${p.limit} items` };
    case 'minProperties':
      return { zh: '不得为空对象', en: 'must not be empty' };
    case 'uniqueItems':
      return { zh: '数组元素不得重复', en: 'items must be unique' };
    case 'maxDecimals':
      return {
        zh: `“${show(e.data)}”小数位数超过 ${e.schema} 位`,
        en: `'${show(e.data)}' has more than ${e.schema} decimals`,
      };
    case 'oneOf':
    case 'anyOf':
      return { zh: '不符合任何一种允许的结构', en: 'does not match any allowed shape' };
    default:
      return { zh: ajvZh(e), en: e.message ?? `fails ${e.keyword}` };
  }
}

/** Where a pointer is, for a message: the record itself or the named object. */
function where(pointer: string, lang: 'zh' | 'en'): string {
  if (pointer === '') return lang === 'zh' ? '记录中' : 'the record';
  return lang === 'zh' ? `“${pointer}”中` : `'${pointer}'`;
}

/** The property names a schema allows (known only when Ajv ran with `verbose`). */
function allowedProperties(e: ErrorObject): string[] {
  const parent = e.parentSchema as { properties?: Record<string, unknown> } | undefined;
  return parent?.properties ? Object.keys(parent.properties) : [];
}

/** The allowed name closest to a misspelt one (edit distance at most a third of its length), if any. */
export function nearest(name: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const candidate of allowed) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

// ajv-i18n is CommonJS (`module.exports = localize`), which its typings describe as a default export.
const localizeZh = createRequire(import.meta.url)('ajv-i18n/localize/zh') as (errors: ErrorObject[]) => void;

/** Ajv's own message in Chinese (the ajv-i18n translation), for keywords without a message of ours. */
function ajvZh(e: ErrorObject): string {
  const copy = [{ ...e }];
  localizeZh(copy);
  return copy[0]!.message ?? `不符合规则 ${e.keyword}`;
}

/** The bilingual message of one Ajv error: for validators outside the standard (subscriptions, adapter input). */
export function ajvMessage(e: ErrorObject): Bilingual {
  const message = messageFor(e);
  return e.instancePath === '' || ['required', 'additionalProperties'].includes(e.keyword)
    ? message
    : { zh: `“${e.instancePath}”${message.zh}`, en: `'${e.instancePath}' ${message.en}` };
}

/** Converts the errors of an allErrors pass into issues, dropping the if/then wrappers and duplicates. */
export function issuesFromAjv(errors: readonly ErrorObject[]): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'not') continue;
    const p = e.params as Record<string, unknown>;
    let pointer = e.instancePath;
    if (e.keyword === 'required') pointer += `/${pointerSegment(String(p.missingProperty))}`;
    if (e.keyword === 'additionalProperties') pointer += `/${pointerSegment(String(p.additionalProperty))}`;
    const key = `${pointer}\u0000${e.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const keyword = e.keyword === 'format' ? String(p.format) : e.keyword;
    issues.push({ pointer, keyword, severity: 'error', message: messageFor(e) });
  }
  return issues;
}
