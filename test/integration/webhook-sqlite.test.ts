/**
 * Webhook push on the embedded deployment (SQLite state store): signed deliveries verified by
 * the official Standard Webhooks library, nothing lost through an outage, per-record order,
 * dead letters and endpoint disabling, 410 and Retry-After, leases between processes.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import { SqliteStateStores } from '../../gateway/store/sqlite/index.ts';
import { webhookBehaviour } from './webhook.behaviour.ts';

describe('webhooks on SQLite', () => {
  let stores: SqliteStateStores;
  beforeEach(async () => {
    stores = new SqliteStateStores(':memory:');
    await stores.start();
  });
  afterEach(async () => {
    await stores.close();
  });
  webhookBehaviour(() => stores);
});
