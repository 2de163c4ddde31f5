/**
 * PostgreSQL plumbing of the distributed deployment: one connection pool per process, confined to
 * one schema (so several deployments, or test suites, can share a database), and transactions.
 */
import pg from 'pg';

/** Where the state store lives. */
export interface PgOptions {
  /** libpq connection string, e.g. postgres://user:pass@127.0.0.1:5432/db. */
  url: string;
  /** Schema holding every table of the gateway; created at start-up if missing. */
  schema: string;
  /** Most connections this process opens. */
  maxConnections: number;
}

/** The defaults besides the URL. */
export const defaultPgOptions = { schema: 'pxg', maxConnections: 10 } as const;

/** A pool of connections whose search_path is the gateway's schema. */
export type PgPool = pg.Pool;
/** One connection, for transactions. */
export type PgClient = pg.PoolClient;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws unless `schema` is a plain lower-case SQL identifier (it is interpolated into SQL). */
export function checkSchemaName(schema: string): string {
  if (!IDENTIFIER.test(schema)) throw new Error(`invalid PostgreSQL schema name '${schema}': use lower-case letters, digits and _`);
  return schema;
}

/** Creates the pool; no connection is opened until the first query. */
export function createPool(options: PgOptions): PgPool {
  const schema = checkSchemaName(options.schema);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    options: `-c search_path=${schema}`,
    application_name: 'pxg',
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return pool;
}

/** Runs `work` in a transaction on one connection, committing if it resolves and rolling back if it throws. */
export async function inTransaction<T>(pool: PgPool, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A checked-out client has no pool listener: a server going away between two queries would emit an
  // unhandled 'error' and crash the process. Note it instead; the next query fails and the client is discarded.
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken ??= rollbackError;
    });
    throw error;
  } finally {
    client.off('error', onError);
    // Released with its error, a broken connection is closed rather than handed to the next caller.
    client.release(broken);
  }
}
