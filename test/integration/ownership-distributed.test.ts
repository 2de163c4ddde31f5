/**
 * Process ownership in the distributed deployment: two gateway processes over one Kafka log and
 * one PostgreSQL store. Two systems racing, at different processes, to open the same procurement
 * process give it exactly one owner; afterwards the loser's records are refused at either process
 * and the compiled view, served by either, holds only allowed records.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { describeKafka, kafkaBrokers, uniqueTopic } from '../support/kafka.ts';
import { ownershipKeys, ownershipRegistry } from '../support/ownership.ts';
import { databaseUrl, describePostgres, type FreshSchema, freshSchema } from '../support/postgres.ts';
import { headerRecord, uniqueSuffix } from '../support/records.ts';
import { eventually } from '../support/wait.ts';

describeKafka('process ownership on Kafka', () => {
  describePostgres('and PostgreSQL, with two gateway processes', () => {
    let db: FreshSchema;
    let a: TestGateway;
    let b: TestGateway;

    beforeAll(async () => {
      db = await freshSchema('ownership');
      const env = {
        PXG_LOG: 'kafka',
        KAFKA_BROKERS: (await kafkaBrokers()).join(','),
        PXG_KAFKA_TOPIC_PREFIX: `${uniqueTopic('pxg-ownership')}.`,
        PXG_KAFKA_PARTITIONS: '2',
        PXG_STORE: 'postgres',
        DATABASE_URL: await databaseUrl(),
        PXG_PG_SCHEMA: db.schema,
      };
      a = await startTestGateway({ env, registry: ownershipRegistry() });
      b = await startTestGateway({ env, registry: ownershipRegistry() });
    }, 60_000);

    afterAll(async () => {
      await a?.close();
      await b?.close();
      await db?.drop();
    });

    function push(gw: TestGateway, systemId: string, record: StandardRecord): Promise<Response> {
      return Promise.resolve(
        gw.app.request('/v1/records', {
          method: 'POST',
          headers: { authorization: `Bearer ${ownershipKeys[systemId]}`, 'content-type': 'application/json' },
          body: JSON.stringify(record),
        }),
      );
    }

    async function compiled(gw: TestGateway, processKey: string): Promise<string[]> {
      const res = await gw.app.request(`/v1/records/${processKey}`, { headers: { authorization: `Bearer ${ownershipKeys.mof}` } });
      return res.status === 200 ? ((await json(res)).records as StandardRecord[]).map((r) => r.id) : [];
    }

    function notice(processKey: string, noticeType: string): StandardRecord {
      return headerRecord({ processKey, regionCode: '350102', set: { noticeType } });
    }

    it('gives a process raced for at two gateway processes exactly one owner, and refuses the other everywhere', async () => {
      const processKey = `ocds-race-${uniqueSuffix()}`;
      // Both may open processes in 350102: the province (350000) and the city (350100).
      const province = notice(processKey, 'tender');
      const city = notice(processKey, 'tender');
      const [atA, atB] = await Promise.all([push(a, 'fj-gpms', province), push(b, 'fz-gpms', city)]);
      expect([atA.status, atB.status].sort()).toEqual([201, 403]);
      const [winner, loser, winnerId] = atA.status === 201 ? ['fj-gpms', 'fz-gpms', province.id] : ['fz-gpms', 'fj-gpms', city.id];
      const refused = atA.status === 201 ? atB : atA;
      expect((await json(refused)).type).toMatch(/process_not_owned$/);
      expect((await a.services.stores.ingest.processOwners([processKey])).get(processKey)).toBe(winner);

      // The loser stays refused at both processes; a granted contribution is accepted at either.
      expect((await push(a, loser, notice(processKey, 'correction'))).status).toBe(403);
      expect((await push(b, loser, notice(processKey, 'correction'))).status).toBe(403);
      const ruling = notice(processKey, 'complaintRuling');
      expect((await push(b, 'fj-czt', ruling)).status).toBe(201);

      const expected = [winnerId, ruling.id].sort();
      for (const gw of [a, b])
        await eventually(
          async () => JSON.stringify((await compiled(gw, processKey)).sort()) === JSON.stringify(expected),
          20_000,
          'the compiled view of the allowed records',
        );
    }, 60_000);
  });
});
