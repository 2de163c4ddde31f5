/**
 * Records: push one (POST /v1/records) or many (POST /v1/records/batch), read a process's current
 * compiled state (GET /v1/records/{id}) and its versions (GET /v1/records/{id}/history).
 */

import { decodeUtf8, notUtf8, parseJson } from '../../core/index.ts';
import { BatchIngest, type BatchRefusal, type VisibleProcess } from '../../ingest/index.ts';
import type { SystemEntry } from '../../registry/index.ts';
import type { Services } from '../../services.ts';
import { invisibleIn } from '../../standard/index.ts';
import { envelopeTrace } from '../../telemetry/index.ts';
import { type Access, authErrors, PUBLISHERS, REGISTERED, type Route } from '../context.ts';
import { ApiError } from '../errors.ts';
import { boolQuery } from '../query.ts';
import { batchItem, LOG_RETRY_AFTER_S, localizedWarnings, rejectionError } from '../respond.ts';

const JSON_TYPES = ['application/json'];
const BATCH_TYPES = ['application/json', 'application/x-ndjson', 'application/ndjson'];

/** The record routes. */
export function recordRoutes(services: Services): Route[] {
  const { limits } = services.config;
  // Pushes go into processes the caller may contribute to (the ingest pipeline decides which); reads are of entitled records.
  const push: Access = { roles: PUBLISHERS, acts: 'contributable-processes' };
  const read: Access = { roles: REGISTERED, acts: 'entitled-records' };
  const jsonLimits = { maxDepth: limits.maxJsonDepth, maxStringLength: limits.maxStringLength };
  const batches = new BatchIngest({
    pipeline: services.ingest,
    store: services.stores.ingest,
    limits: { ...jsonLimits, maxBatchRecords: limits.maxBatchRecords },
  });
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
        'process_not_owned',
        'version_conflict',
        'version_stale',
        'log_unavailable',
      ],
      access: push,
      body: { types: JSON_TYPES, maxBytes: () => limits.maxBodyBytes },
      handlers: [
        async (c) => {
          const body = c.get('body');
          const text = decodeUtf8(body);
          const parsed = text === null ? notUtf8(body) : parseJson(text, jsonLimits);
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
      access: push,
      body: { types: BATCH_TYPES, maxBytes: () => limits.maxBatchBytes },
      handlers: [
        async (c) => {
          const lang = c.get('lang');
          const requestId = c.get('requestId');
          const answer = await batches.ingest(
            c.get('system'),
            {
              body: c.get('body'),
              contentType: c.req.header('content-type') ?? '',
              idempotencyKey: c.req.header('idempotency-key'),
              traceparent: envelopeTrace(c).traceparent,
              lang,
            },
            (outcomes, inputs, answerLang) => {
              const results = outcomes.map((outcome, index) => batchItem(index, outcome, answerLang, requestId, inputs[index]));
              const summary = {
                accepted: results.filter((r) => r.status === 201).length,
                duplicates: results.filter((r) => r.status === 200).length,
                rejected: results.filter((r) => r.status >= 400).length,
              };
              return JSON.stringify({ ...summary, results });
            },
          );
          if (!answer.ok) throw batchRefusal(answer);
          const headers = { 'content-type': 'application/json', ...(answer.replayed ? { 'idempotent-replayed': 'true' } : {}) };
          return c.body(answer.body, answer.status as 200, headers);
        },
      ],
    },
    {
      method: 'GET',
      path: '/v1/records/:id',
      success: [200],
      errors: [...authErrors, 'not_found', 'malformed_request'],
      access: read,
      handlers: [
        async (c) => {
          const versioned = boolQuery(c, 'versioned');
          const { processKey, records } = await visibleProcess(services, c.get('system'), c.req.param('id')!);
          const compiled = services.compileProcess(processKey, records, { versioned });
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
      access: read,
      handlers: [
        async (c) => {
          const id = c.req.param('id')!;
          refuseInvisible(id);
          const history = await services.processes.history(c.get('system'), id);
          if (!history) throw new ApiError('not_found');
          return c.json(history);
        },
      ],
    },
  ];
}

/** The problem of a batch refused as a whole. */
function batchRefusal(refusal: BatchRefusal): ApiError {
  if (refusal.code === 'log_unavailable') return new ApiError('log_unavailable', { retryAfter: LOG_RETRY_AFTER_S });
  return new ApiError(refusal.code, {
    ...(refusal.errors ? { errors: refusal.errors } : {}),
    ...(refusal.detail ? { detail: refusal.detail } : {}),
  });
}

/**
 * The process (or the process of a record id) with the records `system` may see (gateway/ingest/
 * process-reader.ts: allowed into the process by its owner rule, then by entitlement); 404 when none.
 */
async function visibleProcess(services: Services, system: SystemEntry, id: string): Promise<VisibleProcess> {
  refuseInvisible(id);
  const process = await services.processes.visible(system, id);
  if (!process) throw new ApiError('not_found');
  return process;
}

/** No record or process id holds a control or format character (the standard's plain-id format): say so, look nothing up. */
function refuseInvisible(id: string): void {
  const invisible = invisibleIn(id);
  if (invisible)
    throw new ApiError('not_found', {
      detail: {
        zh: `标识含有控制字符或格式字符 ${invisible.codePoint}，不可能存在这样的记录。`,
        en: `The id holds the control or format character ${invisible.codePoint}; no record can have it.`,
      },
    });
}
