/**
 * Batch ingest (POST /v1/records/batch without HTTP): the Idempotency-Key lookup and replay, the
 * split of a body into records (a JSON array, or NDJSON where every line stands alone), the count
 * checked before any record is parsed further or validated, and the stored answer of a keyed batch.
 * Every step is linear in the body: one pass to split, one to scan tokens, one validation per record.
 */
import { hash } from 'node:crypto';
import {
  type Bilingual,
  contentLanguage,
  decodeUtf8,
  type ErrorCode,
  type JsonFailure,
  type JsonLimits,
  type Lang,
  notUtf8,
  type ProblemItem,
  parseJson,
  parseJsonText,
  scanTokens,
  withinLimits,
} from '../core/index.ts';
import type { SystemEntry } from '../registry/index.ts';
import type { IngestStore } from '../store/index.ts';
import type { IngestResult } from './pipeline.ts';

/** One record of a batch as parsed: its value, or why that record alone could not be read. */
export type BatchEntry = { ok: true; value: unknown } | JsonFailure;

/** What a batch answers per record: the pipeline's outcome, or the entry's own parse failure. */
export type BatchOutcome = IngestResult | JsonFailure;

/** A batch refused as a whole, with the catalogue code and what to tell the client. */
export type BatchRefusal = {
  ok: false;
  code: Extract<
    ErrorCode,
    'malformed_request' | 'batch_too_large' | 'record_limits_exceeded' | 'idempotency_key_reused' | 'log_unavailable'
  >;
  errors?: ProblemItem[];
  detail?: Bilingual;
};

/** The limits a batch is held to. */
export interface BatchLimits extends JsonLimits {
  maxBatchRecords: number;
}

/** One batch as the HTTP layer hands it over. */
export interface BatchRequest {
  body: Uint8Array;
  contentType: string;
  idempotencyKey?: string | undefined;
  traceparent?: string | undefined;
  /** The language the answer is rendered in, also when it is a replay (zh when not given, as for Accept-Language). */
  lang?: Lang | undefined;
}

/** Renders a batch's per-record outcomes (with the parsed input of each, undefined when unreadable) in one language. */
export type BatchRenderer = (outcomes: BatchOutcome[], inputs: unknown[], lang: Lang) => string;

/** The answer of a batch: its body (replayed verbatim for a repeated Idempotency-Key). */
export type BatchAnswer = { ok: true; status: number; body: string; replayed: boolean } | BatchRefusal;

/** What the batch service needs: the pipeline and the stored answers of keyed batches. */
export interface BatchDeps {
  pipeline: { ingest(system: SystemEntry, inputs: unknown[], options?: { traceparent?: string }): Promise<IngestResult[]> };
  store: Pick<IngestStore, 'batchResult' | 'saveBatchResult'>;
  limits: BatchLimits;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** Batch ingest with idempotency; `render` turns the per-record outcomes into the answer's body. */
export class BatchIngest {
  constructor(private readonly deps: BatchDeps) {}

  /** Ingests one batch pushed by `system`. */
  async ingest(system: SystemEntry, request: BatchRequest, render: BatchRenderer): Promise<BatchAnswer> {
    const key = request.idempotencyKey;
    const lang = request.lang ?? 'zh';
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key))
      return {
        ok: false,
        code: 'malformed_request',
        errors: [{ pointer: '', keyword: 'idempotencyKey', message: { zh: 'Idempotency-Key 格式无效', en: 'Invalid Idempotency-Key' } }],
      };
    // Only a batch with an Idempotency-Key needs the hash of its bytes (to tell a replay from a reuse).
    const requestHash = key ? hash('sha256', request.body, 'hex') : '';
    if (key) {
      const earlier = await this.deps.store.batchResult(system.id, key);
      if (earlier) {
        if (earlier.requestHash !== requestHash) return { ok: false, code: 'idempotency_key_reused' };
        return { ok: true, status: earlier.status, body: storedBody(earlier.body, lang), replayed: true };
      }
    }
    const split = splitBatch(request.body, request.contentType, this.deps.limits);
    if (!split.ok) return split;
    const inputs: unknown[] = [];
    for (const entry of split.entries) if (entry.ok) inputs.push(entry.value);
    const results = await this.deps.pipeline.ingest(system, inputs, request.traceparent ? { traceparent: request.traceparent } : {});
    if (results.some((r) => !r.ok && r.code === 'log_unavailable')) return { ok: false, code: 'log_unavailable' };
    let next = 0;
    const outcomes = split.entries.map((entry) => (entry.ok ? results[next++]! : entry));
    const values = split.entries.map((entry) => (entry.ok ? entry.value : undefined));
    const body = render(outcomes, values, lang);
    if (key) {
      // Kept in every language, so that a replay answers in the language of the request that repeats it.
      const bodies = Object.fromEntries(
        (Object.keys(contentLanguage) as Lang[]).map((l) => [l, l === lang ? body : render(outcomes, values, l)]),
      );
      await this.deps.store.saveBatchResult(system.id, key, {
        requestHash,
        status: 200,
        body: JSON.stringify({ [STORED_BODIES]: bodies }),
      });
    }
    return { ok: true, status: 200, body, replayed: false };
  }
}

