/**
 * Pull mode on the distributed deployment: the cursor in PostgreSQL, records appended to a real
 * Kafka log and projected by the gateway's projector into the PostgreSQL journal. Killing and
 * recreating the poller midway loses nothing and repeats nothing, as on SQLite.
 */
import { afterAll, beforeAll, it } from 'vitest';
import { createKafkaRecordLog } from '../../gateway/log/kafka.ts';
import { hashApiKey } from '../../gateway/registry/registry.ts';
import type { SystemEntry } from '../../gateway/registry/types.ts';
import { createStandard } from '../../gateway/standard/index.ts';
import { PostgresStore } from '../../gateway/store/postgres/index.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { deleteTopics, describeKafka, kafkaBrokers, kafkaClient, uniqueTopic } from '../support/kafka.ts';
import { databaseUrl, type FreshSchema, freshSchema } from '../support/postgres.ts';
import { testRegistry } from '../support/registry.ts';
import { type FakeMarketplace, startFakeMarketplace } from './pull-fake-marketplace.ts';
import { killAndResume } from './pull-scenarios.ts';

function marketplace(baseUrl: string | null): SystemEntry {
  return {
    id: 'emall-dist',
    name: 'E-marketplace',
    kind: 'e-marketplace',
    publish: { areas: ['350000'], recordTypes: ['transaction'] },
    credentials: { apiKeys: [{ id: 'test', sha256: hashApiKey('test-key-emall-dist-000000000') }] },
    adapter: {
      id: 'emall',
      config: { marketplaceName: '福建省网上超市', pageSize: 4 },
      ...(baseUrl ? { pull: { baseUrl, intervalSeconds: 0.05 } } : {}),
    },
  };
}

describeKafka('pull mode on Kafka and PostgreSQL', () => {
  const prefix = `${uniqueTopic('pxg-pull')}.`;
  let db: FreshSchema;
  let gw: TestGateway;
  let fake: FakeMarketplace;

  beforeAll(async () => {
    db = await freshSchema('pull');
    fake = await startFakeMarketplace();
    gw = await startTestGateway({
      registry: testRegistry([marketplace(null)]),
      overrides: {
        standard: createStandard(),
        logger: { info() {}, warn() {}, error() {} },
        stores: new PostgresStore({ url: await databaseUrl(), schema: db.schema, maxConnections: 6 }),
        log: createKafkaRecordLog(await kafkaBrokers(), { topicPrefix: prefix, partitions: 3, clientId: 'pxg-pull-test' }),
      },
    });
  });

  afterAll(async () => {
    await gw?.close();
    await fake?.close();
    await db?.drop();
    await deleteTopics(
      await kafkaClient(),
      ['notices', 'transactions', 'rejected', 'deadletters'].map((f) => `${prefix}${f}.v1`),
    );
  });

  it('resumes without gaps or repeats after the poller dies before saving its cursor, with the cursor in PostgreSQL and the records on Kafka', async () => {
    await killAndResume(gw.services, fake, marketplace(fake.url));
  });
});
