/**
 * PostgreSQL plumbing of the distributed deployment: one connection pool per process, confined to
 * one schema (so several deployments, or test suites, can share a database), and transactions.
 */
import pg from 'pg';
import { StoreUnavailableError } from '../port.ts';

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
  return guardPool(pool);
}

/** Socket-level failures: the server is down, unreachable or went away. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** SQLSTATEs of a server that is shutting down, starting up or out of connections (class 08 is checked apart). */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Errors pg and pg-pool raise without a code when a connection is lost or cannot be had in time. */
const CONNECTION_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end on the pool)/;

/** True when `error` says PostgreSQL cannot be reached right now, as opposed to a bad query or a constraint. */
export function isPgUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  // Node reports a refused connection to a host with several addresses as an AggregateError.
  if (error instanceof AggregateError && error.errors.some(isPgUnavailable)) return true;
  return CONNECTION_MESSAGE.test(error.message);
}

/** `error` as a StoreUnavailableError when PostgreSQL is unreachable, else unchanged. */
export function pgError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError || !isPgUnavailable(error)) return error;
  return new StoreUnavailableError(`PostgreSQL is unavailable: ${(error as Error).message}`, { cause: error });
}

function rethrow(error: unknown): never {
  throw pgError(error);
}

/**
 * Makes the promise forms of `pool.query` and `pool.connect` reject with StoreUnavailableError when
 * PostgreSQL cannot be reached, so every caller can tell an outage from a bug. Callback forms (used by
 * pg-pool itself) are left alone.
 */
function guardPool(pool: pg.Pool): pg.Pool {
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  pool.query = ((...args: unknown[]) => {
    const result = query(...args);
    return result instanceof Promise ? result.catch(rethrow) : result;
  }) as typeof pool.query;
  pool.connect = ((...args: unknown[]) => {
    const result = connect(...args);
    return result instanceof Promise ? result.catch(rethrow) : result;
  }) as typeof pool.connect;
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
    throw pgError(error);
  } finally {
    client.off('error', onError);
    // Released with its error, a broken connection is closed rather than handed to the next caller.
    client.release(broken);
  }
}
