/**
 * The unified data standard (统一数据标准) as the gateway uses it: `createStandard()` compiles the
 * v1 schemas and the compliance rules once and validates records; the other exports give adapters
 * and the OCDS engine the codelists, reference tables, rule metadata and examples.
 */
import type { StandardRecord } from '../core/index.ts';
import { issuesFromAjv } from './messages.ts';
import type { Issue, ProcessContext, Standard, Validation } from './port.ts';
import { compileRules, type RuleSettings } from './rules/index.ts';
import { type CompiledSchemas, compileSchemas, NOTICE_SCHEMA_ID, TRANSACTION_SCHEMA_ID } from './schemas.ts';
import { oversized } from './size-guard.ts';

export type { Bilingual } from '../core/index.ts';
export { isValidOrgCode, isValidUscc, orgCodeCheckChar, usccCheckChar } from './identifiers.ts';
export type { Issue, ProcessContext, Standard, Validation } from './port.ts';
export {
  areaName,
  areaPath,
  areaTable,
  type Codelist,
  type CodelistEntry,
  catalogueName,
  catalogueTable,
  codelistNames,
  exampleFiles,
  examplePath,
  loadCodelist,
  lookupCatalogue,
  noticeTypes,
} from './reference-data.ts';
export { type RuleInfo, type RuleSettings, rules, type Severity } from './rules/index.ts';
export { ENVELOPE_SCHEMA_ID, NOTICE_SCHEMA_ID, SCHEMA_BASE, TRANSACTION_SCHEMA_ID } from './schemas.ts';
export type * from './types.ts';

/** OCDS-shaped ocid: `ocds-` + a 6-character publisher prefix, '-', the project number (项目编号). */
export const OCID_PATTERN = /^ocds-[a-z0-9]{6}-[^\s]{1,100}$/;

/** The ocid of a procurement project: the publisher's prefix (e.g. 'ocds-px0001') and its project number. */
export function ocidFor(prefix: string, projectId: string): string {
  if (!/^ocds-[a-z0-9]{6}$/.test(prefix)) throw new Error(`'${prefix}' is not an OCDS prefix (ocds- and 6 lowercase letters or digits)`);
  return `${prefix}-${projectId}`;
}

/** Options of a standard instance. */
export interface StandardOptions {
  /** Per-rule severity override or 'off', e.g. `{ 'PX-R004': 'error', 'PX-R002': 'off' }`. Unknown ids throw. */
  rules?: RuleSettings;
}

function problem(pointer: string, keyword: string, zh: string, en: string): { ok: false; issues: Issue[] } {
  return { ok: false, issues: [{ pointer, keyword, severity: 'error', message: { zh, en } }] };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The schemas depend on no option, so every instance of a process shares one compilation. */
let compiled: { fast: CompiledSchemas; full: CompiledSchemas } | undefined;

/** The standard plus what the gateway's own tests and tools check: the envelope. */
export interface FullStandard extends Standard {
  /** Validates an event envelope (schemas/v1/envelope.schema.json) including its record; [] when valid. */
  validateEnvelope(envelope: unknown): Issue[];
}

/** Builds the standard: compiles every schema and rule now, so that validate() only runs compiled code. */
export function createStandard(options: StandardOptions = {}): FullStandard {
  compiled ??= { fast: compileSchemas(false), full: compileSchemas(true) };
  const { fast, full } = compiled;
  const runRules = compileRules(options.rules);
  const ids = Object.freeze([NOTICE_SCHEMA_ID, TRANSACTION_SCHEMA_ID]);

  function validateUnsafe(input: unknown, context?: ProcessContext): Validation {
    if (!isPlainObject(input)) {
      return problem('', 'type', '记录必须是 JSON 对象', 'a record must be a JSON object');
    }
    const recordType = input.recordType;
    if (recordType !== 'notice' && recordType !== 'transaction') {
      return recordType === undefined
        ? problem('/recordType', 'required', '缺少必填字段“recordType”', "missing required property 'recordType'")
        : problem('/recordType', 'enum', 'recordType 应为 notice 或 transaction', 'recordType must be notice or transaction');
    }
    // The fast pass may refuse a string whose UTF-16 length exceeds a maxLength its code points meet
    // (see compileSchemas): the diagnostic pass decides every refusal.
    if (!fast[recordType](input)) {
      const tooLarge = oversized(input);
      if (tooLarge) return { ok: false, issues: tooLarge };
      if (!full[recordType](input)) {
        const issues = issuesFromAjv(full[recordType].errors ?? []);
        return { ok: false, issues: issues.length > 0 ? issues : issuesFromAjv(fast[recordType].errors ?? []) };
      }
    }
    const record = input as StandardRecord;
    const others = Array.isArray(context?.records) ? context.records : undefined;
    const found = runRules(record, others);
    const dataschema = recordType === 'notice' ? NOTICE_SCHEMA_ID : TRANSACTION_SCHEMA_ID;
    if (found === undefined) return { ok: true, record, dataschema, warnings: [] };
    const errors = found.filter((i) => i.severity === 'error');
    if (errors.length > 0) return { ok: false, issues: found };
    return { ok: true, record, dataschema, warnings: found };
  }

  return {
    validate(input, context) {
      try {
        return validateUnsafe(input, context);
      } catch (err) {
        // Odd inputs (throwing getters, proxies, exotic prototypes) end here rather than escaping.
        return problem(
          '',
          'invalid',
          '记录无法校验（结构异常）',
          `the record could not be validated: ${(err as Error)?.message ?? 'unexpected value'}`,
        );
      }
    },
    schemaIds: () => ids,
    validateEnvelope(envelope) {
      try {
        if (fast.envelope(envelope)) return [];
        const tooLarge = oversized(envelope);
        if (tooLarge) return tooLarge;
        full.envelope(envelope);
        // The record is checked as the gateway checks it, rather than against both oneOf branches.
        const outer = issuesFromAjv(full.envelope.errors ?? []).filter((i) => i.pointer !== '/data' && !i.pointer.startsWith('/data/'));
        const data = (envelope as { data?: unknown } | null)?.data;
        if (data === undefined)
          return [
            ...outer,
            {
              pointer: '/data',
              keyword: 'required',
              severity: 'error',
              message: { zh: '缺少必填字段“data”', en: "missing required property 'data'" },
            },
          ];
        const inner = validateUnsafe(data);
        return inner.ok ? outer : [...outer, ...inner.issues.map((i) => ({ ...i, pointer: `/data${i.pointer}` }))];
      } catch {
        return problem('', 'invalid', '事件无法校验', 'the event could not be validated').issues;
      }
    },
  };
}

/** Issues of a result: errors for a failure, warnings for a success. */
export function issuesOf(result: Validation): Issue[] {
  return result.ok ? result.warnings : result.issues;
}
