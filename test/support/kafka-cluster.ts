/**
 * The three-node Kafka cluster of the replication fault tests (`scripts/kafka.sh cluster`): where it
 * is (KAFKA_CLUSTER_BROKERS, else the script's default ports when they answer), node control by
 * index (node N is KRaft node id N), and what its metadata says about leaders and in-sync replicas.
 * Never the shared single broker: the suites that use it may stop and kill its nodes.
 */
import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { describeWithService, portAnswers, type ServiceSource } from './services.ts';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DEFAULT_PORT = 39092;

/** The bootstrap addresses of the cluster's three nodes, in node order. */
export const clusterBrokers: string[] = (
  process.env.KAFKA_CLUSTER_BROKERS ?? [0, 1, 2].map((n) => `127.0.0.1:${DEFAULT_PORT + 2 * n}`).join(',')
)
  .split(',')
  .map((b) => b.trim())
  .filter((b) => b !== '');

async function locateCluster(): Promise<ServiceSource> {
  if (process.env.KAFKA_CLUSTER_BROKERS) return { kind: 'env', variable: 'KAFKA_CLUSTER_BROKERS' };
  const [host, port] = clusterBrokers[0]!.split(':');
  if (await portAnswers(host!, Number(port))) return { kind: 'local', address: clusterBrokers.join(',') };
  return {
    kind: 'missing',
    reason: `KAFKA_CLUSTER_BROKERS is unset and nothing listens on ${clusterBrokers[0]}; run \`bash scripts/kafka.sh cluster start\``,
  };
}

/** Where the cluster comes from (decided once, when the test file is collected). */
export const clusterSource: ServiceSource = await locateCluster();

/** `describe` for suites that need the cluster: skipped with a printed reason when it is absent (failed under CI). */
export const describeKafkaCluster = describeWithService('the three-node Kafka cluster', clusterSource);

/** Runs `scripts/kafka.sh cluster <command> [node]` for this cluster's ports. */
export async function clusterNode(command: 'start' | 'stop' | 'kill', node?: number): Promise<void> {
  const firstPort = clusterBrokers[0]!.split(':')[1]!;
  await run('bash', [resolve(ROOT, 'scripts/kafka.sh'), 'cluster', command, ...(node === undefined ? [] : [String(node)])], {
    cwd: ROOT,
    env: { ...process.env, KAFKA_CLUSTER_PORT: firstPort },
    timeout: 150_000,
  });
}

/** A kafkajs client on the cluster for audits and metadata, with retries enough to ride out a leader change. */
export function clusterClient(clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: clusterBrokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 200, maxRetryTime: 2_000, retries: 10 },
  });
}

/** Leader and in-sync replicas of every partition of `topics`, as the cluster's metadata says. */
export async function partitionStates(
  admin: Admin,
  topics: string[],
): Promise<{ topic: string; partition: number; leader: number; isr: number[] }[]> {
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
  return metadata.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionId, leader: p.leader, isr: p.isr })));
}

/** Waits until every partition of `topics` has a leader and all `replicas` in sync (after a node came back). */
export async function waitForFullIsr(admin: Admin, topics: string[], replicas = 3, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await partitionStates(admin, topics).catch(() => []);
    if (states.length > 0 && states.every((s) => s.leader >= 0 && s.isr.length === replicas)) return;
    if (Date.now() > deadline) throw new Error(`partitions not fully in sync after ${timeoutMs} ms: ${JSON.stringify(states)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
