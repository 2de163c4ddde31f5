/**
 * State-store outages answer 503 `store_unavailable` with Retry-After, never 500: the PostgreSQL
 * pool turns connection failures into StoreUnavailableError, the embedded store recognises its locked,
 * failing or full file (StateStores.isUnavailable), and the one error handler renders both as a
 * retriable problem. The full outage under load is test/faults/postgres-outage.test.ts.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../gateway/store/port.ts';
import { PostgresStore } from '../../gateway/store/postgres/index.ts';
import { isPgUnavailable } from '../../gateway/store/postgres/pool.ts';
import { isSqliteUnavailable } from '../../gateway/store/sqlite/database.ts';
import type { SqliteStateStores } from '../../gateway/store/sqlite/index.ts';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { databaseUrl, describePostgres, type FreshSchema, freshSchema } from '../support/postgres.ts';
import { headerRecord, uniqueSuffix } from '../support/records.ts';
import { keys } from '../support/registry.ts';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('telling a state-store outage from a bug', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['an administrator shutdown (57P01)', withCode('terminating connection due to administrator command', '57P01')],
    ['a server starting up (57P03)', withCode('the database system is starting up', '57P03')],
    ['a connection exception (08006)', withCode('connection failure', '08006')],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
  ])('counts %s as PostgreSQL being unavailable', (_, error) => {
    expect(isPgUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', withCode('duplicate key value violates unique constraint', '23505')],
    ['a syntax error (42601)', withCode('syntax error at or near "SELEC"', '42601')],
    ['a plain error', new Error('something else')],
  ])('does not count %s as PostgreSQL being unavailable', (_, error) => {
    expect(isPgUnavailable(error)).toBe(false);
  });

  it.each(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_IOERR_WRITE', 'SQLITE_FULL'])(
    'counts SQLite %s as the store being unavailable',
    (code) => {
      expect(isSqliteUnavailable(withCode('database is locked', code))).toBe(true);
    },
  );

  it.each(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_ERROR'])('does not count SQLite %s as the store being unavailable', (code) => {
    expect(isSqliteUnavailable(withCode('constraint failed', code))).toBe(false);
  });
});

describe('a push while the embedded state store is locked', () => {
  let gw: TestGateway;
  let locker: Database.Database;

  beforeAll(async () => {
    gw = await startTestGateway();
    // Waiting for the lock would only delay the same answer.
    (gw.services.stores as SqliteStateStores).connection().pragma('busy_timeout = 0');
    locker = new Database(join(gw.dataDir, 'state.db'));
  });
  afterAll(async () => {
    if (locker?.inTransaction) locker.exec('ROLLBACK');
    locker?.close();
    await gw?.close();
  });

  const push = (record: object) =>
    gw.app.request('/v1/records', {
      method: 'POST',
      body: JSON.stringify(record),
      headers: { ...asSystem(keys.fujian, 'en'), 'x-request-id': 'req-store-locked' },
    });

  it('answers 503 store_unavailable with Retry-After and no receipt, then accepts the retry once the lock is gone', async () => {
    const record = headerRecord({ id: `N-LOCK-${uniqueSuffix()}` });
    locker.exec('BEGIN IMMEDIATE');
    const res = await push(record);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await json(res)).toEqual({
      type: 'https://procurement-exchange.example/problems/store_unavailable',
      title: 'State store temporarily unavailable',
      status: 503,
      detail: 'The state store cannot be reached right now; the request was not processed; retry later.',
      code: 'store_unavailable',
      retriable: true,
      requestId: 'req-store-locked',
      errors: [],
    });
    expect(await gw.services.stores.ingest.receipt(record.id, record.version)).toBeNull();

    locker.exec('ROLLBACK');
    const retry = await push(record);
    expect(retry.status).toBe(201);
    expect((await json(retry)).receipt.recordId).toBe(record.id);
  });
});

describePostgres('PostgreSQL connection failures', () => {
  let db: FreshSchema;
  let store: PostgresStore;

  beforeAll(async () => {
    db = await freshSchema('store_unavailable');
    store = new PostgresStore({ url: await databaseUrl(), schema: db.schema, maxConnections: 2 });
    await store.start();
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('rejects a claim with StoreUnavailableError when nothing listens on the server port', async () => {
    const url = new URL(await databaseUrl());
    // A port of the loopback range with no listener: the connection is refused at once.
    url.port = '1';
    const down = new PostgresStore({ url: url.toString(), schema: db.schema });
    // Started stores migrate first; a store whose server is down fails there too, with the same error.
    await expect(down.start()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(
      down.ingest.claim({ recordId: 'N-1', version: 1, contentHash: 'h', eventId: 'e', sourceSystem: 'fj-gpms' }),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('rejects a query whose connection the server terminates (57P01) with StoreUnavailableError', async () => {
    const tag = `pxg_sleep_${uniqueSuffix()}`;
    const failure = store.pool.query(`SELECT pg_sleep(30) AS ${tag}`).then(
      () => null,
      (e: unknown) => e,
    );
    const admin = new pg.Client({ connectionString: await databaseUrl() });
    await admin.connect();
    try {
      // Wait until the query runs, then terminate its backend as an administrator shutdown would.
      for (let i = 0; i < 100; i++) {
        const { rows } = await admin.query(
          `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE query LIKE $1 AND pid <> pg_backend_pid()`,
          [`%AS ${tag}%`],
        );
        if (rows.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await admin.end();
    }
    const error = await failure;
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(((error as Error).cause as { code?: string }).code).toBe('57P01');
    // The pool recovers by itself: the next query gets a fresh connection.
    expect((await store.pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('rejects with StoreUnavailableError once the store is closed', async () => {
    const closed = new PostgresStore({ url: await databaseUrl(), schema: db.schema });
    await expect(closed.journal.journalHead()).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
