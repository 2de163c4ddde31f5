/**
 * The record log port: the durable, ordered, replayable log of accepted record versions.
 * Embedded: SQLite (gateway/log/sqlite.ts). Distributed: Kafka (gateway/log/kafka.ts).
 * One behavioural suite (test/ports/log.suite.ts) runs against both.
 */
import type { EventEnvelope } from '../core/index.ts';

/**
 * An opaque, serialisable position in the log. For SQLite a sequence number; for Kafka one
 * offset per partition. Only the implementation that issued it interprets it.
 */
export type LogCursor = string;

/** One event as read back from the log, with the position just after it. */
export interface LoggedEvent {
  /** Where this event sits: its position rendered as a string, unique in the log. */
  position: string;
  envelope: EventEnvelope;
  /**
   * The envelope as JSON text, when the log has it at hand (as stored): lets a consumer that stores
   * the envelope as JSON skip serialising it again. It parses to `envelope`.
   */
  text?: string;
}

/** Thrown (or rejected with) when the log cannot take writes right now; retrying later can help. */
export class LogUnavailableError extends Error {
  readonly retriable = true;
  /**
   * For an append given up on while its write was still under way (a timeout): settles once that
   * write has ended one way or the other. Until then the events may still land in the log.
   */
  readonly stillLanding?: Promise<void>;

  constructor(message: string, options?: { cause?: unknown; stillLanding?: Promise<void> }) {
    super(message, options);
    this.name = 'LogUnavailableError';
    if (options?.stillLanding) this.stillLanding = options.stillLanding;
  }
}

/**
 * A push the gateway refused, as published for other systems to watch (Kafka: `<prefix>rejected.v1`).
 * Compact: who pushed what, and why; never the refused payload itself.
 */
export interface RejectionEvent {
  systemId: string;
  /** The record's id and version, when the refused input carried them. */
  recordId?: string;
  version?: number;
  /** The process key (ocid or transactionId) when the input carried one: the message key. */
  processKey?: string;
  /** The error catalogue code, e.g. record_invalid. */
  code: string;
  errors: { pointer: string; keyword: string; message: { zh: string; en: string } }[];
  /** When the gateway received the push (RFC 3339). */
  receivedAt: string;
}

/** A running consumer-group subscription; stop() waits for the current batch to finish. */
export interface LogConsumer {
  stop(): Promise<void>;
}

/** Handles one batch of events in log order (per key); the group position is committed after it resolves. */
export type BatchHandler = (events: LoggedEvent[]) => Promise<void>;

/** How a consumer group member consumes. */
export interface ConsumeOptions {
  /**
   * For idempotent handlers only: while this member holds no part of the log (joining, a rebalance,
   * reconnecting after an outage) the log is delivered anyway, from the group's committed position,
   * by a reader outside the group; events may then reach the handler twice. Logs without groups
   * to wait for ignore it.
   */
  catchUp?: boolean;
}

/** The record log. Construction does no I/O; start() connects, close() disconnects. */
export interface RecordLog {
  start(): Promise<void>;
  close(): Promise<void>;
  /**
   * Appends events durably, keyed by `envelope.processkey` (events of one key stay in order).
   * Resolves with each event's position, in input order, only once all are durable
   * (SQLite: committed with WAL fsync; Kafka: acknowledged by all in-sync replicas).
   * Rejects with LogUnavailableError when the log cannot accept writes.
   */
  append(events: EventEnvelope[]): Promise<string[]>;
  /** Reads up to `limit` events after `cursor` (null: from the start), in log order, with the cursor after them. */
  read(cursor: LogCursor | null, limit: number): Promise<{ events: LoggedEvent[]; next: LogCursor }>;
  /**
   * Consumes the log as member `group` of a consumer group from its committed position,
   * calling `handler` batch by batch and committing after each; at-least-once.
   */
  consume(group: string, handler: BatchHandler, options?: ConsumeOptions): Promise<LogConsumer>;
  /**
   * How many events of the log consumer group `group` has yet to consume: the durable events after
   * its committed position (every partition, whichever process commits for it); all of them when
   * it never committed. Rejects with LogUnavailableError when the log cannot be asked.
   */
  backlog(group: string): Promise<number>;
  /** A cheap probe for readiness: true when an append would be attempted now. */
  writable(): Promise<boolean>;
  /**
   * Publishes refused pushes, best effort (a failure loses only the notification, never a record).
   * Only logs that have a place for them implement it (Kafka: the rejected topic).
   */
  publishRejections?(events: RejectionEvent[]): Promise<void>;
}
