/**
 * Webhook push on the distributed deployment: records are appended to a real Kafka log, a
 * consumer group projects them into the PostgreSQL journal (as the projector does), and the
 * delivery state lives in PostgreSQL. Same behaviour as on SQLite.
 */
import { afterAll, beforeAll } from 'vitest';
import { createKafkaRecordLog, type KafkaRecordLog } from '../../gateway/log/kafka.ts';
import type { LogConsumer } from '../../gateway/log/port.ts';
import { PostgresStore } from '../../gateway/store/postgres/index.ts';
import { describeKafka, kafkaBrokers, uniqueTopic } from '../support/kafka.ts';
import { databaseUrl, describePostgres, type FreshSchema, freshSchema } from '../support/postgres.ts';
import { webhookBehaviour } from './webhook.behaviour.ts';

describeKafka('webhooks on Kafka', () => {
  describePostgres('and PostgreSQL', () => {
    let db: FreshSchema;
    let stores: PostgresStore;
    let log: KafkaRecordLog;
    let projector: LogConsumer;

    beforeAll(async () => {
      db = await freshSchema('webhooks');
      stores = new PostgresStore({ url: await databaseUrl(), schema: db.schema, maxConnections: 8 });
      await stores.start();
      log = createKafkaRecordLog(await kafkaBrokers(), {
        topicPrefix: `${uniqueTopic('pxg-webhooks')}.`,
        partitions: 3,
        clientId: 'pxg-webhook-test',
      });
      await log.start();
      projector = await log.consume('pxg-projector', async (events) => {
        await stores.journal.project(events.map((e) => ({ logPosition: e.position, envelope: e.envelope })));
      });
    });

    afterAll(async () => {
      await projector?.stop();
      await log?.close();
      await stores?.close();
      await db?.drop();
    });

    webhookBehaviour(
      () => stores,
      async (_delivery, events) => {
        for (let i = 0; i < events.length; i += 250) await log.append(events.slice(i, i + 250));
      },
    );
  });
});
