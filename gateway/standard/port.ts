/**
 * What the rest of the gateway sees of the unified data standard: one validator, compiled once.
 * Implemented by gateway/standard/standard.ts (createStandard(), exported by the folder's index.ts); used by ingest, the CLI and adapters.
 */
import type { Bilingual, StandardRecord } from '../core/index.ts';

/** One problem found in a record. */
export interface Issue {
  /** JSON Pointer (RFC 6901) into the record, '' for the whole record. */
  pointer: string;
  /** JSON Schema keyword or custom format/keyword ('required', 'uscc', …), or the compliance rule id ('PX-R003'). */
  keyword: string;
  severity: 'error' | 'warning';
  message: Bilingual;
  /** For compliance rules: the regulation or data-quality check it implements. */
  citation?: string;
}

/** What the compliance rules may know of the record's procurement process (or order). */
export interface ProcessContext {
  /** Current versions of the other records of the same process, as held by the state store. */
  records: StandardRecord[];
}

/** The validation result: ok records may still carry warnings. */
export type Validation = { ok: true; record: StandardRecord; dataschema: string; warnings: Issue[] } | { ok: false; issues: Issue[] };

/** The unified data standard: schemas, formats, codelists and compliance rules. */
export interface Standard {
  /**
   * Validates one record: schema (fast path; a second allErrors pass only on failure),
   * then compliance rules with the process context. Never throws on any input.
   */
  validate(input: unknown, context?: ProcessContext): Validation;
  /** Schema `$id` of each record kind, e.g. for the envelope's dataschema. */
  schemaIds(): readonly string[];
}
