/**
 * A PostgreSQL connection dropped in the middle of a transaction (the server stopping, a failover,
 * an administrator terminating it): the transaction fails as a value the caller sees, the process
 * does not crash on the connection's 'error' event, and the pool goes on with fresh connections.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPool, inTransaction, type PgClient, type PgPool } from '../../gateway/store/postgres/pool.ts';
import { databaseUrl, describePostgres, type FreshSchema, freshSchema } from '../support/postgres.ts';
import { eventually } from '../support/wait.ts';

describePostgres('a connection dropped mid-transaction', () => {
  let db: FreshSchema;
  let pool: PgPool;

  beforeAll(async () => {
    db = await freshSchema('dropped');
    pool = createPool({ url: await databaseUrl(), schema: db.schema, maxConnections: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('fails the transaction without crashing the process, and the pool recovers', async () => {
    let dropped: PgClient | null = null;
    const transaction = inTransaction(pool, async (client) => {
      dropped = client;
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      // Terminated from another session while this one sits between two queries of its transaction.
      await db.pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      await eventually(async () => (dropped as unknown as { _queryable: boolean })._queryable === false, 10_000, 'the connection to drop');
      await client.query('SELECT 1');
    });
    await expect(transaction).rejects.toThrow();
    const { rows } = await pool.query<{ ok: number }>('SELECT 1 AS ok');
    expect(rows).toEqual([{ ok: 1 }]);
  });
});
