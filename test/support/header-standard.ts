/**
 * A stand-in for the data standard that checks only the record header, with fixed bilingual
 * messages: lets HTTP and ingest tests assert exact problem bodies independently of the standard's rules.
 */
import type { StandardRecord } from '../../gateway/core/records.ts';
import type { Issue, Standard, Validation } from '../../gateway/standard/port.ts';

/** The issue the header standard reports for a missing or wrong field. */
export function headerIssue(field: string): Issue {
  return {
    pointer: `/${field}`,
    keyword: 'header',
    severity: 'error',
    message: { zh: `字段 ${field} 缺失或无效`, en: `Field ${field} is missing or invalid` },
  };
}

/** Validates the header fields of gateway/core/records.ts only. */
export function headerStandard(): Standard {
  return {
    schemaIds: () => [
      'https://procurement-exchange.example/schemas/v1/notice.schema.json',
      'https://procurement-exchange.example/schemas/v1/transaction.schema.json',
    ],
    validate(input): Validation {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, issues: [headerIssue('')] };
      const r = input as Record<string, unknown>;
      const issues: Issue[] = [];
      if (r['recordType'] !== 'notice' && r['recordType'] !== 'transaction') issues.push(headerIssue('recordType'));
      if (typeof r['id'] !== 'string' || r['id'] === '') issues.push(headerIssue('id'));
      if (!Number.isInteger(r['version']) || (r['version'] as number) < 1) issues.push(headerIssue('version'));
      if (!['create', 'update', 'withdraw'].includes(r['operation'] as string)) issues.push(headerIssue('operation'));
      if (typeof r['regionCode'] !== 'string' || !/^\d{6}$/.test(r['regionCode'])) issues.push(headerIssue('regionCode'));
      const keyField = r['recordType'] === 'transaction' ? 'transactionId' : 'ocid';
      if (typeof r[keyField] !== 'string' || r[keyField] === '') issues.push(headerIssue(keyField));
      if (issues.length > 0) return { ok: false, issues };
      return {
        ok: true,
        record: input as StandardRecord,
        dataschema: `https://procurement-exchange.example/schemas/v1/${r['recordType']}.schema.json`,
        warnings: [],
      };
    },
  };
}
