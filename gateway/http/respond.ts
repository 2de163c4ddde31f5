/**
 * Turning ingest outcomes into HTTP: the success body of an accepted record and the problem of a
 * rejected one (also used per record inside batch results).
 */

import type { ErrorCode, Lang } from '../core/index.ts';
import type { IngestResult, Rejection } from '../ingest/index.ts';
import type { Issue } from '../standard/index.ts';
import { ApiError, type ProblemItem } from './errors.ts';
import { type ProblemBody, problemBody } from './problem.ts';

/** Seconds a client should wait before retrying when the log is unavailable. */
export const LOG_RETRY_AFTER_S = 5;

/** Warnings, localized. */
export function localizedWarnings(warnings: Issue[], lang: Lang) {
  return warnings.map((w) => ({ pointer: w.pointer, keyword: w.keyword, message: w.message[lang] }));
}

/** The ApiError of a rejection. */
export function rejectionError(rejection: Rejection): ApiError {
  return new ApiError(rejection.code, {
    errors: rejection.errors,
    ...(rejection.extensions ? { extensions: rejection.extensions } : {}),
    ...(rejection.code === 'log_unavailable' ? { retryAfter: LOG_RETRY_AFTER_S } : {}),
  });
}

/** The record a batch entry is about: its id and version as pushed, when the input carried them. */
export interface RecordRef {
  recordId?: string;
  version?: number;
}

/** One entry of a batch's results, naming the record (id, version) so that a rejection can be acted on. */
export type BatchItem = RecordRef &
  (
    | { index: number; status: number; receipt: unknown; warnings: ReturnType<typeof localizedWarnings> }
    | { index: number; status: number; problem: ProblemBody }
  );

/** The id and version an input names, if it is an object that has them. */
export function recordRef(input: unknown): RecordRef {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return {};
  const r = input as Record<string, unknown>;
  return {
    ...(typeof r['id'] === 'string' ? { recordId: r['id'] } : {}),
    ...(Number.isSafeInteger(r['version']) ? { version: r['version'] as number } : {}),
  };
}

/** The batch entry of one outcome. */
export function batchItem(
  index: number,
  result: IngestResult | { ok: false; code: ErrorCode; errors: ProblemItem[]; extensions?: Record<string, unknown> },
  lang: Lang,
  requestId: string,
  input?: unknown,
): BatchItem {
  if (result.ok) {
    const { recordId, version } = result.receipt;
    return {
      index,
      recordId,
      version,
      status: result.duplicate ? 200 : 201,
      receipt: result.receipt,
      warnings: localizedWarnings(result.warnings, lang),
    };
  }
  const problem = problemBody(result.code, lang, requestId, {
    errors: result.errors,
    ...(result.extensions ? { extensions: result.extensions } : {}),
  });
  return { index, ...recordRef(input), status: problem.status, problem };
}
