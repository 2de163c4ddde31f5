/**
 * Query parameters, parsed exactly as contracts/openapi.yaml declares them. An integer is decimal
 * digits only, without a sign, spaces, exponent, fraction or leading zero (`0x10`, `1e3`, `+5`,
 * ` 5`, `5.0`, `05` are refused); a flag is `true` or `false`; a parameter appears at most once.
 * A bad value answers 400 `malformed_request` naming the parameter (`parameter` in the problem, and
 * `keyword` of its one `errors` item), never as a body problem.
 */
import type { Context } from 'hono';
import type { Bilingual } from '../core/index.ts';
import type { AppEnv } from './context.ts';
import { ApiError } from './errors.ts';

const DECIMAL = /^(0|[1-9][0-9]{0,14})$/;

/** The 400 of a query parameter, naming it. */
export function badQuery(name: string, expected: Bilingual): ApiError {
  const message = { zh: `查询参数 ${name} 无效：${expected.zh}`, en: `Query parameter ${name} is invalid: ${expected.en}` };
  return new ApiError('malformed_request', {
    detail: message,
    errors: [{ pointer: '', keyword: name, message }],
    extensions: { parameter: name },
  });
}

/** The one raw value of a parameter; undefined when absent or empty; 400 when repeated. */
function single(c: Context<AppEnv>, name: string): string | undefined {
  const values = c.req.queries(name);
  if (!values || values.length === 0) return undefined;
  if (values.length > 1) throw badQuery(name, { zh: '只能出现一次', en: 'it may appear only once' });
  return values[0] === '' ? undefined : values[0];
}

/** An integer parameter from `min` to `max`, or `fallback` when absent. */
export function intQuery(c: Context<AppEnv>, name: string, bounds: { fallback: number; min?: number; max: number }): number {
  const raw = single(c, name);
  if (raw === undefined) return bounds.fallback;
  const min = bounds.min ?? 0;
  const n = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= min && n <= bounds.max)) {
    throw badQuery(name, {
      zh: `须为 ${min} 到 ${bounds.max} 的十进制整数`,
      en: `it must be a decimal integer from ${min} to ${bounds.max}`,
    });
  }
  return n;
}

/** One of `values`, or `fallback` when absent. */
export function enumQuery<T extends string>(c: Context<AppEnv>, name: string, values: readonly T[], fallback: T): T {
  const raw = single(c, name);
  if (raw === undefined) return fallback;
  if (!(values as readonly string[]).includes(raw)) {
    throw badQuery(name, { zh: `须为 ${values.join('、')} 之一`, en: `it must be one of ${values.join(', ')}` });
  }
  return raw as T;
}

/** A flag: `true` or `false`, `false` when absent. */
export function boolQuery(c: Context<AppEnv>, name: string): boolean {
  return enumQuery(c, name, ['true', 'false'], 'false') === 'true';
}

/** A text parameter (an id, a cursor, a token) of at most `maxLength` printable characters. */
export function textQuery(c: Context<AppEnv>, name: string, maxLength = 1024): string | undefined {
  const raw = single(c, name);
  if (raw === undefined) return undefined;
  if (raw.length > maxLength || [...raw].some((ch) => ch < ' ' || ch === '\u007f')) {
    throw badQuery(name, { zh: `须为不超过 ${maxLength} 个可打印字符`, en: `it must be at most ${maxLength} printable characters` });
  }
  return raw;
}
