/**
 * The gateway's side of adapters: each adapter's config schema compiled once, the native media type
 * checked against the manifest, the system's configuration checked, and an adapter that throws
 * despite its contract turned into an `adapter.unexpected` value instead of a crashed request.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Bilingual } from '../gateway/core/index.ts';
import { adapters as registered } from './registry.ts';
import { type Adapter, type AdapterIssue, adapterError, type InboundResult, type OutboundInput, type OutboundResult } from './sdk.ts';

/** What the HTTP layer knows about an inbound request. */
export interface InboundRequest {
  systemId: string;
  /** The system's adapter configuration from the systems registry. */
  config: Record<string, unknown>;
  /** The request's Content-Type header, e.g. `application/xml; charset=GB18030`. */
  contentType: string | undefined;
  body: Uint8Array | string;
  /** Most records the payload may carry (the gateway's batch limit). */
  maxRecords?: number;
}

/** What delivery knows about an outbound batch. */
export interface OutboundRequest {
  systemId: string;
  config: Record<string, unknown>;
  input: OutboundInput;
  publishedAt?: string;
}

/** The adapters the gateway runs, with their config schemas compiled. */
export interface AdapterHost {
  /** Every registered adapter, in registry order. */
  list(): readonly Adapter[];
  get(id: string): Adapter | undefined;
  /** Problems with a system's configuration of an adapter (empty when valid): for start-up checks. */
  checkConfig(id: string, config: unknown): AdapterIssue[];
  inbound(id: string, request: InboundRequest): InboundResult;
  outbound(id: string, request: OutboundRequest): OutboundResult;
}

/** Builds the host: compiles every adapter's config schema now; no I/O. */
export function createAdapterHost(adapters: readonly Adapter[] = registered): AdapterHost {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const byId = new Map<string, { adapter: Adapter; validateConfig: ValidateFunction }>();
  for (const adapter of adapters) {
    if (byId.has(adapter.manifest.id)) throw new Error(`adapter '${adapter.manifest.id}' is registered twice`);
    byId.set(adapter.manifest.id, { adapter, validateConfig: ajv.compile(adapter.manifest.configSchema) });
  }

  function checkConfig(id: string, config: unknown): AdapterIssue[] {
    const entry = byId.get(id);
    if (!entry)
      return [{ pointer: '', keyword: 'adapter', message: { zh: `未注册的适配器：${id}`, en: `no adapter registered as '${id}'` } }];
    if (entry.validateConfig(config)) return [];
    return (entry.validateConfig.errors ?? []).map((e) => ({
      pointer: e.instancePath,
      keyword: e.keyword,
      message: { zh: `配置不符合适配器要求：${e.message ?? e.keyword}`, en: `configuration is not valid: ${e.message ?? e.keyword}` },
    }));
  }

  return {
    list: () => adapters,
    get: (id) => byId.get(id)?.adapter,
    checkConfig,
    inbound(id, request) {
      const adapter = byId.get(id)?.adapter;
      if (!adapter?.inbound) return misconfigured({ zh: `适配器 ${id} 不支持入站转换`, en: `adapter '${id}' has no inbound translation` });
      const issues = checkConfig(id, request.config);
      if (issues.length > 0) return adapterError('adapter.config', undefined, issues);
      const { mediaType, charset } = parseContentType(request.contentType);
      if (!adapter.manifest.native.mediaTypes.includes(mediaType)) {
        return adapterError('adapter.unsupported-media-type', {
          zh: `适配器 ${id} 接受 ${adapter.manifest.native.mediaTypes.join('、')}，收到 ${mediaType || '（无）'}`,
          en: `adapter '${id}' accepts ${adapter.manifest.native.mediaTypes.join(', ')}, got ${mediaType || '(none)'}`,
        });
      }
      if (charset && !adapter.manifest.native.encodings.includes(charset)) {
        return adapterError('adapter.encoding', {
          zh: `适配器 ${id} 接受的字符编码为 ${adapter.manifest.native.encodings.join('、')}，收到 ${charset}`,
          en: `adapter '${id}' accepts the encodings ${adapter.manifest.native.encodings.join(', ')}, got ${charset}`,
        });
      }
      const encoding = charset ?? adapter.manifest.native.encodings[0];
      const ctx = {
        systemId: request.systemId,
        config: request.config,
        mediaType,
        ...(encoding ? { encoding } : {}),
        ...(request.maxRecords === undefined ? {} : { maxRecords: request.maxRecords }),
      };
      const translated = guarded(() => adapter.inbound!(request.body, ctx));
      return translated.ok ? wellFormed(translated) : translated;
    },
    outbound(id, request) {
      const adapter = byId.get(id)?.adapter;
      if (!adapter?.outbound)
        return misconfigured({ zh: `适配器 ${id} 不支持出站转换`, en: `adapter '${id}' has no outbound translation` });
      const issues = checkConfig(id, request.config);
      if (issues.length > 0) return adapterError('adapter.config', undefined, issues);
      const ctx = {
        systemId: request.systemId,
        config: request.config,
        ...(request.publishedAt ? { publishedAt: request.publishedAt } : {}),
      };
      return guarded(() => adapter.outbound!(request.input, ctx));
    },
  };
}

/** Splits a Content-Type header into the bare, lower-case media type and its charset (lower-case), if any. */
export function parseContentType(header: string | undefined): { mediaType: string; charset?: string } {
  const [type = '', ...params] = (header ?? '').split(';');
  const charset = params.map((p) => p.trim().match(/^charset="?([^";]+)"?$/i)?.[1]).find(Boolean);
  return charset ? { mediaType: type.trim().toLowerCase(), charset: charset.toLowerCase() } : { mediaType: type.trim().toLowerCase() };
}

function misconfigured(detail: Bilingual): { ok: false; error: { code: 'adapter.config'; detail: Bilingual } } {
  return { ok: false, error: { code: 'adapter.config', detail } };
}

function guarded<T extends InboundResult | OutboundResult>(run: () => T): T | ReturnType<typeof adapterError> {
  try {
    return run();
  } catch (error) {
    return adapterError('adapter.unexpected', {
      zh: `适配器意外失败：${(error as Error)?.message ?? String(error)}`,
      en: `the adapter failed unexpectedly: ${(error as Error)?.message ?? String(error)}`,
    });
  }
}

/** A lone UTF-16 surrogate: a high one not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The translation, or `adapter.malformed` when a record holds a string with a lone surrogate: a JSON
 * payload may escape one (`"\ud800"`), JSON.parse lets it through, and it cannot be encoded as UTF-8
 * for hashing and storage. One walk over the records (iterative: no depth limit on the stack).
 */
function wellFormed(result: Extract<InboundResult, { ok: true }>): InboundResult {
  const stack: { value: unknown; pointer: string }[] = result.records.map((value, i) => ({ value, pointer: `/records/${i}` }));
  while (stack.length > 0) {
    const { value, pointer } = stack.pop()!;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value))
        return adapterError(
          'adapter.malformed',
          { zh: '数据含有不成对的 UTF-16 代理项', en: 'the payload holds a lone UTF-16 surrogate' },
          [
            {
              pointer,
              keyword: 'surrogate',
              message: {
                zh: '字符串含有不成对的 UTF-16 代理项（如 \\ud800），无法编码为 UTF-8',
                en: 'the string holds a lone UTF-16 surrogate (such as \\ud800), which cannot be encoded as UTF-8',
              },
            },
          ],
        );
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if (LONE_SURROGATE.test(key)) stack.push({ value: key, pointer });
        stack.push({ value: child, pointer: `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}` });
      }
    }
  }
  return result;
}
