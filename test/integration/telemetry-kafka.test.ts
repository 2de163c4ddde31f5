/**
 * The distributed deployment keeps a record's journey one trace: the envelope's `traceparent`
 * travels as a Kafka header, so the projector (a Kafka consumer) and the webhook worker continue
 * the push's trace; and the monitor's rejections live in PostgreSQL.
 */
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Telemetry } from '../../gateway/telemetry/port.ts';
import { startTelemetry } from '../../gateway/telemetry/sdk.ts';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { deleteTopics, describeKafka, kafkaBrokers, kafkaClient, withAdmin } from '../support/kafka.ts';
import { databaseUrl, describePostgres } from '../support/postgres.ts';
import { headerRecord } from '../support/records.ts';
import { keys, testRegistry } from '../support/registry.ts';
import { uniqueSuffix } from '../support/services.ts';
import { eventually } from '../support/wait.ts';
import { Endpoint } from './webhook.support.ts';

const SECRET = 'whsec_dGVsZW1ldHJ5LWthZmthLXNlY3JldC0wMTIzNDU2';

describeKafka('tracing over Kafka and PostgreSQL', () => {
  describePostgres('one trace per record', () => {
    const suffix = uniqueSuffix();
    const topicPrefix = `pxg-tel-${suffix}.`;
    const schema = `t_telemetry_${suffix}`.slice(0, 60);
    let exporter: InMemorySpanExporter;
    let telemetry: Telemetry;
    let endpoint: Endpoint;
    let gw: TestGateway;

    beforeAll(async () => {
      exporter = new InMemorySpanExporter();
      telemetry = startTelemetry({ spanExporter: exporter });
      endpoint = await new Endpoint(() => [SECRET]).start();
      gw = await startTestGateway({
        env: {
          PXG_LOG: 'kafka',
          KAFKA_BROKERS: (await kafkaBrokers()).join(','),
          PXG_KAFKA_TOPIC_PREFIX: topicPrefix,
          PXG_KAFKA_PARTITIONS: '2',
          PXG_STORE: 'postgres',
          DATABASE_URL: await databaseUrl(),
          PXG_PG_SCHEMA: schema,
        },
        registry: {
          ...testRegistry(),
          subscriptions: [
            { id: 'kafka-hooks', system: 'ggzy-fj', mode: 'webhook', webhook: { url: endpoint.url, secrets: [{ secret: SECRET }] } },
          ],
          delivery: { allowTargets: ['127.0.0.1'], pollMs: 50 },
        },
        overrides: { telemetry },
      });
    });

    afterAll(async () => {
      await gw?.close();
      await endpoint?.close();
      await telemetry?.shutdown();
      const kafka = await kafkaClient();
      const topics = await withAdmin(kafka, (admin) => admin.listTopics()).catch(() => [] as string[]);
      await deleteTopics(
        kafka,
        topics.filter((t) => t.startsWith(topicPrefix)),
      );
      const client = new pg.Client({ connectionString: await databaseUrl() });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    });

    it('continues the push trace in the projector and the webhook worker from the Kafka header', async () => {
      const traceId = 'a3ce929d0e0e47364bf92f3577b34da6';
      const record = headerRecord();
      const res = await gw.app.request('/v1/records', {
        method: 'POST',
        body: JSON.stringify(record),
        headers: { ...asSystem(keys.fujian), traceparent: `00-${traceId}-b7ad6b7169203331-01` },
      });
      expect(res.status).toBe(201);
      const delivered = await eventually(
        async () => endpoint.accepted().find((r) => r.body.includes(record.id)),
        30_000,
        'the webhook delivery',
      );
      const deliver = await eventually(
        async () => exporter.getFinishedSpans().find((s) => s.name === 'pxg.deliver' && s.attributes['pxg.record.id'] === record.id),
        5_000,
        'the delivery span',
      );
      const inTrace = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
      const request = inTrace.find((s) => s.name === 'POST /v1/records')!;
      const project = inTrace.find((s) => s.name === 'pxg.project' && s.attributes['pxg.record.id'] === record.id);
      expect(project?.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
      expect(project?.attributes['pxg.log.position']).toMatch(/\S/);
      expect(deliver.spanContext().traceId).toBe(traceId);
      expect(delivered.headers.traceparent).toBe(`00-${traceId}-${deliver.spanContext().spanId}-01`);
    });

    it('keeps rejections in PostgreSQL for the ministry', async () => {
      expect(
        (
          await gw.app.request('/v1/records', {
            method: 'POST',
            body: JSON.stringify(headerRecord({ regionCode: '35' })),
            headers: asSystem(keys.fujian),
          })
        ).status,
      ).toBe(422);
      const systems = await json(await gw.app.request('/v1/monitor/systems', { headers: asSystem(keys.ministry) }));
      const fujian = systems.systems.find((s: { id: string }) => s.id === 'fj-gpms');
      expect(fujian.topRejectionCodes).toEqual([{ code: 'record_invalid', count: 1 }]);
      const client = new pg.Client({ connectionString: await databaseUrl() });
      await client.connect();
      try {
        const { rows } = await client.query(`SELECT code FROM ${schema}.monitor_rejections`);
        expect(rows).toEqual([{ code: 'record_invalid' }]);
      } finally {
        await client.end();
      }
    });
  });
});
