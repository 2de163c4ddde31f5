/** The PublicationStore suite against SQLite (in memory) and a real PostgreSQL (a fresh schema). */
import { afterAll, beforeAll, describe } from 'vitest';
import { PostgresStore } from '../../gateway/store/postgres/index.ts';
import { SqliteStateStores } from '../../gateway/store/sqlite/index.ts';
import { databaseUrl, describePostgres, type FreshSchema, freshSchema } from '../support/postgres.ts';
import { publicationStoreSuite } from './publication-store.suite.ts';

describe('publication store on SQLite', () => {
  const stores = new SqliteStateStores(':memory:');
  beforeAll(() => stores.start());
  afterAll(() => stores.close());
  publicationStoreSuite(() => stores.publication);
});

describePostgres('publication store on PostgreSQL', () => {
  let db: FreshSchema;
  let stores: PostgresStore;
  beforeAll(async () => {
    db = await freshSchema('publication');
    stores = new PostgresStore({ url: await databaseUrl(), schema: db.schema, maxConnections: 4 });
    await stores.start();
  });
  afterAll(async () => {
    await stores?.close();
    await db?.drop();
  });
  publicationStoreSuite(() => stores.publication);
});
