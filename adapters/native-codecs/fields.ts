/**
 * Reading flat native rows (an XML row, a CSV line, a JSON object) field by field, collecting every
 * problem with its location instead of stopping at the first: one adapter error lists them all.
 */
import type { AdapterIssue } from '../sdk.ts';
import { parseMicros } from './money.ts';
import { compactToRfc3339, dashedToRfc3339 } from './time.ts';

/** Reads typed fields out of one native row; problems accumulate in `issues`. */
export class FieldReader {
  constructor(
    private readonly row: Readonly<Record<string, unknown>>,
    /** Location prefix of the row, e.g. `/DATA_PACKAGE/RECORD[1]/ROW`. */
    private readonly at: string,
    /** Shared with nested readers, so one list holds every problem of the row. */
    readonly issues: AdapterIssue[] = [],
  ) {}

  /** A reader for a nested element (e.g. one item of a list), reporting into the same list. */
  nested(row: unknown, path: string): FieldReader {
    const fields = typeof row === 'object' && row !== null && !Array.isArray(row) ? (row as Record<string, unknown>) : {};
    return new FieldReader(fields, `${this.at}/${path}`, this.issues);
  }

  /** Records a problem with a field. */
  fail(field: string, keyword: string, zh: string, en: string): void {
    this.issues.push({ pointer: `${this.at}/${field}`, keyword, message: { zh: `${field}：${zh}`, en: `${field}: ${en}` } });
  }

  /** A text field (trimmed; empty counts as absent), at most `maxLength` characters. */
  text(field: string, opts: { required?: boolean; maxLength?: number } = {}): string | undefined {
    const raw = this.row[field];
    if (raw !== undefined && typeof raw !== 'string' && typeof raw !== 'number') {
      this.fail(field, 'type', '应为文本', 'must be text');
      return undefined;
    }
    const value = raw === undefined ? '' : String(raw).trim();
    if (value === '') {
      if (opts.required) this.fail(field, 'required', '不能为空', 'is required');
      return undefined;
    }
    // Length in characters (code points), as the source systems count them.
    if (opts.maxLength !== undefined && [...value].length > opts.maxLength) {
      this.fail(field, 'maxLength', `长度不能超过 ${opts.maxLength}`, `must be at most ${opts.maxLength} characters`);
      return undefined;
    }
    return value;
  }

  /** A field restricted to the keys of `codes`. */
  code<T extends string>(field: string, codes: readonly T[], opts: { required?: boolean } = {}): T | undefined {
    const value = this.text(field, opts);
    if (value === undefined) return undefined;
    if (!(codes as readonly string[]).includes(value)) {
      this.fail(field, 'enum', `取值应为 ${codes.join('/')} 之一`, `must be one of ${codes.join('/')}`);
      return undefined;
    }
    return value as T;
  }

  /** A `yyyyMMddHHmmss` Asia/Shanghai time, as RFC 3339. */
  compactTime(field: string, opts: { required?: boolean } = {}): string | undefined {
    const value = this.text(field, opts);
    if (value === undefined) return undefined;
    const iso = compactToRfc3339(value);
    if (!iso) this.fail(field, 'format', '应为有效的 yyyyMMddHHmmss 时间', 'must be a real time as yyyyMMddHHmmss');
    return iso;
  }

  /** A `yyyy-MM-dd HH:mm:ss` (or date only) Asia/Shanghai time, as RFC 3339. */
  dashedTime(field: string, opts: { required?: boolean } = {}): string | undefined {
    const value = this.text(field, opts);
    if (value === undefined) return undefined;
    const iso = dashedToRfc3339(value);
    if (!iso) this.fail(field, 'format', '应为有效的 yyyy-MM-dd HH:mm:ss 时间', 'must be a real time as yyyy-MM-dd HH:mm:ss');
    return iso;
  }

  /** A non-negative decimal with at most `integerDigits` before the point and 6 after, in millionths. */
  decimal(field: string, opts: { required?: boolean; integerDigits?: number } = {}): bigint | undefined {
    const value = this.text(field, opts);
    if (value === undefined) return undefined;
    const micros = parseMicros(value, opts.integerDigits ?? 8);
    if (micros === undefined) {
      const digits = (opts.integerDigits ?? 8) + 6;
      this.fail(field, 'precision', `应为非负数，精度 (${digits},6)`, `must be a non-negative number of precision (${digits},6)`);
    }
    return micros;
  }

  /** A 0/1 flag as a boolean. */
  flag(field: string, opts: { required?: boolean } = {}): boolean | undefined {
    const value = this.code(field, ['0', '1'] as const, opts);
    return value === undefined ? undefined : value === '1';
  }
}

/** Drops undefined members, so that records compare and hash by what they hold. */
export function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
