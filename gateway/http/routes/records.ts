/**
 * Records: push one (POST /v1/records) or many (POST /v1/records/batch), read a process's current
 * compiled state (GET /v1/records/{id}) and its versions (GET /v1/records/{id}/history).
 */
import { hash } from 'node:crypto';
import type { Services } from '../../services.ts';
import { envelopeTrace } from '../../telemetry/http.ts';
import { authErrors, type Route } from '../context.ts';
import { ApiError } from '../errors.ts';
import { decodeUtf8, type JsonFailure, type JsonLimits, malformed, parseJson } from '../json.ts';
import { authenticate } from '../middleware/auth.ts';
import { readBody } from '../middleware/body.ts';
import { verifySignature } from '../middleware/signature.ts';
import { batchItem, LOG_RETRY_AFTER_S, localizedWarnings, rejectionError } from '../respond.ts';

const JSON_TYPES = ['application/json'];
const BATCH_TYPES = ['application/json', 'application/x-ndjson', 'application/ndjson'];

/** The record routes. */
export function recordRoutes(services: Services): Route[] {
  const { limits } = services.config;
  const auth = authenticate(services);
  const signed = verifySignature(services);
  const jsonLimits = { maxDepth: limits.maxJsonDepth, maxStringLength: limits.maxStringLength };
  return [
    {
      method: 'POST',
      path: '/v1/records',
      success: [200, 201],
      errors: [
        ...authErrors,
        'unsupported_media_type',
        'payload_too_large',
        'malformed_request',
        'record_limits_exceeded',
        'record_invalid',
        'publish_not_allowed',
        'record_foreign',
        'version_conflict',
        'version_stale',
        'log_unavailable',
      ],
      handlers: [
        auth,
        readBody(JSON_TYPES, () => limits.maxBodyBytes),
        signed,
        async (c) => {
          const text = decodeUtf8(c.get('body'));
          const parsed = text === null ? malformed({ zh: '请求体不是 UTF-8', en: 'The body is not UTF-8' }) : parseJson(text, jsonLimits);
          if (!parsed.ok) throw new ApiError(parsed.code, { errors: parsed.errors });
          const [result] = await services.ingest.ingest(c.get('system'), [parsed.value], envelopeTrace(c));
          if (!result!.ok) throw rejectionError(result!);
          return c.json(
            { receipt: result!.receipt, warnings: localizedWarnings(result!.warnings, c.get('lang')) },
            result!.duplicate ? 200 : 201,
          );
        },
      ],
    },
    {
      method: 'POST',
      path: '/v1/records/batch',
      success: [200],
      errors: [
        ...authErrors,
        'unsupported_media_type',
        'payload_too_large',
        'batch_too_large',
        'malformed_request',
        'record_limits_exceeded',
        'idempotency_key_reused',
        'log_unavailable',
      ],
      handlers: [
        auth,
        readBody(BATCH_TYPES, () => limits.maxBatchBytes),
        signed,
        async (c) => {
          const system = c.get('system');
          const body = c.get('body');
          const key = c.req.header('idempotency-key');
          if (key !== undefined && !/^[\x21-\x7e]{1,255}$/.test(key))
            throw new ApiError('malformed_request', {
              errors: [
                { pointer: '', keyword: 'idempotencyKey', message: { zh: 'Idempotency-Key 格式无效', en: 'Invalid Idempotency-Key' } },
              ],
            });
          // Only a batch with an Idempotency-Key needs the hash of its bytes (to tell a replay from a reuse).
          const requestHash = key ? hash('sha256', body, 'hex') : '';
          if (key) {
            const earlier = await services.stores.ingest.batchResult(system.id, key);
            if (earlier) {
              if (earlier.requestHash !== requestHash) throw new ApiError('idempotency_key_reused');
              return c.body(earlier.body, earlier.status as 200, { 'content-type': 'application/json', 'idempotent-replayed': 'true' });
            }
          }
          const parsed = splitBatch(body, c.req.header('content-type') ?? '', limits.maxBatchRecords, jsonLimits);
          const inputs = parsed.flatMap((p) => (p.ok ? [p.value] : []));
          const outcomes = await services.ingest.ingest(system, inputs, envelopeTrace(c));
          if (outcomes.some((o) => !o.ok && o.code === 'log_unavailable'))
            throw new ApiError('log_unavailable', { retryAfter: LOG_RETRY_AFTER_S });
          let next = 0;
          const lang = c.get('lang');
          const results = parsed.map((p, index) => {
            const outcome = p.ok ? outcomes[next++]! : p;
            return batchItem(index, outcome, lang, c.get('requestId'));
          });
          const summary = {
            accepted: results.filter((r) => r.status === 201).length,
            duplicates: results.filter((r) => r.status === 200).length,
            rejected: results.filter((r) => r.status >= 400).length,
          };
          const text = JSON.stringify({ ...summary, results });
          if (key) await services.stores.ingest.saveBatchResult(system.id, key, { requestHash, status: 200, body: text });
          return c.body(text, 200, { 'content-type': 'application/json' });
        },
      ],
    },
    {
      method: 'GET',
      path: '/v1/records/:id',
      success: [200],
      errors: [...authErrors, 'not_found'],
      handlers: [
        auth,
        signed,
        async (c) => {
          const process = await services.processes.visible(c.get('system'), c.req.param('id')!);
          if (!process) throw new ApiError('not_found');
          const { processKey, records } = process;
          const compiled = services.compileProcess(processKey, records, { versioned: c.req.query('versioned') === 'true' });
          if (!compiled.ok) throw new ApiError('not_found', { detail: compiled.message });
          return c.json(compiled.state as object);
        },
      ],
    },
    {
      method: 'GET',
      path: '/v1/records/:id/history',
      success: [200],
      errors: [...authErrors, 'not_found'],
      handlers: [
        auth,
        signed,
        async (c) => {
          const history = await services.processes.history(c.get('system'), c.req.param('id')!);
          if (!history) throw new ApiError('not_found');
          return c.json(history);
        },
      ],
    },
  ];
}

/** Splits a batch body into parsed records: a JSON array, or NDJSON (one record per non-empty line). */
function splitBatch(
  body: Uint8Array,
  contentType: string,
  maxRecords: number,
  limits: JsonLimits,
): ({ ok: true; value: unknown } | JsonFailure)[] {
  const text = decodeUtf8(body);
  if (text === null) throw new ApiError('malformed_request', { detail: { zh: '请求体不是 UTF-8。', en: 'The body is not UTF-8.' } });
  const tooMany = () =>
    new ApiError('batch_too_large', {
      detail: { zh: `批量最多 ${maxRecords} 条记录。`, en: `A batch holds at most ${maxRecords} records.` },
    });
  if (contentType.toLowerCase().includes('ndjson')) {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    if (lines.length > maxRecords) throw tooMany();
    return lines.map((line) => parseJson(line, limits));
  }
  const parsed = parseJson(text, { ...limits, maxDepth: limits.maxDepth + 1 });
  if (!parsed.ok) throw new ApiError(parsed.code, { errors: parsed.errors });
  if (!Array.isArray(parsed.value))
    throw new ApiError('malformed_request', {
      errors: [{ pointer: '', keyword: 'type', message: { zh: '批量须为 JSON 数组', en: 'A batch must be a JSON array' } }],
    });
  if (parsed.value.length > maxRecords) throw tooMany();
  return parsed.value.map((value: unknown) => ({ ok: true as const, value }));
}
