/**
 * RFC 9457 problem details: the one rendering of every error the API answers with.
 */
import { type Bilingual, contentLanguage, type ErrorCode, errorCatalogue, type Lang, problemType } from '../core/index.ts';
import type { ProblemItem } from './errors.ts';

/** The problem+json body. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  retriable: boolean;
  requestId: string;
  errors: { pointer: string; keyword: string; message: string }[];
  [extension: string]: unknown;
}

/** The problem body of a code, in one language. */
export function problemBody(
  code: ErrorCode,
  lang: Lang,
  requestId: string,
  options: { detail?: Bilingual; errors?: ProblemItem[]; extensions?: Record<string, unknown> } = {},
): ProblemBody {
  const spec = errorCatalogue[code];
  return {
    ...options.extensions,
    type: problemType(code),
    title: spec.title[lang],
    status: spec.status,
    detail: (options.detail ?? spec.detail)[lang],
    code,
    retriable: spec.retriable,
    requestId,
    errors: (options.errors ?? []).map((e) => ({ pointer: e.pointer, keyword: e.keyword, message: e.message[lang] })),
  };
}

/** A complete problem response. */
export function problemResponse(body: ProblemBody, lang: Lang, retryAfter?: number): Response {
  const headers = new Headers({
    'content-type': 'application/problem+json; charset=utf-8',
    'content-language': contentLanguage[lang],
    'x-request-id': body.requestId,
  });
  if (retryAfter !== undefined) headers.set('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
  return new Response(JSON.stringify(body), { status: body.status, headers });
}
