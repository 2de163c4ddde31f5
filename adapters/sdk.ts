/**
 * The adapter SDK: what an adapter is (a manifest and two pure translation functions), the closed
 * list of adapter errors (the `adapter.*` part of gateway/core/problems.ts), how those errors render as
 * RFC 9457 problems, and the few gateway helpers an adapter may use (re-exported at the end). Adapters
 * import this file and nothing else of the gateway (a dependency rule checks it).
 * An adapter translates between one external system's native format and the unified standard;
 * it never does I/O, never reads the clock and never throws on bad input: expected failures are values.
 */
import {
  type AdapterErrorCode,
  adapterProblems,
  type Bilingual,
  type ErrorSpec,
  type EventEnvelope,
  problemType,
  type StandardRecord,
} from '../gateway/core/index.ts';

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
  /** Most records one payload may carry (the gateway's batch limit): counted before anything is mapped or validated. */
  maxRecords?: number;
}

/** Outbound extras. */
export interface OutboundContext extends AdapterContext {
  /** When the output is published (RFC 3339); adapters that need a publication time take it from here. */
  publishedAt?: string;
}

/** Closed adapter error codes, each with its HTTP status when rendered as a problem: the `adapter.*` part of the gateway's one catalogue. */
export const adapterErrors = adapterProblems;

/** An adapter error code. */
export type { AdapterErrorCode };

/** Catalogue entry of an adapter error (an entry of the gateway's catalogue). */
export type AdapterErrorSpec = ErrorSpec;

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
  /** Record types the outbound mapping can express (absent: every type); a subscription in this format is held to them. */
  recordTypes?: readonly ('notice' | 'transaction')[];
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

/** The error of a payload with more items than one request may carry (checked before any item is mapped). */
export function tooManyRecords(count: number, max: number): { ok: false; error: AdapterError } {
  return adapterError('adapter.too-large', {
    zh: `数据含 ${count} 个条目，一次最多 ${max} 个`,
    en: `the payload holds ${count} items; at most ${max} fit in one request`,
  });
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
    type: problemType(error.code),
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

function isEnvelope(item: StandardRecord | EventEnvelope): item is EventEnvelope {
  return (item as EventEnvelope).specversion === '1.0' && typeof (item as EventEnvelope).data === 'object';
}

// What an adapter may use of the gateway, re-exported so that adapters import this file and nothing
// else: the record and envelope types, content hashing, the JSON and merge helpers, the standard's
// identifier checks and the gateway's own standard ↔ OCDS mapping.
export type { Bilingual, EventEnvelope, StandardRecord } from '../gateway/core/index.ts';
export { contentHash, errorMessage } from '../gateway/core/index.ts';
export {
  compile,
  isObject,
  type JsonObject,
  mergeableRelease,
  methodOfOcds,
  noticeToRelease,
  noticeTypeOfTag,
  ocdsReleaseSchema,
  partyFromOcds,
  processFactsOf,
  releaseToNotice,
  sortByDate,
} from '../gateway/merge/index.ts';
export { ajvMessage, isValidOrgCode, isValidUscc } from '../gateway/standard/index.ts';
