/**
 * The Kafka client over kafkajs: the only module that imports kafkajs. Short timeouts and few
 * retries on the request path, a fresh idempotent producer after any failure, and consumers that
 * are started anew when kafkajs gives up on them.
 */
import {
  type Admin,
  type Consumer,
  type IHeaders,
  Kafka,
  type KafkaMessage,
  logLevel,
  Partitioners,
  type PartitionMetadata,
  type Producer,
} from 'kafkajs';
import {
  type ConsumeOptions,
  type IncomingMessage,
  type KafkaClient,
  type KafkaClientOptions,
  type KafkaLogLevel,
  type OutgoingMessage,
  type PartitionBatchHandler,
  type PartitionOffsets,
  type RunningConsumer,
  report,
  TOPIC_MAX_MESSAGE_BYTES,
  type TopicPosition,
  type TopicSpec,
} from './kafka-client.ts';

const LEVELS: Record<KafkaLogLevel, logLevel> = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

/** Largest produce request the client sends: under the broker's default message.max.bytes (1 MiB). */
const REQUEST_BYTES = 900 * 1024;

function sizeOf(m: OutgoingMessage): number {
  let size = Buffer.byteLength(m.value) + Buffer.byteLength(m.key) + 64;
  for (const [name, value] of Object.entries(m.headers)) size += Buffer.byteLength(name) + Buffer.byteLength(value) + 8;
  return size;
}

/** Consecutive chunks of at most `limit` bytes each (a larger message goes alone). */
export function chunksOf(messages: OutgoingMessage[], limit: number): OutgoingMessage[][] {
  const chunks: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = sizeOf(m);
    if (current.length > 0 && bytes + size > limit) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** One partitioner for the process: building one draws random bytes (for keyless messages, which the log never sends). */
let partitioner: ReturnType<typeof Partitioners.DefaultPartitioner> | undefined;
/** Partition metadata as the partitioner reads it, by partition count (every partition available). */
const metadataByCount = new Map<number, PartitionMetadata[]>();

function partitionMetadata(partitions: number): PartitionMetadata[] {
  let metadata = metadataByCount.get(partitions);
  if (!metadata) {
    metadata = Array.from({ length: partitions }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    }));
    metadataByCount.set(partitions, metadata);
  }
  return metadata;
}

/** The partition a key goes to, as every Java-compatible client computes it. */
export function partitionFor(key: string, partitions: number): number {
  partitioner ??= Partitioners.DefaultPartitioner();
  return partitioner({ topic: '', partitionMetadata: partitionMetadata(partitions), message: { key, value: null } });
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
      const ready =
        topics.length === names.length && topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
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
  /** A long-lived admin connection for reachability probes. */
  #probe: Promise<Admin> | null = null;

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
            configEntries: [
              { name: 'retention.ms', value: String(t.retentionMs) },
              { name: 'max.message.bytes', value: String(TOPIC_MAX_MESSAGE_BYTES) },
              { name: 'min.insync.replicas', value: String(t.minInsyncReplicas) },
            ],
          })),
        });
      }
      const counts = await waitForLeaders(
        admin,
        topics.map((t) => t.name),
      );
      for (const [name, count] of counts) this.#partitionCounts.set(name, count);
      return counts;
    } finally {
      await admin.disconnect();
    }
  }

  async produce(messages: OutgoingMessage[]): Promise<TopicPosition[]> {
    const producer = await this.#connectedProducer();
    // Requests stay under the broker's default record-batch limit; chunks go one after the
    // other, so the messages of a key keep their order.
    const positions: TopicPosition[] = [];
    for (const chunk of chunksOf(messages, REQUEST_BYTES)) positions.push(...(await this.#send(producer, chunk)));
    return positions;
  }

  async #send(producer: Producer, messages: OutgoingMessage[]): Promise<TopicPosition[]> {
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

  async committed(groupId: string, topic: string): Promise<{ partition: number; offset: string }[]> {
    const admin = this.#kafka.admin();
    await admin.connect();
    try {
      const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return (entry?.partitions ?? []).map((p) => ({ partition: p.partition, offset: p.offset })).sort((a, b) => a.partition - b.partition);
    } finally {
      await admin.disconnect();
    }
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
    let failures = 0;
    // One line per state change (lost, back), not one per attempt: kafkajs retries every few
    // hundred milliseconds while the broker is gone.
    let lost = false;
    const membership = options.onMembership ?? (() => {});
    const relaunchLater = () => {
      // Bounded back-off (250 ms doubling to 2 s): the broker is back within seconds of answering again.
      const delay = Math.min(250 * 2 ** failures++, 2_000);
      relaunch = setTimeout(() => {
        if (!stopped) this.#startConsumer(groupId, topics, handler, { ...options, supervise }).then(adopt, relaunchLater);
      }, delay);
    };
    // kafkajs restarts a crashed consumer itself only after retriable errors; after any other crash
    // (or a restart that cannot connect) a new consumer takes over, so a consumer group member
    // survives any outage of the broker or of its handler's dependencies.
    const supervise = (consumer: Consumer) => {
      consumer.on(consumer.events.GROUP_JOIN, () => {
        failures = 0;
        if (lost) report('info', 'kafka consumer is back in its group', { groupId });
        lost = false;
        membership('assigned');
      });
      consumer.on(consumer.events.REBALANCING, () => membership('unassigned'));
      consumer.on(consumer.events.CRASH, (event) => {
        membership('unassigned');
        if (!lost && !stopped)
          report('warn', 'kafka consumer lost the broker or its group; reconnecting', {
            groupId,
            error: String(event.payload.error),
          });
        lost = true;
        if (event.payload.restart || stopped) return;
        relaunchLater();
      });
    };
    const adopt = (consumer: Consumer) => {
      if (stopped) {
        void consumer.disconnect();
        return;
      }
      current = consumer;
    };
    adopt(await this.#startConsumer(groupId, topics, handler, { ...options, supervise }));
    return {
      stop: async () => {
        stopped = true;
        clearTimeout(relaunch);
        await current?.stop();
        await current?.disconnect();
      },
    };
  }

  async #startConsumer(
    groupId: string,
    topics: string[],
    handler: PartitionBatchHandler,
    options: ConsumeOptions & { supervise?: (consumer: Consumer) => void },
  ): Promise<Consumer> {
    const { start, commit = true, joinInBackground = false, supervise } = options;
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
    supervise?.(consumer);
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
    const running = consumer.run({
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
    // kafkajs reports a failed join as a crash (the supervisor above), not as a rejection.
    if (joinInBackground)
      running.catch((error: unknown) => report('error', 'kafka consumer did not run', { groupId, error: String(error) }));
    else await running;
    return consumer;
  }

  async reachable(topic: string): Promise<boolean> {
    this.#probe ??= (async () => {
      const admin = this.#kafka.admin({ retry: { retries: 0 } });
      await admin.connect();
      return admin;
    })();
    try {
      const admin = await this.#probe;
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      return topics.every((t) => t.partitions.every((p) => p.leader >= 0));
    } catch {
      // Reconnect on the next probe.
      const stale = this.#probe;
      this.#probe = null;
      void stale.then((a) => a.disconnect()).catch(() => {});
      return false;
    }
  }

  async close(): Promise<void> {
    const producer = this.#producer;
    const probe = this.#probe;
    this.#producer = null;
    this.#probe = null;
    if (producer) await producer.then((p) => p.disconnect()).catch(() => {});
    if (probe) await probe.then((a) => a.disconnect()).catch(() => {});
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
