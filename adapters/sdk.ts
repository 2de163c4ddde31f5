/**
 * The adapter SDK: what an adapter is (a manifest and two pure translation functions), the closed
 * list of adapter errors, and how those errors render as RFC 9457 problems.
 * An adapter translates between one external system's native format and the unified standard;
 * it never does I/O, never reads the clock and never throws on bad input: expected failures are values.
 */
import type { EventEnvelope } from '../gateway/core/envelope.ts';
import type { Bilingual } from '../gateway/core/i18n.ts';
import type { StandardRecord } from '../gateway/core/records.ts';
import { PROBLEM_BASE } from '../gateway/http/errors.ts';

/** The kind of external system an adapter speaks to. */
export type SystemKind =
  /** 省级政府采购管理交易系统 */
  | 'provincial-system'
  /** 公共资源交易平台 */
  | 'trading-platform'
  /** 电子卖场 */
  | 'e-marketplace'
  /** 财政部 */
  | 'ministry'
  /** International standards (OCDS …) */
  | 'international';

/** Which way an adapter translates: native → standard (inbound), standard → native (outbound), or both. */
export type Direction = 'inbound' | 'outbound' | 'both';

/** How the gateway fetches native data from a system that does not push (declared, run by the gateway). */
export interface PullDeclaration {
  /** cursor: the system hands back an opaque next-cursor; since: a timestamp watermark. */
  style: 'cursor' | 'since';
  /** Seconds between polls when the previous poll found nothing new. */
  intervalSeconds: number;
  description: Bilingual;
}

/** manifest.json of an adapter (validated by contracts/adapter-manifest.schema.json). */
export interface AdapterManifest {
  /** Lower-case id, also the adapter's folder name: `ocds`, `ggzy-gp`. */
  id: string;
  name: Bilingual;
  description?: Bilingual;
  /** Version of the adapter's mapping (semver); bump when a fixture's standard output changes. */
  version: string;
  systemKind: SystemKind;
  direction: Direction;
  /** What the native side looks like: media types (the first is what outbound produces) and encodings. */
  native: { mediaTypes: string[]; encodings: string[] };
  /** JSON Schema (draft-07) of the adapter's per-system configuration. */
  configSchema: Record<string, unknown>;
  /** Configurations that must validate against configSchema; the first is used by the fixtures. */
  configExamples: Record<string, unknown>[];
  pull?: PullDeclaration;
}

/** What a translation knows besides the payload. Never the clock: times come in here if needed. */
export interface AdapterContext {
  /** The registered system the data comes from (inbound) or goes to (outbound). */
  systemId: string;
  /** The system's adapter configuration, already validated against the manifest's configSchema. */
  config: Readonly<Record<string, unknown>>;
}

/** Inbound extras: what the sender declared about the payload. */
export interface InboundContext extends AdapterContext {
  /** Media type without parameters, e.g. `application/xml`. */
  mediaType: string;
  /** Declared charset (`utf-8`, `gb18030`), if any. */
  encoding?: string;
}

/** Outbound extras. */
export interface OutboundContext extends AdapterContext {
  /** When the output is published (RFC 3339); adapters that need a publication time take it from here. */
  publishedAt?: string;
}

/** Closed adapter error codes, each with its HTTP status when rendered as a problem. */
export const adapterErrors = {
  'adapter.malformed': spec(
    400,
    ['原生数据格式错误', 'Malformed native payload'],
    ['数据无法按声明的格式解析。', 'The payload cannot be parsed in its declared format.'],
  ),
  'adapter.encoding': spec(
    400,
    ['字符编码错误', 'Bad character encoding'],
    [
      '数据不是声明的字符编码（如 UTF-8、GB18030）的有效文本。',
      'The payload is not valid text in its declared encoding (e.g. UTF-8, GB18030).',
    ],
  ),
  'adapter.xml-entity': spec(
    400,
    ['拒绝 XML 实体', 'XML entities refused'],
    ['XML 中含有 DTD 或实体声明，出于安全原因拒绝处理。', 'The XML declares a DTD or entities, which are refused for safety.'],
  ),
  'adapter.unsupported-media-type': spec(
    415,
    ['不支持的原生媒体类型', 'Unsupported native media type'],
    ['该适配器不接受此媒体类型。', 'This adapter does not accept this media type.'],
  ),
  'adapter.mapping': spec(
    422,
    ['无法映射到数据标准', 'Cannot map to the standard'],
    [
      '数据可以解析，但缺少或含有无法映射到数据标准的内容。',
      'The payload parses but lacks or holds content that cannot be mapped to the standard.',
    ],
  ),
  'adapter.config': spec(
    500,
    ['适配器配置错误', 'Adapter misconfigured'],
    ['该系统的适配器配置无效，请联系网关管理员。', "This system's adapter configuration is invalid; contact the gateway operator."],
  ),
  'adapter.unexpected': spec(500, ['适配器内部错误', 'Adapter failed'], ['适配器意外失败。', 'The adapter failed unexpectedly.']),
} as const satisfies Record<string, AdapterErrorSpec>;

