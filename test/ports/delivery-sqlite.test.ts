/** The DeliveryStore behaviour suite on the embedded SQLite state store. */
import { SqliteStateStores } from '../../gateway/store/sqlite/index.ts';
import { deliveryStoreSuite } from './delivery-store.suite.ts';

deliveryStoreSuite('SQLite', async () => {
  const stores = new SqliteStateStores(':memory:');
  await stores.start();
  return { store: stores.delivery, close: () => stores.close() };
});
