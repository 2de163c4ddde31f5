/**
 * The distributed deployment for the benchmarks: the Kafka broker and PostgreSQL server of
 * scripts/kafka.sh and scripts/postgres.sh (started when not running), a topic prefix and a schema
 * of this run's own, removed afterwards. Unavailable services skip the figure with the reason.
 */
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { runTag } from '../lib/bodies.ts';
import { type Deployment, deployment } from '../lib/deployment.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://pxg:pxg@127.0.0.1:5432/pxg_test';

function answers(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = connect({ host: host!, port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Starts a service with its script unless it answers; the reason when it cannot be had. */
async function ensure(script: string, address: string): Promise<string | null> {
  if (await answers(address)) return null;
  try {
    await run('bash', [`scripts/${script}.sh`, 'start'], { cwd: ROOT, timeout: 180_000 });
    return (await answers(address)) ? null : `scripts/${script}.sh started, but nothing answers on ${address}`;
  } catch (error) {
    return `${address} does not answer and scripts/${script}.sh start failed: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** A distributed deployment, or why there is none. */
export async function distributedDeployment(): Promise<
  { ok: true; deployment: Deployment; cleanUp(): Promise<void> } | { ok: false; reason: string }
> {
  const pgAddress = new URL(DATABASE_URL).host;
  const reason = (await ensure('kafka', BROKERS.split(',')[0]!)) ?? (await ensure('postgres', pgAddress));
  if (reason) return { ok: false, reason };
  const tag = runTag();
  const topicPrefix = `bench-${tag}-${Date.now().toString(36)}.`;
  const schema = `bench_${tag}_${Date.now().toString(36)}`;
  const d = deployment({ distributed: { brokers: BROKERS, databaseUrl: DATABASE_URL, schema, topicPrefix } });
  return {
    ok: true,
    deployment: d,
    async cleanUp() {
      d.remove();
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => client.end());
      const admin = new Kafka({ clientId: 'pxg-bench', brokers: BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        const topics = (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix));
        if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
      } finally {
        await admin.disconnect();
      }
    },
  };
}
