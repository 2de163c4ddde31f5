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

/** One entry of a batch's results. */
export type BatchItem =
  | { index: number; status: number; receipt: unknown; warnings: ReturnType<typeof localizedWarnings> }
  | { index: number; status: number; problem: ProblemBody };

/** The batch entry of one outcome. */
export function batchItem(
  index: number,
  result: IngestResult | { ok: false; code: ErrorCode; errors: ProblemItem[]; extensions?: Record<string, unknown> },
  lang: Lang,
  requestId: string,
): BatchItem {
  if (result.ok)
    return { index, status: result.duplicate ? 200 : 201, receipt: result.receipt, warnings: localizedWarnings(result.warnings, lang) };
  const problem = problemBody(result.code, lang, requestId, {
    errors: result.errors,
    ...(result.extensions ? { extensions: result.extensions } : {}),
  });
  return { index, status: problem.status, problem };
}
