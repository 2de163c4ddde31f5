/**
 * The thin Kafka client the Kafka record log is written against: the only module that imports
 * kafkajs, so the library can be replaced in one place. It also holds the producer micro-batcher,
 * because kafkajs sends each `send()` call as its own produce request.
 */
import { type Admin, Kafka, type Consumer, type IHeaders, type KafkaMessage, Partitioners, type Producer, logLevel } from 'kafkajs';

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

/** Levels of the client's log. */
export type KafkaLogLevel = 'nothing' | 'error' | 'warn' | 'info' | 'debug';

const LEVELS: Record<KafkaLogLevel, logLevel> = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

/** One JSON line on stderr, in the shape of the gateway's logger. */
function report(level: string, message: string, fields: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
}

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
  /** retention.ms; -1 keeps records forever. */
  retentionMs: number;
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
  /**
   * Runs a consumer in `groupId` over `topics`, from the committed offsets (else the beginning).
   * Offsets are committed after each handled batch unless `commit` is false.
   */
  consume(groupId: string, topics: string[], handler: PartitionBatchHandler, options?: ConsumeOptions): Promise<RunningConsumer>;
  /** Disconnects the producer and admin client; consumers are stopped by their owners. */
  close(): Promise<void>;
}

/** The partition a key goes to, as every Java-compatible client computes it. */
export function partitionFor(key: string, partitions: number): number {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
  return partitioner({ topic: '', partitionMetadata, message: { key, value: null } });
}

function headersOf(raw: IHeaders | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    const one = Array.isArray(value) ? value[0] : value;
    if (one !== undefined) headers[name] = one.toString();
  }
  return headers;
}

function incoming(topic: string, partition: number, message: KafkaMessage): IncomingMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString() : null,
    value: message.value ? message.value.toString() : '',
    headers: headersOf(message.headers),
    timestamp: message.timestamp,
  };
}

