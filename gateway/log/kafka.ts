/**
 * The record log on Kafka, for the distributed deployment: one topic per record family, keyed by
 * process key so that a procurement process (or an order) keeps its order, each message a
 * CloudEvents 1.0 event in the Kafka protocol binding's binary mode. Layout: docs/distributed.md;
 * contract: contracts/asyncapi.yaml.
 */
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '../core/index.ts';
import { fromKafkaMessage, type TopicFamily, toKafkaMessage, topicName, toRejectionMessage } from './kafka-binding.ts';
import { CatchUpReader } from './kafka-catch-up.ts';
import {
  type IncomingMessage,
  type KafkaClient,
  type KafkaLogLevel,
  minInsyncReplicasFor,
  ProduceBatcher,
  type RunningConsumer,
  type TopicPosition,
} from './kafka-client.ts';
import { KafkaJsClient } from './kafka-kafkajs.ts';
import {
  type BatchHandler,
  type ConsumeOptions,
  type LogConsumer,
  type LogCursor,
  type LoggedEvent,
  LogUnavailableError,
  type RecordLog,
  type RejectionEvent,
} from './port.ts';

export {
  fromKafkaMessage,
  REJECTION_EVENT_TYPE,
  type TopicFamily,
  toKafkaMessage,
  topicName,
  toRejectionMessage,
} from './kafka-binding.ts';

/** Settings of the Kafka record log (parsed from the environment by gateway/config). */
export interface KafkaLogOptions {
  /** Prepended to every topic and consumer group name, e.g. `px.`; tests use a unique one. */
  topicPrefix: string;
  /** Partitions of each topic created at start-up. */
  partitions: number;
  replicationFactor: number;
  /** retention.ms of the record topics; -1 keeps them forever (the log is the source of truth). */
  retentionMs: number;
  /** Producer micro-batching window: appends arriving within it share one produce request. */
  lingerMs: number;
  /** Most messages in one produce request. */
  maxBatchMessages: number;
  /** An append not acknowledged within this time fails with LogUnavailableError. */
  appendTimeoutMs: number;
  /** After a failed append, further appends fail at once for this long instead of queueing. */
  unavailableCooldownMs: number;
  /** A read that gets nothing from the broker within this time fails with LogUnavailableError. */
  readTimeoutMs: number;
}

/** Defaults for everything but the brokers. */
export const defaultKafkaLogOptions: KafkaLogOptions = {
  topicPrefix: 'px.',
  partitions: 6,
  replicationFactor: 1,
  retentionMs: -1,
  lingerMs: 2,
  maxBatchMessages: 1000,
  appendTimeoutMs: 5_000,
  unavailableCooldownMs: 1_000,
  readTimeoutMs: 15_000,
};

// ---------------------------------------------------------------- positions and cursors

/** Offsets to read next, per topic and partition. */
type Offsets = Record<string, Record<number, string>>;

function positionOf(p: TopicPosition): string {
  return `${p.topic}/${p.partition}/${p.offset}`;
}

function encodeCursor(offsets: Offsets): LogCursor {
  return `k1.${Buffer.from(JSON.stringify(offsets)).toString('base64url')}`;
}

function decodeCursor(cursor: LogCursor | null): Offsets {
  if (cursor === null) return {};
  if (!cursor.startsWith('k1.')) throw new Error('not a Kafka log cursor');
  return JSON.parse(Buffer.from(cursor.slice(3), 'base64url').toString()) as Offsets;
}

function logged(message: IncomingMessage): LoggedEvent | null {
  const envelope = fromKafkaMessage(message);
  return envelope ? { position: positionOf(message), envelope } : null;
}

// ---------------------------------------------------------------- the log

/** The Kafka implementation of the record log. Construction does no I/O. */
export class KafkaRecordLog implements RecordLog {
  readonly #client: KafkaClient;
  readonly #options: KafkaLogOptions;
  readonly #batcher: ProduceBatcher;
  readonly #consumers = new Set<RunningConsumer>();
  #started = false;
  #unavailableUntil = 0;

