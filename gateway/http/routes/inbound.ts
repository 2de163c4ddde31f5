/**
 * Native inbound: POST /v1/systems/{systemId}/inbound takes a payload in the system's own format
 * (its media type and charset, e.g. GB18030 CSV or platform XML), runs the adapter the registry
 * names for the system, and hands the resulting standard records to the same ingest pipeline as
 * POST /v1/records/batch: the same validation, idempotency, receipts and per-record results.
 */
import type { Context } from 'hono';
import { type AdapterError, adapterErrors, adapterProblem, tooManyRecords } from '../../../adapters/sdk.ts';
import { contentLanguage, errorMessage } from '../../core/index.ts';
import { recordRefusedPush } from '../../monitor/index.ts';
import type { Services } from '../../services.ts';
import { envelopeTrace } from '../../telemetry/index.ts';
import { type AppEnv, authErrors, PUBLISHERS, type Route } from '../context.ts';
import { ApiError } from '../errors.ts';
import { ANY_MEDIA_TYPE } from '../middleware/body.ts';
import { batchItem, LOG_RETRY_AFTER_S } from '../respond.ts';

/** The native inbound route. */
export function inboundRoutes(services: Services): Route[] {
  const { limits } = services.config;
  return [
    {
      method: 'POST',
      path: '/v1/systems/:systemId/inbound',
      success: [200],
      // Adapter errors render as their own problems with the same statuses: 400 malformed or badly
      // encoded payloads, 415 media types, 422 payloads that cannot be mapped, 500 a misconfigured adapter.
      errors: [
        ...authErrors,
        'forbidden',
        'not_found',
        'unsupported_media_type',
        'payload_too_large',
        'malformed_request',
        'record_invalid',
        // Per record, in the results (as on the batch route).
        'process_not_owned',
        'log_unavailable',
      ],
      access: { roles: PUBLISHERS, acts: 'contributable-processes' },
      // The system's native media types and encodings, as its adapter's manifest declares them. A caller
      // that may not push here still has its body read (within the limit) and its signature checked,
      // so that no route code answers a caller whose request is not proven; the handler then refuses it.
      body: (c) => {
        const adapter = inboundAdapter(services, c);
        if (!adapter) return { types: [ANY_MEDIA_TYPE], maxBytes: () => limits.maxBatchBytes };
        const { mediaTypes, encodings } = adapter.manifest.native;
        return { types: mediaTypes, maxBytes: () => limits.maxBatchBytes, charsets: encodings };
      },
      handlers: [
        async (c) => {
          const system = c.get('system');
          if (system.id !== c.req.param('systemId')) {
            throw new ApiError('forbidden', {
              detail: { zh: '只能以本系统的身份报送原生数据', en: 'A system may only push its own native data' },
            });
          }
          if (!inboundAdapter(services, c)) {
            throw new ApiError('not_found', {
              detail: { zh: '该系统未登记可入站的适配器', en: 'No inbound adapter is registered for this system' },
            });
          }
          const binding = system.adapter!;
          const translated = services.adapters.inbound(binding.id, {
            systemId: system.id,
            config: binding.config ?? {},
            contentType: c.req.header('content-type'),
            body: c.get('body'),
            // Counted by the adapter before it maps or validates a single item.
            maxRecords: limits.maxBatchRecords,
          });
          if (!translated.ok) {
            // A payload refused as a whole still counts against the system in the monitor, not as silence.
            await recordRefusedPush(services.stores.monitor, system.id, translated.error.code, Date.now()).catch((e: unknown) =>
              services.logger.error('recording a refused push failed', { error: errorMessage(e) }),
            );
            return adapterProblemResponse(c, translated.error);
          }
          // An adapter may map one native item to several records: the batch limit holds for what is ingested too.
          if (translated.records.length > limits.maxBatchRecords)
            return adapterProblemResponse(c, tooManyRecords(translated.records.length, limits.maxBatchRecords).error);
          const outcomes = await services.ingest.ingest(system, translated.records, envelopeTrace(c));
          if (outcomes.some((o) => !o.ok && o.code === 'log_unavailable'))
            throw new ApiError('log_unavailable', { retryAfter: LOG_RETRY_AFTER_S });
          const results = outcomes.map((outcome, index) =>
            batchItem(index, outcome, c.get('lang'), c.get('requestId'), translated.records[index]),
          );
          return c.json({
            adapter: binding.id,
            accepted: results.filter((r) => r.status === 201).length,
            duplicates: results.filter((r) => r.status === 200).length,
            rejected: results.filter((r) => r.status >= 400).length,
            results,
          });
        },
      ],
    },
  ];
}

/** The inbound adapter of the caller when the path names the caller itself, else undefined. */
function inboundAdapter(services: Services, c: Context<AppEnv>) {
  const system = c.get('system');
  if (system.id !== c.req.param('systemId') || !system.adapter) return undefined;
  const adapter = services.adapters.get(system.adapter.id);
  return adapter?.inbound ? adapter : undefined;
}

/** An adapter error as an RFC 9457 problem (the adapter catalogue of adapters/sdk.ts), localized. */
function adapterProblemResponse(c: Context<AppEnv>, error: AdapterError): Response {
  const lang = c.get('lang');
  const body = { ...adapterProblem(error, lang), requestId: c.get('requestId') };
  return new Response(JSON.stringify(body), {
    status: adapterErrors[error.code].status,
    headers: {
      'content-type': 'application/problem+json; charset=utf-8',
      'content-language': contentLanguage[lang],
      'x-request-id': body.requestId,
    },
  });
}
