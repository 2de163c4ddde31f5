/** The monitor's accepted-record indexer: offers wait together, and stopping answers them. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AcceptedIndexer } from '../../gateway/monitor/indexer.ts';
import { SqliteStateStores } from '../../gateway/store/sqlite/index.ts';
import { testEnvelope } from '../ports/log.suite.ts';

let stores: SqliteStateStores;
beforeEach(async () => {
  stores = new SqliteStateStores(':memory:');
  await stores.start();
});
afterEach(async () => {
  await stores.close();
});

const projected = (n: number) =>
  stores.journal.project(Array.from({ length: n }, (_, i) => ({ logPosition: String(i + 1), envelope: testEnvelope(`N-idx-${i}`, 1) })));

it('indexes what was offered once the linger is over', async () => {
  const indexer = new AcceptedIndexer(stores.journal, stores.monitor);
  const offered = indexer.offer(await projected(3));
  expect(await stores.monitor.indexedSeq()).toBe(0);
  await offered;
  expect(await stores.monitor.indexedSeq()).toBe(3);
});

it('answers the callers of a pass it drops when stopped, and indexes their entries on the next catch-up', async () => {
  const indexer = new AcceptedIndexer(stores.journal, stores.monitor);
  const offered = indexer.offer(await projected(2));
  indexer.stop();
  const outcome = await Promise.race([
    offered.then(() => 'answered'),
    new Promise((resolve) => setTimeout(() => resolve('still waiting'), 500)),
  ]);
  expect(outcome).toBe('answered');
  expect(await stores.monitor.indexedSeq()).toBe(0);
  // An offer after the stop schedules a pass of its own.
  const later = indexer.offer([]);
  await later;
  expect(await stores.monitor.indexedSeq()).toBe(2);
});
