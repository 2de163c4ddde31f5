/**
 * The compiled state of one procurement process (its notices) or one e-marketplace order (its
 * transaction steps), for `GET /v1/records/{id}`: the current version of each record becomes a
 * dated release and the same merge engine compiles them.
 * - Notices → OCDS releases through the OCDS adapter's mapping, merged by the OCDS 1.1 release schema.
 * - Transaction steps → order releases (see `transactionStep`), merged by transaction-schema.json.
 */
import { readFileSync } from 'node:fs';
import type { StandardRecord } from '../core/index.ts';
import { compile, type MergeError } from './compile.ts';
import type { JsonObject } from './json.ts';
import { mergeableRelease, noticeToRelease, processFactsOf } from './ocds/release.ts';
import { ocdsReleaseSchema } from './ocds-schema.ts';

/** The compiled state of a process. */
export interface ProcessState {
  recordType: 'notice' | 'transaction';
  /** The ocid (notices) or transaction id (orders). */
  processKey: string;
  /** The releases merged, one per current record version, in date order. */
  releases: JsonObject[];
  compiledRelease: JsonObject;
  versionedRelease?: JsonObject;
}

/** The outcome of `compileProcess`. */
export type ProcessResult = { ok: true; state: ProcessState } | { ok: false; error: MergeError };

let transactionSchema: Record<string, unknown> | undefined;

/** Merge rules of order steps (read once). */
export function transactionMergeSchema(): Record<string, unknown> {
  transactionSchema ??= JSON.parse(readFileSync(new URL('./transaction-schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  return transactionSchema;
}

/**
 * Compiles the records of one process (any versions, any order): only each record's latest version
 * counts, and a record whose latest version is a withdrawal contributes nothing.
 */
export function compileProcess(records: readonly StandardRecord[], options: { versioned?: boolean } = {}): ProcessResult {
  const current = currentVersions(records);
  if (current.length === 0) {
    return {
      ok: false,
      error: {
        code: 'merge.no-releases',
        message: { zh: '该采购过程没有现行（未撤回）的记录', en: 'the process has no current (unwithdrawn) records' },
      },
    };
  }
  const recordType = current[0]!.recordType;
  if (current.some((r) => r.recordType !== recordType)) {
    return {
      ok: false,
      error: {
        code: 'merge.mixed-ocid',
        message: { zh: '公告与交易不能合并在一起', en: 'notices and transactions cannot be compiled together' },
      },
    };
  }
  const facts = processFactsOf(current);
  const releases = recordType === 'notice' ? current.map((n) => mergeableRelease(noticeToRelease(n, facts))) : current.map(transactionStep);
  const schema = recordType === 'notice' ? ocdsReleaseSchema() : transactionMergeSchema();
  const result = compile(releases, { schema, versioned: options.versioned === true });
  if (!result.ok) return result;
  const state: ProcessState = { recordType, processKey: result.ocid, releases: result.releases, compiledRelease: result.compiledRelease };
  if (result.versionedRelease) state.versionedRelease = result.versionedRelease;
  if (recordType === 'transaction') {
    // The order is keyed by transactionId; the ocid slot only carried it through the merge.
    delete state.compiledRelease.ocid;
    delete state.versionedRelease?.ocid;
  }
  return { ok: true, state };
}

/** The latest version of each record id, withdrawn records left out. */
export function currentVersions(records: readonly StandardRecord[]): StandardRecord[] {
  const latest = new Map<string, StandardRecord>();
  for (const record of records) {
    const seen = latest.get(record.id);
    if (!seen || record.version > seen.version) latest.set(record.id, record);
  }
  return [...latest.values()].filter((r) => r.operation !== 'withdraw');
}

const STATUS: Record<string, string> = {
  order: 'ordered',
  confirmation: 'confirmed',
  delivery: 'delivered',
  payment: 'paid',
  cancellation: 'cancelled',
  return: 'returned',
};

/**
 * One order step as a release of the order. Steps that happen once set their section (`acceptance`,
 * `cancellation`); steps that can repeat are collected by step id (`deliveries`, `payments`, `returns`)
 * so a later step never overwrites an earlier one; the order's own `lines` and `total` come from the
 * order and confirmation steps only, never from a delivery's or return's lines.
 */
export function transactionStep(step: StandardRecord): JsonObject {
  const {
    recordType: _r,
    id,
    version,
    operation: _o,
    date,
    transactionType,
    lines,
    total,
    delivery,
    acceptance,
    payment,
    cancellation,
    return: returned,
    ...common
  } = step as unknown as JsonObject & StandardRecord;
  const release: JsonObject = {
    ...(common as JsonObject),
    ocid: step.transactionId ?? null,
    id: `${id}-v${version}`,
    date: date ?? null,
    tag: [String(transactionType)],
  };
  const type = String(transactionType);
  release.status =
    type === 'acceptance'
      ? (acceptance as JsonObject | undefined)?.result === 'failed'
        ? 'rejected'
        : 'accepted'
      : (STATUS[type] ?? type);
  if (type === 'order' || type === 'confirmation') {
    if (lines !== undefined) release.lines = lines as JsonObject[];
    if (total !== undefined) release.total = total as JsonObject;
  }
  if (type === 'delivery')
    release.deliveries = [{ id, ...(delivery as JsonObject), ...(lines === undefined ? {} : { lines: lines as JsonObject[] }) }];
  if (type === 'acceptance' && acceptance !== undefined) release.acceptance = acceptance as JsonObject;
  if (type === 'payment') release.payments = [{ id, ...(payment as JsonObject) }];
  if (type === 'cancellation' && cancellation !== undefined) release.cancellation = cancellation as JsonObject;
  if (type === 'return') {
    release.returns = [
      {
        id,
        ...(returned as JsonObject),
        ...(lines === undefined ? {} : { lines: lines as JsonObject[] }),
        ...(total === undefined ? {} : { total: total as JsonObject }),
      },
    ];
  }
  return release;
}
