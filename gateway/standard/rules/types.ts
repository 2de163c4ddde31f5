/**
 * What a compliance rule is: metadata for docs and configuration, and a check that reports
 * problems through a callback so that a clean record allocates nothing.
 */

import type { Bilingual, StandardRecord } from '../../core/index.ts';
import type { Notice, Transaction } from '../types.ts';

/** error rejects the record; warning is reported but accepted. */
export type Severity = 'error' | 'warning';

/** What a rule is, for documentation and configuration. */
export interface RuleInfo {
  /** Stable id, e.g. PX-R001. */
  id: string;
  /** Default severity; configurable per standard instance. */
  severity: Severity;
  /** Which records it applies to, e.g. 'notice:tender'. */
  appliesTo: string;
  /** What the rule requires. */
  message: Bilingual;
  /** The regulation or data-quality check it implements. */
  citation: string;
  /** True if it needs the other records of the process; without them it is skipped. */
  needsContext: boolean;
}

/** Reports one problem at a JSON Pointer with a specific message. */
export type Emit = (pointer: string, message: Bilingual) => void;

/** The other current records of the same process, or undefined if the caller has none. */
export type Others = readonly StandardRecord[] | undefined;

/** A rule over notices. */
export interface NoticeRule extends RuleInfo {
  recordType: 'notice';
  /** The notice types it applies to, so that it is not even called for others; absent: every type. */
  subtypes?: readonly string[];
  check(record: Notice, others: Others, emit: Emit): void;
}

/** A rule over transactions. */
export interface TransactionRule extends RuleInfo {
  recordType: 'transaction';
  /** The transaction types it applies to, so that it is not even called for others; absent: every type. */
  subtypes?: readonly string[];
  check(record: Transaction, others: Others, emit: Emit): void;
}

/** A compliance rule: metadata plus its check over a schema-valid record. */
export type Rule = NoticeRule | TransactionRule;
