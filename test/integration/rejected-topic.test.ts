/**
 * The rejected topic on a real broker: a gateway whose log is Kafka answers refused pushes as usual
 * and publishes one compact `cn.gov.procurement.rejection` event per refused record on
 * `<prefix>rejected.v1`, keyed by the process key (else the system id), valid against the
 * document's schemas in contracts/asyncapi.yaml, and never carrying the refused payload.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { topicName } from '../../gateway/log/kafka.ts';
import { registerStandardVocabulary } from '../../gateway/standard/formats.ts';
import { createStandard } from '../../gateway/standard/index.ts';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import {
  type ConsumedMessage,
  consumeMessages,
  deleteTopics,
  describeKafka,
  kafkaBrokers,
  kafkaClient,
  uniqueGroup,
  uniqueTopic,
} from '../support/kafka.ts';
import { tenderNotice } from '../support/records.ts';
import { keys } from '../support/registry.ts';

const doc = parse(readFileSync(resolve(fileURLToPath(new URL('../../contracts/asyncapi.yaml', import.meta.url))), 'utf8'));

function headersOf(message: ConsumedMessage): Record<string, string> {
  return Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
}

describeKafka('the rejected topic', () => {
  const prefix = `${uniqueTopic('rejected')}.`;
  let gw: TestGateway;
  let kafka: Kafka;
  let messages: ConsumedMessage[];
  // An invalid tender notice (no title), one Fuzhou may not publish (Xiamen's area), and in a batch
  // a valid notice between a number and an invalid notice.
  const invalid = tenderNotice({ set: { title: '' } });
  const foreignArea = tenderNotice({ regionCode: '350203' });
  const valid = tenderNotice();
  const invalidInBatch = tenderNotice({ set: { title: '' } });
  const answers: number[] = [];

  beforeAll(async () => {
    kafka = await kafkaClient('rejected-topic');
    gw = await startTestGateway({
      env: { PXG_LOG: 'kafka', KAFKA_BROKERS: (await kafkaBrokers()).join(','), PXG_KAFKA_TOPIC_PREFIX: prefix, PXG_KAFKA_PARTITIONS: '2' },
      overrides: { standard: createStandard() },
    });
    const push = async (key: string, body: unknown, path = '/v1/records') => {
      const res = await gw.app.request(path, { method: 'POST', body: JSON.stringify(body), headers: asSystem(key) });
      answers.push(res.status);
      return json(res);
    };
    await push(keys.fujian, invalid);
    await push(keys.fuzhou, foreignArea);
    const batch = await push(keys.fujian, [42, valid, invalidInBatch], '/v1/records/batch');
    expect(batch.results.map((r: { status: number }) => r.status)).toEqual([422, 201, 422]);
    messages = await consumeMessages(kafka, {
      topic: topicName(prefix, 'rejected'),
      groupId: uniqueGroup('rejected'),
      count: 4,
      timeoutMs: 30_000,
    });
  }, 90_000);

  afterAll(async () => {
    await gw?.close();
    if (kafka)
      await deleteTopics(
        kafka,
        ['notices', 'transactions', 'rejected', 'deadletters'].map((f) => `${prefix}${f}.v1`),
      );
  });

  const bySubject = (subject: string | undefined) => messages.find((m) => headersOf(m).ce_subject === subject);

  it('answers the refused pushes as usual', () => {
    expect(answers).toEqual([422, 403, 200]);
  });

  it('publishes one event per refused record, none for the accepted one', () => {
    expect(messages).toHaveLength(4);
    expect(messages.map((m) => JSON.parse(m.value).code).sort()).toEqual([
      'publish_not_allowed',
      'record_invalid',
      'record_invalid',
      'record_invalid',
    ]);
    expect(messages.some((m) => headersOf(m).ce_subject === valid.id)).toBe(false);
  });

  it('keys each event by the record’s process key, or by the system id when the input had none', () => {
    expect(bySubject(invalid.id)?.key).toBe(invalid.ocid);
    expect(bySubject(foreignArea.id)?.key).toBe(foreignArea.ocid);
    expect(bySubject(invalidInBatch.id)?.key).toBe(invalidInBatch.ocid);
    expect(bySubject(undefined)?.key).toBe('fj-gpms');
  });

  it('carries who pushed what and why, but not the payload', () => {
    const event = JSON.parse(bySubject(foreignArea.id)!.value);
    expect(event).toEqual({
      systemId: 'fz-gpms',
      recordId: foreignArea.id,
      version: 1,
      code: 'publish_not_allowed',
      errors: [
        {
          pointer: '/regionCode',
          keyword: 'publishArea',
          message: { zh: '该系统无权发布地区 350203 的记录', en: 'This system may not publish records for area 350203' },
        },
      ],
      receivedAt: expect.any(String),
    });
    expect(Math.abs(Date.parse(event.receivedAt) - Date.now())).toBeLessThan(120_000);
    const invalidEvent = JSON.parse(bySubject(invalid.id)!.value);
    expect(invalidEvent.errors).toContainEqual(expect.objectContaining({ pointer: '/title', keyword: 'minLength' }));
    const projectName = (invalid['project'] as { name: string }).name;
    expect(projectName.length).toBeGreaterThan(0);
    expect(bySubject(invalid.id)!.value).not.toContain(projectName);
  });

  it('matches the RejectionHeaders and RejectionEvent schemas of contracts/asyncapi.yaml', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    registerStandardVocabulary(ajv);
    const headers = ajv.compile(doc.components.schemas.RejectionHeaders);
    const payload = ajv.compile(doc.components.schemas.RejectionEvent);
    for (const message of messages) {
      const h = headersOf(message);
      expect(headers(h), JSON.stringify(headers.errors)).toBe(true);
      expect(h.ce_type).toBe('cn.gov.procurement.rejection');
      expect(payload(JSON.parse(message.value)), JSON.stringify(payload.errors)).toBe(true);
    }
    // Not vacuous: a payload carrying the record is refused.
    expect(payload({ ...JSON.parse(messages[0]!.value), record: invalid })).toBe(false);
  });
});
