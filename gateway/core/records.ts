/**
 * The header every record of the unified standard carries, whatever its type.
 * The full shapes live in schemas/v1; this is only what the gateway itself routes on.
 */

/** Record families: 公告 notices and 电子卖场 transactions. */
export type RecordType = 'notice' | 'transaction';

/** What a pushed version does to the record. */
export type Operation = 'create' | 'update' | 'withdraw';

/** The fields of a standard record that ingest, log and delivery rely on. */
export interface RecordHeader {
  recordType: RecordType;
  /** The record's own id (a notice id or a transaction event id), stable across versions. */
  id: string;
  /** Version of this record, an integer from 1; a newer version replaces an older one. */
  version: number;
  operation: Operation;
  /** GB/T 2260 area code the record belongs to (行政区划代码). */
  regionCode: string;
  /** Notices: the procurement process (ocid-style) they belong to. */
  ocid?: string;
  /** Transactions: the order (call-off) they belong to. */
  transactionId?: string;
  /** Notices: one of the 13 notice types. */
  noticeType?: string;
  /** Transactions: order, confirmation, delivery, acceptance, payment, cancellation, return. */
  transactionType?: string;
  /** When the source published this version (RFC 3339 with offset). */
  date?: string;
}

/** A standard record: the header plus the type-specific body. */
export type StandardRecord = RecordHeader & Record<string, unknown>;

/** The key that keeps one process's (or one order's) records in order on the log. */
export function processKeyOf(record: RecordHeader): string {
  const key = record.recordType === 'notice' ? record.ocid : record.transactionId;
  if (!key) throw new Error(`record ${record.id} has no process key`);
  return key;
}

/** The record's subtype: its notice type or transaction type. */
export function subtypeOf(record: RecordHeader): string {
  return (record.recordType === 'notice' ? record.noticeType : record.transactionType) ?? 'unknown';
}