/** Polls topic metadata until every partition of every topic has a leader; returns partition counts. */
async function waitForLeaders(admin: Admin, names: string[], timeoutMs = 30_000): Promise<Map<string, number>> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 50; ; wait = Math.min(wait * 2, 500)) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      const ready = topics.length === names.length && topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      // A leader in the metadata may not serve yet (NOT_LEADER_FOR_PARTITION): ready once offsets can be listed.
      if (ready) {
        for (const name of names) await admin.fetchTopicOffsets(name);
        return new Map(topics.map((t) => [t.name, t.partitions.length]));
      }
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics have no leader after ${timeoutMs} ms: ${names.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** The kafkajs implementation of the client. Construction does no I/O; the producer connects on first use. */
export class KafkaJsClient implements KafkaClient {
  readonly #kafka: Kafka;
  readonly #partitionCounts = new Map<string, number>();
  #producer: Promise<Producer> | null = null;

  constructor(options: KafkaClientOptions) {
    this.#kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: options.connectionTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      enforceRequestTimeout: true,
      retry: { retries: options.retries, initialRetryTime: 100, maxRetryTime: 1000 },
      // kafkajs logs every reconnect attempt; by default failures reach callers as errors instead.
      logLevel: LEVELS[options.logLevel ?? 'nothing'],
      logCreator:
        () =>
        ({ namespace, level, log }) => {
          const { message, timestamp: _t, logger: _l, ...fields } = log;
          report(logLevel[level]?.toLowerCase() ?? 'info', `kafka: ${message}`, { namespace, ...fields });
        },
    });
  }

  async ensureTopics(topics: TopicSpec[]): Promise<Map<string, number>> {
    const admin = this.#kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(t.name));
      if (missing.length > 0) {
        await admin.createTopics({
          // kafkajs' own wait gives up on UNKNOWN_TOPIC_OR_PARTITION, which Kafka 4 answers until
          // the new topic's metadata has propagated; waitForLeaders below tolerates it.
          waitForLeaders: false,
          topics: missing.map((t) => ({
            topic: t.name,
            numPartitions: t.partitions,
            replicationFactor: t.replicationFactor,
            configEntries: [{ name: 'retention.ms', value: String(t.retentionMs) }],
          })),
        });
      }
      const counts = await waitForLeaders(admin, topics.map((t) => t.name));
      for (const [name, count] of counts) this.#partitionCounts.set(name, count);
      return counts;
    } finally {
      await admin.disconnect();
    }
  }

  async produce(messages: OutgoingMessage[]): Promise<TopicPosition[]> {
    const producer = await this.#connectedProducer();
    // Partitions are computed here (with the same partitioner kafkajs would use) so that each
    // message's offset can be derived from its partition's base offset in the response.
    const placed = messages.map((m) => ({ message: m, partition: partitionFor(m.key, this.#partitions(m.topic)) }));
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string>; partition: number }[]>();
    for (const { message, partition } of placed) {
      const list = byTopic.get(message.topic) ?? [];
      list.push({ key: message.key, value: message.value, headers: message.headers, partition });
      byTopic.set(message.topic, list);
    }
    let metadata: Awaited<ReturnType<Producer['sendBatch']>>;
    try {
      metadata = await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
      });
    } catch (error) {
      // A fresh producer (new producer id) after any failure: the old one may hold sequence
      // numbers the broker never saw, and reconnecting it is what kafkajs does poorly.
      this.#resetProducer();
      throw error;
    }
    const next = new Map<string, bigint>();
    for (const m of metadata) {
      if (m.baseOffset === undefined) throw new Error(`no base offset for ${m.topicName}/${m.partition}`);
      next.set(`${m.topicName}/${m.partition}`, BigInt(m.baseOffset));
    }
    return placed.map(({ message, partition }) => {
      const slot = `${message.topic}/${partition}`;
      const offset = next.get(slot);
      if (offset === undefined) throw new Error(`no produce result for ${slot}`);
      next.set(slot, offset + 1n);
      return { topic: message.topic, partition, offset: offset.toString() };
    });
  }

  async offsets(topic: string): Promise<PartitionOffsets[]> {
    const admin = this.#kafka.admin();
    await admin.connect();
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const offsets = await admin.fetchTopicOffsets(topic);
          return offsets.map((o) => ({ partition: o.partition, low: o.low, high: o.high })).sort((a, b) => a.partition - b.partition);
        } catch (error) {
          // Leadership moving (or just settled) is retriable with fresh metadata; anything else is not.
          if (attempt >= 4 || (error as { retriable?: boolean }).retriable !== true) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        }
      }
    } finally {
      await admin.disconnect();
    }
  }

  async consume(groupId: string, topics: string[], handler: PartitionBatchHandler, options: ConsumeOptions = {}): Promise<RunningConsumer> {
    let stopped = false;
    let current: Consumer | null = null;
    let relaunch: NodeJS.Timeout | undefined;
    // kafkajs restarts a crashed consumer itself only after retriable errors; after any other crash
    // (or a restart that cannot connect) a new consumer takes over, so a consumer group member
    // survives any outage of the broker or of its handler's dependencies.
    const supervise = (consumer: Consumer) =>
      consumer.on(consumer.events.CRASH, (event) => {
        report('warn', 'kafka consumer crashed', { groupId, error: String(event.payload.error), restartedByClient: event.payload.restart });
        if (event.payload.restart || stopped) return;
        const retry = () => {
          relaunch = setTimeout(() => {
            if (!stopped) this.#startConsumer(groupId, topics, handler, options).then(adopt, retry);
          }, 1_000);
        };
        retry();
      });
    const adopt = (consumer: Consumer) => {
      if (stopped) {
        void consumer.disconnect();
        return;
      }
      current = consumer;
      supervise(consumer);
    };
    adopt(await this.#startConsumer(groupId, topics, handler, options));
    return {
      stop: async () => {
        stopped = true;
        clearTimeout(relaunch);
        await current?.stop();
        await current?.disconnect();
      },
    };
  }

  async #startConsumer(groupId: string, topics: string[], handler: PartitionBatchHandler, options: ConsumeOptions): Promise<Consumer> {
    const { start, commit = true } = options;
    const consumer: Consumer = this.#kafka.consumer({
      groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 200,
      retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2_000 },
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
    } catch (error) {
      await consumer.disconnect().catch(() => {});
      throw error;
    }
    // A start position is a lower bound: messages before it are skipped even if a fetch already
    // returned them (a seek applies only to the next fetch).
    const floor = new Map<string, bigint>();
    if (start) {
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        for (const [topic, partitions] of Object.entries(event.payload.memberAssignment)) {
          for (const partition of partitions) {
            const offset = start(topic, partition);
            if (offset === undefined) continue;
            floor.set(`${topic}/${partition}`, BigInt(offset));
            consumer.seek({ topic, partition, offset });
          }
        }
      });
    }
    await consumer.run({
      autoCommit: commit,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const min = floor.get(`${batch.topic}/${batch.partition}`);
        const messages = batch.messages
          .filter((m) => min === undefined || BigInt(m.offset) >= min)
          .map((m) => incoming(batch.topic, batch.partition, m));
        if (messages.length > 0) await handler(messages);
        resolveOffset(batch.messages[batch.messages.length - 1]!.offset);
        if (commit) await commitOffsetsIfNecessary();
        await heartbeat();
      },
    });
    return consumer;
  }

  async close(): Promise<void> {
    const producer = this.#producer;
    this.#producer = null;
    if (producer) await producer.then((p) => p.disconnect()).catch(() => {});
  }

  #partitions(topic: string): number {
    const count = this.#partitionCounts.get(topic);
    if (count === undefined) throw new Error(`topic ${topic} was not ensured before producing to it`);
    return count;
  }

  #connectedProducer(): Promise<Producer> {
    if (!this.#producer) {
      const producer = this.#kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
      });
      const connecting = producer.connect().then(() => producer);
      connecting.catch(() => {
        if (this.#producer === connecting) this.#producer = null;
      });
      this.#producer = connecting;
    }
    return this.#producer;
  }

  #resetProducer(): void {
    const old = this.#producer;
    this.#producer = null;
    old?.then((p) => p.disconnect()).catch(() => {});
  }
}

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