/** An adapter error code. */
export type AdapterErrorCode = keyof typeof adapterErrors;

/** Catalogue entry of an adapter error (same shape as the HTTP error catalogue's entries). */
export interface AdapterErrorSpec {
  status: number;
  retriable: boolean;
  title: Bilingual;
  detail: Bilingual;
}

/** One located problem inside a native payload. */
export interface AdapterIssue {
  /** JSON Pointer into the native payload (JSON), an XPath-like path (XML) or `/row/3/FIELD` (tables). */
  pointer: string;
  /** What failed: a native field rule (`required`, `enum`) or `parse`. */
  keyword: string;
  message: Bilingual;
}

/** An expected translation failure. */
export interface AdapterError {
  code: AdapterErrorCode;
  /** Specific detail; the catalogue's generic detail is used when absent. */
  detail?: Bilingual;
  issues?: AdapterIssue[];
}

/** The outcome of an inbound translation. */
export type InboundResult = { ok: true; records: StandardRecord[] } | { ok: false; error: AdapterError };

/** The outcome of an outbound translation. */
export type OutboundResult = { ok: true; mediaType: string; body: string | Uint8Array } | { ok: false; error: AdapterError };

/** What outbound accepts: standard records, or the envelopes that carry them on the log. */
export type OutboundInput = readonly StandardRecord[] | readonly EventEnvelope[];

/** One HTTP request of a pull, relative to the system's base URL (the gateway does the I/O). */
export interface PullRequest {
  method: 'GET' | 'POST';
  /** Path and query, starting with `/`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Pull mode, for systems the gateway polls (declared by `manifest.pull`): pure request building and paging. */
export interface AdapterPull {
  /** The request for the page after `cursor` (undefined: from the configured start). */
  request(cursor: string | undefined, ctx: AdapterContext): PullRequest;
  /** The cursor to resume from after this page's payload; undefined when the system has nothing more now. */
  nextCursor(native: Uint8Array | string, ctx: InboundContext): string | undefined;
}

/** An adapter: its manifest and its pure translations (present as the direction says). */
export interface Adapter {
  manifest: AdapterManifest;
  /** native → standard. Pure; never throws on any input. */
  inbound?: (native: Uint8Array | string, ctx: InboundContext) => InboundResult;
  /** standard → native. Pure. */
  outbound?: (input: OutboundInput, ctx: OutboundContext) => OutboundResult;
  /** Present exactly when the manifest declares `pull`. */
  pull?: AdapterPull;
}

/** The records of an outbound input, whichever form it came in. */
export function recordsOf(input: OutboundInput): StandardRecord[] {
  return input.map((item) => (isEnvelope(item) ? item.data : item));
}

/** Builds an error value. */
export function adapterError(code: AdapterErrorCode, detail?: Bilingual, issues?: AdapterIssue[]): { ok: false; error: AdapterError } {
  const error: AdapterError = { code };
  if (detail) error.detail = detail;
  if (issues && issues.length > 0) error.issues = issues;
  return { ok: false, error };
}

/** An RFC 9457 problem body (the HTTP layer adds `requestId`). */
export interface AdapterProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: AdapterErrorCode;
  retriable: boolean;
  errors: { pointer: string; keyword: string; message: string }[];
}

/** Renders an adapter error as an RFC 9457 problem in one language. */
export function adapterProblem(error: AdapterError, lang: 'zh' | 'en'): AdapterProblem {
  const entry: AdapterErrorSpec = adapterErrors[error.code];
  return {
    type: `${PROBLEM_BASE}${error.code}`,
    title: entry.title[lang],
    status: entry.status,
    detail: (error.detail ?? entry.detail)[lang],
    code: error.code,
    retriable: entry.retriable,
    errors: (error.issues ?? []).map((i) => ({ pointer: i.pointer, keyword: i.keyword, message: i.message[lang] })),
  };
}

/** Decodes a text payload: strings pass through; bytes must be valid in the encoding (a BOM is dropped). */
export function decodeText(
  native: Uint8Array | string,
  encoding = 'utf-8',
): { ok: true; text: string } | { ok: false; error: AdapterError } {
  if (typeof native === 'string') return { ok: true, text: native };
  try {
    return { ok: true, text: new TextDecoder(encoding, { fatal: true }).decode(native) };
  } catch {
    return adapterError('adapter.encoding', {
      zh: `数据不是有效的 ${encoding} 文本`,
      en: `the payload is not valid ${encoding} text`,
    });
  }
}

function spec(status: number, title: [string, string], detail: [string, string]): AdapterErrorSpec {
  return { status, retriable: false, title: { zh: title[0], en: title[1] }, detail: { zh: detail[0], en: detail[1] } };
}

function isEnvelope(item: StandardRecord | EventEnvelope): item is EventEnvelope {
  return (item as EventEnvelope).specversion === '1.0' && typeof (item as EventEnvelope).data === 'object';
}
