/**
 * Test records: a valid example of the standard (schemas/v1/examples/valid) with its id, process
 * key (ocid or transaction id) and version varied, so every test gets fresh, valid records.
 */

import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { StandardRecord } from '../../gateway/core/records.ts';

const VALID_DIR = new URL('../../schemas/v1/examples/valid/', import.meta.url);

let cache: Map<string, StandardRecord> | null = null;

/** The valid examples of the standard (read once), by file name (empty until the standard ships examples). */
export function validExamples(): Map<string, StandardRecord> {
  if (cache) return cache;
  const examples = new Map<string, StandardRecord>();
  if (!existsSync(VALID_DIR)) return examples;
  cache = examples;
  for (const file of readdirSync(VALID_DIR).sort()) {
    if (!file.endsWith('.json') || file.endsWith('.expect.json')) continue;
    examples.set(file, JSON.parse(readFileSync(new URL(file, VALID_DIR), 'utf8')) as StandardRecord);
  }
  return examples;
}

/** The first valid example of a record type (and notice type, if given). */
export function exampleOf(recordType: 'notice' | 'transaction', subtype?: string): StandardRecord {
  for (const record of validExamples().values()) {
    if (record.recordType !== recordType) continue;
    if (subtype && (record.recordType === 'notice' ? record.noticeType : record.transactionType) !== subtype) continue;
    return structuredClone(record);
  }
  throw new Error(`no valid ${recordType}${subtype ? ` (${subtype})` : ''} example in schemas/v1/examples/valid`);
}

/** A unique suffix for ids. */
export function uniqueSuffix(): string {
  return randomUUID().slice(0, 8);
}

/** What to vary in a record. */
export interface Variation {
  id?: string;
  /** The ocid (notices) or transaction id (transactions). */
  processKey?: string;
  version?: number;
  regionCode?: string;
  /** Any further top-level fields to set. */
  set?: Record<string, unknown>;
}

/**
 * A record built from `base` (an example, or a bare header when the standard has no examples yet)
 * with a fresh id and process key unless given. Versions above 1 become `update`s.
 */
export function recordFrom(base: StandardRecord, variation: Variation = {}): StandardRecord {
  const record = structuredClone(base) as StandardRecord;
  const suffix = uniqueSuffix();
  record.id = variation.id ?? `${base.id}-${suffix}`;
  const project = record['project'] as { id?: string } | undefined;
  const baseKey = (record.recordType === 'notice' ? base.ocid : base.transactionId) ?? 'P';
  if (record.recordType === 'notice' && project?.id && baseKey.endsWith(project.id)) {
    // The ocid is the publisher's prefix plus the project number (编号): vary both together.
    const projectId = variation.processKey ? variation.processKey.slice(baseKey.length - project.id.length) : `${project.id}-${suffix}`;
    record['project'] = { ...project, id: projectId };
    record.ocid = `${baseKey.slice(0, baseKey.length - project.id.length)}${projectId}`;
  } else {
    const key = variation.processKey ?? `${baseKey}-${suffix}`;
    if (record.recordType === 'notice') record.ocid = key;
    else record.transactionId = key;
  }
  if (variation.version !== undefined) {
    record.version = variation.version;
    if (variation.version > 1 && record.operation === 'create') record.operation = 'update';
  }
  if (variation.regionCode) record.regionCode = variation.regionCode;
  Object.assign(record, variation.set);
  return record;
}

/** A tender notice (招标公告) from the standard's example, valid on its own (needs no earlier records). */
export function tenderNotice(variation: Variation = {}): StandardRecord {
  return recordFrom(exampleOf('notice', 'tender'), variation);
}

/** An e-marketplace order from the standard's example, valid on its own. */
export function order(variation: Variation = {}): StandardRecord {
  return recordFrom(exampleOf('transaction', 'order'), variation);
}

/** A bare record header: for tests of the gateway that do not exercise the standard. */
export function headerRecord(variation: Variation & { recordType?: 'notice' | 'transaction' } = {}): StandardRecord {
  const recordType = variation.recordType ?? 'notice';
  const base: StandardRecord =
    recordType === 'notice'
      ? {
          recordType,
          id: 'N-TEST',
          version: 1,
          operation: 'create',
          regionCode: '350102',
          ocid: 'ocds-test',
          noticeType: 'tender',
          date: '2026-03-01T09:00:00+08:00',
        }
      : {
          recordType,
          id: 'T-TEST',
          version: 1,
          operation: 'create',
          regionCode: '350102',
          transactionId: 'ORD-TEST',
          transactionType: 'order',
          date: '2026-03-01T09:00:00+08:00',
        };
  return recordFrom(base, variation);
}
