/**
 * Kafka for integration tests: where the broker is (KAFKA_BROKERS, the local broker of
 * scripts/kafka.sh, or a throw-away container), a kafkajs client with short timeouts,
 * and isolation by generated topic and group names. No mocks: every call reaches a real broker.
 */
import type { StartedKafkaContainer } from '@testcontainers/kafka';
import { type Admin, Kafka, type KafkaMessage, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { KafkaClient, OutgoingMessage } from '../../gateway/log/kafka-client.ts';
import { describeWithService, dockerAnswers, portAnswers, type ServiceSource, uniqueSuffix } from './services.ts';

const LOCAL_HOST = '127.0.0.1';
const LOCAL_PORT = Number(process.env.KAFKA_PORT ?? 9092);
/** Confluent Platform 8.x packages Apache Kafka 4.x; override with PXG_KAFKA_IMAGE. */
const CONTAINER_IMAGE = process.env.PXG_KAFKA_IMAGE ?? 'confluentinc/cp-kafka:8.0.0';
const CONTAINER_KAFKA_PORT = 9093;

async function locateKafka(): Promise<ServiceSource> {
  if (process.env.KAFKA_BROKERS) return { kind: 'env', variable: 'KAFKA_BROKERS' };
  if (await portAnswers(LOCAL_HOST, LOCAL_PORT)) return { kind: 'local', address: `${LOCAL_HOST}:${LOCAL_PORT}` };
  if (await dockerAnswers()) return { kind: 'container' };
  return {
    kind: 'missing',
    reason: `KAFKA_BROKERS is unset, nothing listens on ${LOCAL_HOST}:${LOCAL_PORT} and no Docker engine answers; run \`bash scripts/kafka.sh start\``,
  };
}

/** Where this test file's broker comes from (decided once, when the file is collected). */
export const kafkaSource: ServiceSource = await locateKafka();

/** `describe` for suites that need Kafka: skipped with a printed reason when there is none (failed under CI). */
export const describeKafka = describeWithService('Kafka', kafkaSource);

let container: Promise<StartedKafkaContainer> | undefined;

/** Bootstrap addresses of the broker the tests use; starts the container on first use when that is the source. */
export async function kafkaBrokers(): Promise<string[]> {
  switch (kafkaSource.kind) {
    case 'env':
      return process.env
        .KAFKA_BROKERS!.split(',')
        .map((b) => b.trim())
        .filter((b) => b !== '');
    case 'local':
      return [kafkaSource.address];
    case 'container': {
      container ??= import('@testcontainers/kafka').then(({ KafkaContainer }) => new KafkaContainer(CONTAINER_IMAGE).withKraft().start());
      const started = await container;
      return [`${started.getHost()}:${started.getMappedPort(CONTAINER_KAFKA_PORT)}`];
    }
    case 'missing':
      throw new Error(`Kafka unavailable: ${kafkaSource.reason}`);
  }
}

/** kafkajs log level for tests: silent unless PXG_TEST_KAFKA_LOG=error|warn|info|debug. */
function testLogLevel(): logLevel {
  switch (process.env.PXG_TEST_KAFKA_LOG) {
    case 'debug':
      return logLevel.DEBUG;
    case 'info':
      return logLevel.INFO;
    case 'warn':
      return logLevel.WARN;
    case 'error':
      return logLevel.ERROR;
    default:
      return logLevel.NOTHING;
  }
}

/** A kafkajs client for tests: short connect/request timeouts and a few quick retries, so a dead broker fails fast. */
export async function kafkaClient(clientId = 'pxg-test'): Promise<Kafka> {
  return new Kafka({
    clientId,
    brokers: await kafkaBrokers(),
    logLevel: testLogLevel(),
    connectionTimeout: 3_000,
    requestTimeout: 15_000,
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 8 },
  });
}

/** A topic name no other test, file or earlier run uses. */
export function uniqueTopic(prefix = 'pxg-test'): string {
  return `${prefix.replace(/[^a-zA-Z0-9._-]/g, '-')}-${uniqueSuffix()}`;
}

/** A consumer group id no other test, file or earlier run uses. */
export function uniqueGroup(prefix = 'pxg-test-group'): string {
  return uniqueTopic(prefix);
}

/** Creates a topic and waits until every partition has a leader. */
export async function createTopic(kafka: Kafka, topic: string, numPartitions = 1): Promise<void> {
  await withAdmin(kafka, (admin) => admin.createTopics({ topics: [{ topic, numPartitions, replicationFactor: 1 }], waitForLeaders: true }));
}

/** Deletes topics, ignoring ones already gone; for afterAll clean-up. */
export async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  if (topics.length === 0) return;
  await withAdmin(kafka, (admin) => admin.deleteTopics({ topics, timeout: 10_000 })).catch(() => undefined);
}

/** Runs `fn` with a connected admin client and disconnects it afterwards. */
export async function withAdmin<T>(kafka: Kafka, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

/**
 * A connected idempotent producer (the settings the Kafka record log relies on: idempotence,
 * Java-compatible murmur2 partitioning; send with `acks: -1`).
 */
export async function idempotentProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return producer;
}

/** A consumed message with its partition. */
export interface ConsumedMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  headers: KafkaMessage['headers'];
}

/**
 * Consumes `topic` from the beginning as a member of consumer group `groupId` until `count` messages
 * arrived (offsets are committed by the group as usual), then leaves the group. Rejects after `timeoutMs`.
 */
export async function consumeMessages(
  kafka: Kafka,
  options: { topic: string; groupId: string; count: number; timeoutMs?: number },
): Promise<ConsumedMessage[]> {
  const consumer = kafka.consumer({ groupId: options.groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  const received: ConsumedMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`received ${received.length} of ${options.count} messages from ${options.topic}`)),
        options.timeoutMs ?? 20_000,
      );
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            received.push({
              partition,
              offset: message.offset,
              key: message.key?.toString('utf8') ?? null,
              value: message.value?.toString('utf8') ?? '',
              headers: message.headers,
            });
            if (received.length >= options.count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error);
        });
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}

/**
 * The gateway's real Kafka client with every call passed through: tests extend it to count or
 * hold back calls (a decorator, not a mock: every call reaches the broker).
 */
export class PassThroughKafkaClient implements KafkaClient {
  constructor(protected readonly inner: KafkaClient) {}
  ensureTopics(...args: Parameters<KafkaClient['ensureTopics']>) {
    return this.inner.ensureTopics(...args);
  }
  produce(messages: OutgoingMessage[]) {
    return this.inner.produce(messages);
  }
  offsets(topic: string) {
    return this.inner.offsets(topic);
  }
  committed(groupId: string, topic: string) {
    return this.inner.committed(groupId, topic);
  }
  consume(...args: Parameters<KafkaClient['consume']>) {
    return this.inner.consume(...args);
  }
  reachable(topic: string) {
    return this.inner.reachable(topic);
  }
  close() {
    return this.inner.close();
  }
}
