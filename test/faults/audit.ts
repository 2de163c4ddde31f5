/**
 * The audit of the fault tests: what clients pushed and were receipted, against what the log, the
 * journal and the subscribers hold afterwards. Prints its counts so that they show in CI output.
 */
import type { StandardRecord } from '../../gateway/core/records.ts';
import type { RecordLog } from '../../gateway/log/port.ts';
import type { JournalStore, Receipt } from '../../gateway/store/port.ts';
import type { Endpoint } from '../integration/webhook.support.ts';

/** A record a client pushed until it held a receipt. */
export interface PushedRecord {
  record: StandardRecord;
  receipt: Receipt;
  /** Statuses of every attempt (0: no answer, e.g. the process was killed). */
  statuses: number[];
}

/** What a push that got no receipt was answered with: the problem's retriable flag and code, and Retry-After. */
export interface AttemptProblem {
  retriable?: boolean;
  code?: string;
  retryAfter?: string;
}

/**
 * Pushes `record` until the gateway answers with a receipt: while there is no gateway (`url()` is
 * null), no answer or a 5xx/429, it waits and retries the same record. Any other answer fails the test.
 */
export async function pushUntilReceipted(
  url: () => string | null,
  record: StandardRecord,
  apiKey: string,
  deadlineMs = 90_000,
  onAttempt?: (status: number, problem?: AttemptProblem) => void,
): Promise<PushedRecord> {
  const statuses: number[] = [];
  const deadline = Date.now() + deadlineMs;
  const body = JSON.stringify(record);
  for (;;) {
    if (Date.now() > deadline) throw new Error(`no receipt for ${record.id} after ${statuses.length} attempts: ${statuses.join(',')}`);
    const target = url();
    if (target === null) {
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    let status = 0;
    let receipt: Receipt | undefined;
    let problem: AttemptProblem | undefined;
    try {
      const res = await fetch(`${target}/v1/records`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'accept-language': 'en' },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      status = res.status;
      const answer = (await res.json().catch(() => ({}))) as { receipt?: Receipt; retriable?: boolean; code?: string };
      receipt = answer.receipt;
      const retryAfter = res.headers.get('retry-after');
      if (!receipt)
        problem = {
          ...(answer.retriable === undefined ? {} : { retriable: answer.retriable }),
          ...(answer.code === undefined ? {} : { code: answer.code }),
          ...(retryAfter === null ? {} : { retryAfter }),
        };
      if (status < 500 && status !== 429 && !receipt) throw new Error(`push of ${record.id} answered ${status}: ${JSON.stringify(answer)}`);
    } catch (error) {
      if (status !== 0) throw error;
    }
    statuses.push(status);
    onAttempt?.(status, problem);
    if (receipt && (status === 200 || status === 201)) return { record, receipt, statuses };
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
  }
}

/** Every event id in a log with the positions it sits at (an at-least-once log may hold copies). */
export async function logCopies(log: RecordLog): Promise<Map<string, string[]>> {
  const copies = new Map<string, string[]>();
  let cursor: string | null = null;
  for (;;) {
    const { events, next } = await log.read(cursor, 5000);
    for (const e of events) copies.set(e.envelope.id, [...(copies.get(e.envelope.id) ?? []), e.position]);
    if (events.length === 0) return copies;
    cursor = next;
  }
}

/** How many times each event id is in the journal. */
export async function journalCopies(journal: JournalStore): Promise<Map<string, number>> {
  const copies = new Map<string, number>();
  for (let after = 0; ; ) {
    const entries = await journal.readJournal(after, 5000);
    if (entries.length === 0) return copies;
    for (const e of entries) copies.set(e.envelope.id, (copies.get(e.envelope.id) ?? 0) + 1);
    after = entries.at(-1)!.seq;
  }
}

/** The log position of the copy the journal keeps, by event id. */
export async function journalPositions(journal: JournalStore): Promise<Map<string, string>> {
  const positions = new Map<string, string>();
  for (let after = 0; ; ) {
    const entries = await journal.readJournal(after, 5000);
    if (entries.length === 0) return positions;
    for (const e of entries) if (!positions.has(e.envelope.id)) positions.set(e.envelope.id, e.logPosition);
    after = entries.at(-1)!.seq;
  }
}

/** What the log and journal hold of the receipted records. */
export interface LogAudit {
  pushed: number;
  receipted: number;
  /** Receipted records found in the log. */
  found: number;
  /** Receipts whose event is not in the log: must be none. */
  notInLog: string[];
  /** Receipts whose event is not at the position the receipt names (when positions are checked). */
  wrongPosition: string[];
  /** Receipted events not in the journal exactly once. */
  journalCopies: { eventId: string; copies: number }[];
  /** Receipted records that took more than one attempt. */
  retried: number;
  /** Copies appended beyond the first, over every receipted event (an at-least-once log may hold some). */
  duplicateAppends: number;
  /** Receipts naming a log position other than the copy the journal keeps; null when journal positions are not known. */
  positionNotKept: string[] | null;
}

/** Audits receipted records against the log's and the journal's contents. */
export function auditCopies(
  pushed: PushedRecord[],
  log: Map<string, string[]>,
  journal: Map<string, number>,
  options: { checkPositions: boolean; journalPositions?: Map<string, string> },
): LogAudit {
  const kept = options.journalPositions;
  const receipts = pushed.map((p) => p.receipt);
  return {
    pushed: pushed.length,
    receipted: receipts.length,
    found: receipts.filter((r) => log.has(r.eventId)).length,
    retried: pushed.filter((p) => p.statuses.length > 1).length,
    notInLog: receipts.filter((r) => !log.has(r.eventId)).map((r) => r.eventId),
    wrongPosition: options.checkPositions
      ? receipts.filter((r) => log.has(r.eventId) && !log.get(r.eventId)!.includes(r.logPosition)).map((r) => r.eventId)
      : [],
    journalCopies: receipts
      .filter((r) => journal.get(r.eventId) !== 1)
      .map((r) => ({ eventId: r.eventId, copies: journal.get(r.eventId) ?? 0 })),
    duplicateAppends: receipts.reduce((n, r) => n + Math.max(0, (log.get(r.eventId)?.length ?? 0) - 1), 0),
    positionNotKept: kept
      ? receipts.filter((r) => kept.has(r.eventId) && kept.get(r.eventId) !== r.logPosition).map((r) => r.eventId)
      : null,
  };
}

/** Audits receipted records against a readable log (SQLite) and the journal, positions included. */
export async function auditLog(pushed: PushedRecord[], log: RecordLog, journal: JournalStore): Promise<LogAudit> {
  return auditCopies(pushed, await logCopies(log), await journalCopies(journal), {
    checkPositions: true,
    journalPositions: await journalPositions(journal),
  });
}

/** What one subscriber received of the records it is entitled to. */
export interface DeliveryAudit {
  expected: number;
  delivered: number;
  missing: string[];
}

/** The records of `expected` that `endpoint` accepted (2xx) at least once, by event id. */
export function deliveredTo(endpoint: Endpoint, expected: PushedRecord[]): DeliveryAudit {
  const ids = new Set(endpoint.accepted().map((r) => (JSON.parse(r.body) as { id?: string }).id));
  const missing = expected.filter((p) => !ids.has(p.receipt.eventId)).map((p) => p.receipt.eventId);
  return { expected: expected.length, delivered: expected.length - missing.length, missing };
}

/** Prints the audit's counts (they show in CI output). */
export function printAudit(label: string, audit: LogAudit, deliveries: Record<string, DeliveryAudit>): void {
  const lost =
    audit.notInLog.length +
    audit.journalCopies.filter((c) => c.copies === 0).length +
    Object.values(deliveries).reduce((n, d) => n + d.missing.length, 0);
  const delivered = Object.entries(deliveries)
    .map(([name, d]) => `${name} ${d.delivered}/${d.expected}`)
    .join(', ');
  console.log(
    `[audit] ${label}: pushed ${audit.pushed}, receipted ${audit.receipted}, found in log ${audit.found}, journal exactly once ${audit.receipted - audit.journalCopies.length}, delivered ${delivered}, lost ${lost}; ` +
      `retried requests ${audit.retried}, duplicate appends ${audit.duplicateAppends}, receipts not naming the journal's copy ${audit.positionNotKept?.length ?? 'not audited'}`,
  );
}
