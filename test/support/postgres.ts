/**
 * PostgreSQL for integration tests: where the server is (DATABASE_URL, the local server of
 * scripts/postgres.sh, or a throw-away container), and isolation by a fresh schema per suite whose
 * connections have `search_path` set to it. No mocks: every query reaches a real server.
 */
import type { StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { describeWithService, dockerAnswers, type ServiceSource, uniqueSuffix } from './services.ts';

/** What scripts/postgres.sh creates. */
const LOCAL_URL = `postgres://pxg:pxg@127.0.0.1:${process.env.PG_PORT ?? 5432}/pxg_test`;
const CONTAINER_IMAGE = process.env.PXG_POSTGRES_IMAGE ?? 'postgres:16-alpine';

async function localServerAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: LOCAL_URL, connectionTimeoutMillis: 1_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function locatePostgres(): Promise<ServiceSource> {
  if (process.env.DATABASE_URL) return { kind: 'env', variable: 'DATABASE_URL' };
  if (await localServerAnswers()) return { kind: 'local', address: LOCAL_URL };
  if (await dockerAnswers()) return { kind: 'container' };
  return {
    kind: 'missing',
    reason: `DATABASE_URL is unset, ${LOCAL_URL} does not answer and no Docker engine answers; run \`bash scripts/postgres.sh start\``,
  };
}

/** Where this test file's server comes from (decided once, when the file is collected). */
export const postgresSource: ServiceSource = await locatePostgres();

/** `describe` for suites that need PostgreSQL: skipped with a printed reason when there is none (failed under CI). */
export const describePostgres = describeWithService('PostgreSQL', postgresSource);

let container: Promise<StartedPostgreSqlContainer> | undefined;

/** Connection string of the test database; starts the container on first use when that is the source. */
export async function databaseUrl(): Promise<string> {
  switch (postgresSource.kind) {
    case 'env':
      return process.env.DATABASE_URL!;
    case 'local':
      return postgresSource.address;
    case 'container':
      container ??= import('@testcontainers/postgresql').then(({ PostgreSqlContainer }) =>
        new PostgreSqlContainer(CONTAINER_IMAGE).withDatabase('pxg_test').withUsername('pxg').withPassword('pxg').start(),
      );
      return (await container).getConnectionUri();
    case 'missing':
      throw new Error(`PostgreSQL unavailable: ${postgresSource.reason}`);
  }
}

/** A schema of its own for one suite, with a pool whose connections use it as `search_path`. */
export interface FreshSchema {
  /** The schema name (lower case, safe to interpolate unquoted). */
  schema: string;
  /** Connection string whose sessions start with `search_path` set to the schema. */
  connectionString: string;
  /** A pool on `connectionString`. */
  pool: pg.Pool;
  /** Closes the pool and drops the schema with everything in it. */
  drop(): Promise<void>;
}

async function onAdminConnection<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates a schema nobody else uses (named from `prefix`) and a pool bound to it. */
export async function freshSchema(prefix = 'test'): Promise<FreshSchema> {
  const base = await databaseUrl();
  const schema = `t_${prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_${uniqueSuffix()}`.slice(0, 63);
  await onAdminConnection(base, (client) => client.query(`CREATE SCHEMA ${schema}`));
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const connectionString = url.toString();
  const pool = new pg.Pool({ connectionString, max: 4 });
  pool.on('error', () => undefined);
  let dropped = false;
  return {
    schema,
    connectionString,
    pool,
    async drop() {
      if (dropped) return;
      dropped = true;
      await pool.end();
      await onAdminConnection(base, (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    },
  };
}

/**
 * Registers beforeAll/afterAll hooks giving the enclosing suite a fresh schema; read `current()` inside
 * tests or later hooks.
 */
export function useFreshSchema(prefix = 'test'): { current(): FreshSchema } {
  let handle: FreshSchema | undefined;
  beforeAll(async () => {
    handle = await freshSchema(prefix);
  });
  afterAll(async () => {
    await handle?.drop();
  });
  return {
    current() {
      if (handle === undefined) throw new Error('useFreshSchema: the schema exists only inside tests and later hooks');
      return handle;
    },
  };
}