  constructor(client: KafkaClient, options: Partial<KafkaLogOptions> = {}) {
    this.#client = client;
    this.#options = { ...defaultKafkaLogOptions, ...options };
    this.#batcher = new ProduceBatcher((messages) => this.#client.produce(messages), {
      lingerMs: this.#options.lingerMs,
      maxMessages: this.#options.maxBatchMessages,
    });
  }

  /** The topics of the record families, in the order reads merge them. */
  get recordTopics(): string[] {
    return [topicName(this.#options.topicPrefix, 'notices'), topicName(this.#options.topicPrefix, 'transactions')];
  }

  /** Creates any missing topic of the layout. */
  async start(): Promise<void> {
    const { topicPrefix, partitions, replicationFactor, retentionMs } = this.#options;
    const families: TopicFamily[] = ['notices', 'transactions', 'rejected', 'deadletters'];
    try {
      await this.#client.ensureTopics(
        families.map((f) => ({
          name: topicName(topicPrefix, f),
          partitions,
          replicationFactor,
          minInsyncReplicas: minInsyncReplicasFor(replicationFactor),
          retentionMs,
        })),
      );
    } catch (error) {
      throw new LogUnavailableError(`Kafka is unreachable: ${(error as Error).message}`, { cause: error });
    }
    this.#started = true;
  }

  async close(): Promise<void> {
    this.#started = false;
    await Promise.allSettled([...this.#consumers].map((c) => c.stop()));
    this.#consumers.clear();
    await this.#client.close();
  }

  /**
   * Publishes refused pushes on `<prefix>rejected.v1`, best effort: in a produce request of their
   * own (a problem with this topic never fails an append), and not at all while the log is stopped
   * or Kafka was unreachable moments ago.
   */
  async publishRejections(events: RejectionEvent[]): Promise<void> {
    if (!this.#started || events.length === 0 || Date.now() < this.#unavailableUntil) return;
    await this.#client.produce(events.map((e) => toRejectionMessage(this.#options.topicPrefix, e)));
  }

  async append(events: EventEnvelope[]): Promise<string[]> {
    if (!this.#started) throw new LogUnavailableError('the Kafka log is not started, or closed');
    if (events.length === 0) return [];
    if (Date.now() < this.#unavailableUntil) throw new LogUnavailableError('Kafka was unreachable moments ago; not retrying yet');
    const messages = events.map((e) => toKafkaMessage(this.#options.topicPrefix, e));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`not acknowledged within ${this.#options.appendTimeoutMs} ms`)),
        this.#options.appendTimeoutMs,
      );
    });
    const sent = this.#batcher.produce(messages);
    let ended = false;
    // Attached before the race below, so it has run by the time the race's loser is known.
    const settled = sent.then(
      () => {
        ended = true;
      },
      () => {
        ended = true;
      },
    );
    try {
      const positions = await Promise.race([sent, timeout]);
      return positions.map(positionOf);
    } catch (error) {
      // Open the breaker: requests arriving during the cooldown fail fast instead of queueing
      // behind a request that is waiting out its timeout.
      this.#unavailableUntil = Date.now() + this.#options.unavailableCooldownMs;
      // Given up on before the client was done with it (the timeout): the client may still send it,
      // retries included, and the broker still write it. (Not yet sent, failQueued below ends it.)
      const unavailable = new LogUnavailableError(`Kafka did not accept the append: ${(error as Error).message}`, {
        cause: error,
        ...(ended ? {} : { stillLanding: settled }),
      });
      this.#batcher.failQueued(unavailable);
      throw unavailable;
    } finally {
      clearTimeout(timer);
    }
  }

  /** False while closed or just after a failed append; otherwise whether the broker answers a metadata request. */
  async writable(): Promise<boolean> {
    if (!this.#started || Date.now() < this.#unavailableUntil) return false;
    return this.#client.reachable(this.recordTopics[0]!);
  }

  async read(cursor: LogCursor | null, limit: number): Promise<{ events: LoggedEvent[]; next: LogCursor }> {
    const from = decodeCursor(cursor);
    // What is there to read: every partition whose end lies beyond the cursor.
    const targets = new Map<string, { start: bigint; end: bigint }>();
    try {
      for (const topic of this.recordTopics) {
        for (const o of await this.#client.offsets(topic)) {
          const at = from[topic]?.[o.partition];
          const start = at === undefined || BigInt(at) < BigInt(o.low) ? BigInt(o.low) : BigInt(at);
          if (start < BigInt(o.high)) targets.set(`${topic}/${o.partition}`, { start, end: BigInt(o.high) });
        }
      }
    } catch (error) {
      throw new LogUnavailableError(`Kafka is unreachable: ${(error as Error).message}`, { cause: error });
    }
    if (targets.size === 0 || limit <= 0) return { events: [], next: encodeCursor(from) };
    const fetched = await this.#fetch(targets, limit);
    return this.#page(from, fetched, limit);
  }

  async backlog(group: string): Promise<number> {
    let total = 0n;
    try {
      for (const topic of this.recordTopics) {
        const [ends, committed] = await Promise.all([
          this.#client.offsets(topic),
          this.#client.committed(`${this.#options.topicPrefix}${group}`, topic),
        ]);
        const at = new Map(committed.map((c) => [c.partition, BigInt(c.offset)]));
        for (const o of ends) {
          // Never committed (-1), or committed before what retention kept: from the first retained offset.
          const from = at.get(o.partition) ?? -1n;
          const start = from < BigInt(o.low) ? BigInt(o.low) : from;
          if (BigInt(o.high) > start) total += BigInt(o.high) - start;
        }
      }
    } catch (error) {
      throw new LogUnavailableError(`Kafka is unreachable: ${(error as Error).message}`, { cause: error });
    }
    return Number(total);
  }

  async consume(group: string, handler: BatchHandler, options: ConsumeOptions = {}): Promise<LogConsumer> {
    const groupId = `${this.#options.topicPrefix}${group}`;
    const deliver = async (messages: IncomingMessage[]) => {
      const events = messages.map(logged).filter((e): e is LoggedEvent => e !== null);
      if (events.length > 0) await handler(events);
    };
    if (!options.catchUp) {
      const consumer = await this.#client.consume(groupId, this.recordTopics, deliver);
      return this.#track(consumer);
    }
    // Not waiting for the group: a killed predecessor's member holds it for a session timeout.
    const catchUp = new CatchUpReader(this.#client, groupId, this.recordTopics, deliver);
    catchUp.membership('unassigned');
    const member = await this.#client
      .consume(groupId, this.recordTopics, deliver, { joinInBackground: true, onMembership: (state) => catchUp.membership(state) })
      .catch(async (error: unknown) => {
        await catchUp.close();
        throw new LogUnavailableError(`Kafka is unreachable: ${(error as Error).message}`, { cause: error });
      });
    return this.#track({
      stop: async () => {
        await catchUp.close();
        await member.stop();
      },
    });
  }

  #track(consumer: RunningConsumer): LogConsumer {
    this.#consumers.add(consumer);
    return {
      stop: async () => {
        this.#consumers.delete(consumer);
        await consumer.stop();
      },
    };
  }

  /** Fetches each target partition from its start towards its end with a throw-away reader group. */
  async #fetch(targets: Map<string, { start: bigint; end: bigint }>, limit: number): Promise<Map<string, IncomingMessage[]>> {
    const fetched = new Map<string, IncomingMessage[]>();
    let count = 0;
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    const reached = new Set<string>();
    const reader = await this.#client
      .consume(
        `${this.#options.topicPrefix}reader-${randomUUID()}`,
        this.recordTopics,
        async (messages) => {
          const first = messages[0]!;
          const slot = `${first.topic}/${first.partition}`;
          const target = targets.get(slot);
          if (!target) return;
          const list = fetched.get(slot) ?? [];
          for (const m of messages) {
            if (BigInt(m.offset) < target.start || BigInt(m.offset) >= target.end) continue;
            list.push(m);
            count++;
          }
          fetched.set(slot, list);
          if (BigInt(messages[messages.length - 1]!.offset) + 1n >= target.end) reached.add(slot);
          if (count >= limit || reached.size === targets.size) done();
        },
        {
          commit: false,
          start: (topic, partition) => targets.get(`${topic}/${partition}`)?.start.toString(),
        },
      )
      .catch((error: unknown) => {
        throw new LogUnavailableError(`Kafka is unreachable: ${(error as Error).message}`, { cause: error });
      });
    const timer = setTimeout(done, this.#options.readTimeoutMs);
    try {
      await finished;
    } finally {
      clearTimeout(timer);
      await reader.stop();
    }
    if (count === 0) throw new LogUnavailableError('Kafka returned nothing to read before the read timed out');
    return fetched;
  }

  /**
   * Merges partitions by producer timestamp (keeping each partition's order, which is all Kafka
   * orders) and cuts at `limit`; the next cursor moves each partition past what was returned.
   */
  #page(from: Offsets, fetched: Map<string, IncomingMessage[]>, limit: number): { events: LoggedEvent[]; next: LogCursor } {
    const next: Offsets = structuredClone(from);
    const heads = [...fetched.values()].map((list) => ({ list, at: 0 }));
    const events: LoggedEvent[] = [];
    while (events.length < limit) {
      let best: (typeof heads)[number] | undefined;
      for (const h of heads) {
        const m = h.list[h.at];
        if (!m) continue;
        const b = best?.list[best.at];
        if (!b || Number(m.timestamp) < Number(b.timestamp)) best = h;
      }
      if (!best) break;
      const m = best.list[best.at++]!;
      next[m.topic] ??= {};
      next[m.topic]![m.partition] = (BigInt(m.offset) + 1n).toString();
      const event = logged(m);
      if (event) events.push(event);
    }
    return { events, next: encodeCursor(next) };
  }
}

/** Builds the Kafka record log over kafkajs: the one call the composition root makes. */
export function createKafkaRecordLog(
  brokers: string[],
  options: Partial<KafkaLogOptions> & { clientId?: string; clientLogLevel?: KafkaLogLevel } = {},
): KafkaRecordLog {
  const { clientId = 'pxg', clientLogLevel = 'nothing', ...logOptions } = options;
  const client = new KafkaJsClient({
    brokers,
    clientId,
    connectionTimeoutMs: 1_000,
    requestTimeoutMs: 3_000,
    retries: 2,
    logLevel: clientLogLevel,
  });
  return new KafkaRecordLog(client, logOptions);
}
