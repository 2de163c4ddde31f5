/**
 * The one exception type that carries a catalogue entry (gateway/core/problems.ts) up to the HTTP
 * error handler, which renders it as an RFC 9457 problem (gateway/http/problem.ts).
 */
import { type Bilingual, type ErrorCode, errorCatalogue, type ProblemItem } from '../core/index.ts';

// Kept so that code written against the catalogue's former home still compiles; import from core/problems.ts.

export { type ErrorCode, errorCatalogue, type ProblemItem } from '../core/index.ts';

/** Thrown (or returned) to answer with a catalogue error; the error handler renders it. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly options: {
      detail?: Bilingual;
      errors?: ProblemItem[];
      /** Seconds, for 429 and 503. */
      retryAfter?: number;
      cause?: unknown;
      /** Extra members of the problem body, e.g. the current version of a stale record. */
      extensions?: Record<string, unknown>;
    } = {},
  ) {
    super(code, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ApiError';
    this.status = errorCatalogue[code].status;
  }
}
