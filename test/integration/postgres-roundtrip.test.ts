/**
 * Round trip through a real PostgreSQL server in a schema of the suite's own:
 * a tiny versioned migration, then a row with jsonb and bigint columns written and read back.
 */
import { expect, it } from 'vitest';
import { describePostgres, useFreshSchema } from '../support/postgres.ts';

const MIGRATIONS = [
  {
    version: 1,
    sql: `CREATE TABLE sample_record (
            id text PRIMARY KEY,
            seq bigint NOT NULL,
            body jsonb NOT NULL
          )`,
  },
];

describePostgres('PostgreSQL round trip (fresh schema, migration, jsonb + bigint)', () => {
  const db = useFreshSchema('pg_roundtrip');

  async function migrate(): Promise<number[]> {
    const { pool } = db.current();
    await pool.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY)');
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const inserted = await client.query(
          'INSERT INTO schema_migrations (version) VALUES ($1) ON CONFLICT DO NOTHING RETURNING version',
          [migration.version],
        );
        if (inserted.rowCount === 1) {
          await client.query(migration.sql);
          applied.push(migration.version);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    }
    return applied;
  }

  it('applies a migration once and creates its tables in the suite schema only', async () => {
    expect(await migrate()).toEqual([1]);
    expect(await migrate()).toEqual([]);
    const { pool, schema } = db.current();
    const tables = await pool.query<{ table_schema: string }>(
      "SELECT table_schema FROM information_schema.tables WHERE table_name = 'sample_record'",
    );
    expect(tables.rows.map((r) => r.table_schema)).toContain(schema);
    expect(tables.rows.map((r) => r.table_schema)).not.toContain('public');
  });

  it('reads back a jsonb document and a bigint beyond 2^53 unchanged', async () => {
    const { pool } = db.current();
    const body = {
      ocid: 'ocds-213czf-000-00001',
      title: '某市政府办公设备采购项目',
      amount: { value: 1234567.89, currency: 'CNY' },
      tags: ['tender', 'goods'],
      withdrawn: false,
    };
    const seq = 2n ** 60n + 7n;
    await pool.query('INSERT INTO sample_record (id, seq, body) VALUES ($1, $2, $3)', ['rec-1', seq.toString(), JSON.stringify(body)]);
    const { rows } = await pool.query<{ seq: string; body: unknown }>('SELECT seq, body FROM sample_record WHERE id = $1', ['rec-1']);
    expect(rows).toHaveLength(1);
    expect(BigInt(rows[0]!.seq)).toBe(seq);
    expect(rows[0]!.body).toEqual(body);
  });
});
