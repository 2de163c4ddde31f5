/** The journal store port: the log deduplicated by event id, in projection order. */
import type { EventEnvelope, StandardRecord } from '../../core/index.ts';

/** One event in the journal: the log, deduplicated by event id, in the order the projector saw it. */
export interface JournalEntry {
  /** Monotonic sequence, the basis of feed cursors. */
  seq: number;
  logPosition: string;
  envelope: EventEnvelope;
}

/**
 * The journal is written by the projector, the single consumer that turns the log into state:
 * it deduplicates by event id (the log is at-least-once), keeps every record version and
 * serves feeds in order. Applying the same event twice changes nothing.
 */
export interface JournalStore {
  /**
   * Appends events not seen before (by event id), in the given order, durably (they survive power
   * loss once this resolves, before the projector commits its position); returns those that were new.
   * `text`, when given, is the envelope's JSON as the log holds it (stored as is where the store keeps JSON text).
   */
  project(events: { logPosition: string; envelope: EventEnvelope; text?: string }[]): Promise<JournalEntry[]>;
  /** Entries with seq > after, at most limit, ascending. */
  readJournal(after: number, limit: number): Promise<JournalEntry[]>;
  /** The highest seq written so far (0 when empty). */
  journalHead(): Promise<number>;
  /** Every version of a record, ascending by version. */
  recordVersions(recordId: string): Promise<JournalEntry[]>;
  /**
   * Every version of every record of a process (ocid or transaction id), ascending by seq: the
   * process's history in one round trip. A record counts when any of its versions is in the process.
   */
  processVersions(processKey: string): Promise<JournalEntry[]>;
  /** The current (highest) version of each record in a process (ocid or transaction id), ascending by date then id. */
  processRecords(processKey: string): Promise<StandardRecord[]>;
  /** processRecords of several processes in one call; every key is in the map (with [] when it has no records). */
  recordsOfProcesses(processKeys: string[]): Promise<Map<string, StandardRecord[]>>;
}
