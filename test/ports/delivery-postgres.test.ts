/** The DeliveryStore behaviour suite on PostgreSQL, in a schema of its own. */
import { PostgresStore } from '../../gateway/store/postgres/index.ts';
import { databaseUrl, describePostgres, freshSchema } from '../support/postgres.ts';
import { deliveryStoreSuite } from './delivery-store.suite.ts';

describePostgres('PostgreSQL', () => {
  deliveryStoreSuite('PostgreSQL', async () => {
    const db = await freshSchema('delivery_store');
    const stores = new PostgresStore({ url: await databaseUrl(), schema: db.schema, maxConnections: 4 });
    await stores.start();
    return {
      store: stores.delivery,
      close: async () => {
        await stores.close();
        await db.drop();
      },
    };
  });
});
