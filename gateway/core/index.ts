/** The public face of gateway/core/: other folders import from here. It only re-exports. */
export { canonicalize } from './canonical-json.ts';
export {
  canonicalJson,
  contentHash,
  dataJson,
  dataschemaUrl,
  type EventEnvelope,
  envelopeFor,
  envelopeJson,
  eventIdFor,
  hashOfCanonical,
  keepDataJson,
  SCHEMA_PATH,
} from './envelope.ts';
export { errorMessage } from './errors.ts';
export { type Bilingual, contentLanguage, type Lang, negotiateLanguage } from './i18n.ts';
export {
  decodeUtf8,
  type JsonFailure,
  type JsonLimits,
  malformed,
  notUtf8,
  parseJson,
  parseJsonText,
  scanTokens,
  withinLimits,
} from './json.ts';
export { jsonLogger, type Logger } from './logger.ts';
export {
  type AdapterErrorCode,
  adapterProblems,
  type ErrorCode,
  type ErrorSpec,
  errorCatalogue,
  type ProblemItem,
  problemType,
} from './problems.ts';
export { type RateLimit, RateLimiter } from './rate-limit.ts';
export { type Operation, processKeyOf, type RecordHeader, type RecordType, type StandardRecord, subtypeOf } from './records.ts';
