/**
 * Refused pushes as events on the log's rejection channel (Kafka: `<prefix>rejected.v1`), so that
 * a publishing system or the ministry can watch refusals without polling the monitoring API. An
 * ingest observer: it hands the events to the log and returns at once, so the answer to a push
 * never waits for, nor fails with, their publication.
 */

import type { RecordLog, RejectionEvent } from '../log/index.ts';
import type { IngestObserver, IngestResult } from './pipeline.ts';

/** Problems carried per event; a record failing hundreds of checks is told about the first ones. */
const MAX_ERRORS = 50;
/** Longest id or process key taken from a refused input (longer ones are not ids of the standard). */
const MAX_ID = 200;

/** Why a refusal is not published: the log could not take writes, which says nothing about the record. */
const NOT_A_VERDICT = new Set(['log_unavailable']);

function shortString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID ? value : undefined;
}

/** The rejection events of one ingest call: one per refused input, in input order. */
export function rejectionEvents(systemId: string, inputs: unknown[], results: IngestResult[], receivedAt: string): RejectionEvent[] {
  const events: RejectionEvent[] = [];
  for (const [index, result] of results.entries()) {
    if (result.ok || NOT_A_VERDICT.has(result.code)) continue;
    const input = inputs[index];
    const header = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
    const recordId = shortString(header.id);
    const version = Number.isSafeInteger(header.version) ? (header.version as number) : undefined;
    const processKey = shortString(header.recordType === 'transaction' ? header.transactionId : header.ocid);
    events.push({
      systemId,
      ...(recordId === undefined ? {} : { recordId }),
      ...(version === undefined ? {} : { version }),
      ...(processKey === undefined ? {} : { processKey }),
      code: result.code,
      errors: result.errors
        .slice(0, MAX_ERRORS)
        .map((e) => ({ pointer: e.pointer, keyword: e.keyword, message: { zh: e.message.zh, en: e.message.en } })),
      receivedAt,
    });
  }
  return events;
}

/**
 * The ingest observer publishing refusals through `log.publishRejections`; a no-op for logs without
 * one (the embedded SQLite log). Publication failures go to `onError` and nowhere else.
 */
export function rejectionPublisher(
  log: Pick<RecordLog, 'publishRejections'>,
  onError: (error: unknown) => void = () => {},
): IngestObserver {
  return {
    ingested(system, inputs, results, elapsedMs) {
      if (!log.publishRejections || results.every((r) => r.ok)) return;
      const events = rejectionEvents(system.id, inputs, results, new Date(Date.now() - elapsedMs).toISOString());
      if (events.length === 0) return;
      // Not awaited: the push is answered without waiting for Kafka.
      log.publishRejections(events).catch(onError);
    },
  };
}
