/**
 * The thin Kafka client the Kafka record log is written against: what the log needs from a Kafka
 * client, implemented over kafkajs in gateway/log/kafka-kafkajs.ts (the only module that imports
 * kafkajs, so the library can be replaced in one place). Also the producer micro-batcher, because
 * kafkajs sends each `send()` call as its own produce request.
 */

/** Connection settings. Short timeouts and few retries: a request must fail fast when the broker is gone. */
export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  /** TCP connect timeout per attempt. */
  connectionTimeoutMs: number;
  /** Per-request timeout (produce, metadata, fetch). */
  requestTimeoutMs: number;
  /** Retries of a failed request before giving up. */
  retries: number;
  /** kafkajs' own log, as JSON lines on stderr (default: nothing; consumer crashes are always reported). */
  logLevel?: KafkaLogLevel;
}

/** One JSON line on stderr, in the shape of the gateway's logger. */
export function report(level: string, message: string, fields: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
}

/** Levels of the client's log. */
export type KafkaLogLevel = 'nothing' | 'error' | 'warn' | 'info' | 'debug';
/** A message to produce; `key` decides the partition (Java-compatible murmur2, as every Kafka client). */
export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Where a produced or consumed message sits. */
export interface TopicPosition {
  topic: string;
  partition: number;
  offset: string;
}

/** A consumed message with its position. */
export interface IncomingMessage extends TopicPosition {
  key: string | null;
  value: string;
  headers: Record<string, string>;
  timestamp: string;
}

/** A topic to create when missing. */
export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** min.insync.replicas: replicas that must have a message before acks=all acknowledges it. */
  minInsyncReplicas: number;
  /** retention.ms; -1 keeps records forever. */
  retentionMs: number;
}

/**
 * The min.insync.replicas of a topic with `replicationFactor` replicas: a majority from three up
 * (2 of 3, 3 of 5), so an acknowledged write survives the loss of any one broker and a write
 * fails instead of landing on a lone replica; 1 below three, where a majority would stop every
 * write while one broker is down.
 */
export function minInsyncReplicasFor(replicationFactor: number): number {
  return replicationFactor >= 3 ? Math.floor(replicationFactor / 2) + 1 : 1;
}

/** Offsets of one partition: `low` is the first retained offset, `high` the next offset to be written. */
export interface PartitionOffsets {
  partition: number;
  low: string;
  high: string;
}

/** Handles the messages of one partition fetch; the group offset is committed after it resolves. */
export type PartitionBatchHandler = (messages: IncomingMessage[]) => Promise<void>;

/** How a consumer starts and whether it commits. */
export interface ConsumeOptions {
  /** Where a partition starts (a lower bound: earlier messages are skipped); undefined: committed or beginning. */
  start?: (topic: string, partition: number) => string | undefined;
  /** Commit offsets after each batch (default true); false for throw-away readers. */
  commit?: boolean;
  /**
   * Resolve once connected and subscribed, joining the group in the background (default false: once
   * joined). Joining can take a whole session timeout when a killed member is still in the group.
   */
  joinInBackground?: boolean;
  /** Told when the member gets its partitions (`assigned`) and when it loses them (rebalance, crash). */
  onMembership?: (state: 'assigned' | 'unassigned') => void;
}

/** A running consumer; stop() waits for the batch in progress and leaves the group. */
export interface RunningConsumer {
  stop(): Promise<void>;
}

/** What the Kafka record log needs from a Kafka client. */
export interface KafkaClient {
  /** Creates the missing topics and returns the partition count of each requested topic. */
  ensureTopics(topics: TopicSpec[]): Promise<Map<string, number>>;
  /** Produces messages with acks=all through the idempotent producer, returning each one's position in input order. */
  produce(messages: OutgoingMessage[]): Promise<TopicPosition[]>;
  /** Current low and high offsets of every partition of a topic. */
  offsets(topic: string): Promise<PartitionOffsets[]>;
  /** The offsets consumer group `groupId` committed for each partition of `topic` ('-1': none). */
  committed(groupId: string, topic: string): Promise<{ partition: number; offset: string }[]>;
  /**
   * Runs a consumer in `groupId` over `topics`, from the committed offsets (else the beginning).
   * Offsets are committed after each handled batch unless `commit` is false.
   */
  consume(groupId: string, topics: string[], handler: PartitionBatchHandler, options?: ConsumeOptions): Promise<RunningConsumer>;
  /** True when the broker answers a metadata request for `topic` in which every partition has a leader. */
  reachable(topic: string): Promise<boolean>;
  /** Disconnects the producer and admin client; consumers are stopped by their owners. */
  close(): Promise<void>;
}

/** Topic-level max.message.bytes: room for a single record as large as the gateway accepts, plus its headers. */
export const TOPIC_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

// ---------------------------------------------------------------- producer micro-batching

interface Pending {
  messages: OutgoingMessage[];
  resolve: (positions: TopicPosition[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Coalesces concurrent produce calls into one produce request: calls made within `lingerMs`, or
 * while a request is in flight, leave together in the next one. One request is in flight at a time,
 * which also keeps the idempotent producer's per-partition order.
 */
export class ProduceBatcher {
  readonly #send: (messages: OutgoingMessage[]) => Promise<TopicPosition[]>;
  readonly #lingerMs: number;
  readonly #maxMessages: number;
  #queue: Pending[] = [];
  #inFlight = false;
  #timer: NodeJS.Timeout | null = null;

  constructor(send: (messages: OutgoingMessage[]) => Promise<TopicPosition[]>, options: { lingerMs: number; maxMessages: number }) {
    this.#send = send;
    this.#lingerMs = options.lingerMs;
    this.#maxMessages = options.maxMessages;
  }

  /** Queues messages for the next produce request; resolves with their positions once acknowledged. */
  produce(messages: OutgoingMessage[]): Promise<TopicPosition[]> {
    if (messages.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.#queue.push({ messages, resolve, reject });
      if (!this.#inFlight && !this.#timer) this.#timer = setTimeout(() => this.#flush(), this.#lingerMs);
    });
  }

  /** Fails every queued call without sending it (used when the log knows the broker is gone). */
  failQueued(error: unknown): void {
    const queued = this.#queue;
    this.#queue = [];
    for (const p of queued) p.reject(error);
  }

  async #flush(): Promise<void> {
    this.#timer = null;
    if (this.#inFlight || this.#queue.length === 0) return;
    const batch: Pending[] = [];
    let count = 0;
    while (this.#queue.length > 0) {
      const next = this.#queue[0]!;
      if (batch.length > 0 && count + next.messages.length > this.#maxMessages) break;
      batch.push(this.#queue.shift()!);
      count += next.messages.length;
    }
    this.#inFlight = true;
    try {
      const positions = await this.#send(batch.flatMap((p) => p.messages));
      let at = 0;
      for (const p of batch) {
        p.resolve(positions.slice(at, at + p.messages.length));
        at += p.messages.length;
      }
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.#inFlight = false;
      // Whatever queued up during the request goes at once: it has already waited.
      if (this.#queue.length > 0) void this.#flush();
    }
  }
}