/** The marker of a stored answer kept in every language (answers stored before hold one body, replayed as it is). */
const STORED_BODIES = 'pxg:bodies';

/** The stored answer of a keyed batch in the given language. */
function storedBody(stored: string, lang: Lang): string {
  if (!stored.startsWith(`{"${STORED_BODIES}"`)) return stored;
  const bodies = (JSON.parse(stored) as Record<string, Record<string, string>>)[STORED_BODIES]!;
  return bodies[lang] ?? Object.values(bodies)[0]!;
}

/**
 * Splits a batch body into records: a JSON array (one document: bytes that are not UTF-8 or text
 * that is not JSON refuse it whole, naming the place; a record with a lone surrogate, an unsafe
 * integer or past a limit fails alone), or NDJSON (every non-blank line is a record that fails alone).
 * The count is checked before any record is scanned or validated.
 */
export function splitBatch(body: Uint8Array, contentType: string, limits: BatchLimits): { ok: true; entries: BatchEntry[] } | BatchRefusal {
  return contentType.toLowerCase().includes('ndjson') ? splitNdjson(body, limits) : splitArray(body, limits);
}

function tooMany(max: number): BatchRefusal {
  return {
    ok: false,
    code: 'batch_too_large',
    detail: { zh: `批量最多 ${max} 条记录。`, en: `A batch holds at most ${max} records.` },
  };
}

function splitArray(body: Uint8Array, limits: BatchLimits): { ok: true; entries: BatchEntry[] } | BatchRefusal {
  const text = decodeUtf8(body);
  if (text === null) return notUtf8(body);
  const parsed = parseJsonText(text);
  if (!parsed.ok) return parsed;
  if (!Array.isArray(parsed.value))
    return {
      ok: false,
      code: 'malformed_request',
      errors: [{ pointer: '', keyword: 'type', message: { zh: '批量须为 JSON 数组', en: 'A batch must be a JSON array' } }],
    };
  const values: unknown[] = parsed.value;
  if (values.length > limits.maxBatchRecords) return tooMany(limits.maxBatchRecords);
  const failed = new Map<number, JsonFailure>();
  for (const token of scanTokens(text, true)) {
    // Pointers of a record's problems are relative to the record, as for a single push.
    const item = { ...token.item, pointer: token.item.pointer.slice(`/${token.top}`.length) };
    failed.set(token.top, { ok: false, code: token.code, errors: [item] });
  }
  return { ok: true, entries: values.map((value, index) => failed.get(index) ?? withinLimits(value, limits)) };
}

function splitNdjson(body: Uint8Array, limits: BatchLimits): { ok: true; entries: BatchEntry[] } | BatchRefusal {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i < body.length && body[i] !== 0x0a) continue;
    const line = body.subarray(start, i);
    start = i + 1;
    if (!isBlank(line)) lines.push(line);
    if (lines.length > limits.maxBatchRecords) return tooMany(limits.maxBatchRecords);
  }
  return {
    ok: true,
    entries: lines.map((line) => {
      const text = decodeUtf8(line);
      return text === null ? notUtf8(line) : parseJson(text, limits);
    }),
  };
}

/** Whether a line holds only JSON whitespace. */
function isBlank(line: Uint8Array): boolean {
  for (const b of line) if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  return true;
}
