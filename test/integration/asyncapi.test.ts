/**
 * contracts/asyncapi.yaml describes what the Kafka record log really produces: a message taken
 * off a real topic is checked against the document's header schema, key and payload schema.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import asyncapiSpecs from '@asyncapi/specs';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type EventEnvelope, envelopeFor } from '../../gateway/core/envelope.ts';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { createKafkaRecordLog, defaultKafkaLogOptions, type KafkaRecordLog, topicName } from '../../gateway/log/kafka.ts';
import { TOPIC_MAX_MESSAGE_BYTES } from '../../gateway/log/kafka-client.ts';
import { registerStandardVocabulary } from '../../gateway/standard/formats.ts';
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

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const contractsDir = resolve(root, 'contracts');
const doc = parse(readFileSync(resolve(contractsDir, 'asyncapi.yaml'), 'utf8'));

/** A 终止公告 (termination notice) of the standard. */
const terminationNotice: StandardRecord = {
  recordType: 'notice',
  id: 'FJ-ZZ-2026-0042',
  version: 1,
  operation: 'create',
  regionCode: '350100',
  ocid: 'ocds-px0001-FJZC2026-0042',
  noticeType: 'termination',
  date: '2026-03-02T10:00:00+08:00',
  title: '福州市鼓楼区教育局办公设备采购项目终止公告',
  project: { id: 'FJZC2026-0042', name: '福州市鼓楼区教育局办公设备采购项目' },
  parties: [{ id: 'CN-USCC-11350102003623127F', name: '福州市鼓楼区教育局', roles: ['buyer'] }],
  termination: { reason: '因采购需求发生重大变化，本项目终止。' },
};

function headersOf(message: ConsumedMessage): Record<string, string> {
  return Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
}

/** Ajv with the standard's formats and every schema of schemas/v1. */
function validatorFor() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  registerStandardVocabulary(ajv);
  const schemaDir = resolve(root, 'schemas/v1');
  for (const file of readdirSync(schemaDir).filter((f) => f.endsWith('.schema.json'))) {
    ajv.addSchema(JSON.parse(readFileSync(resolve(schemaDir, file), 'utf8')));
  }
  return ajv;
}

/** The `$id` of the schema file a payload `$ref` (relative to contracts/) points at. */
function payloadSchemaId(message: { payload: { schema: { $ref: string } } }): string {
  const file = resolve(contractsDir, message.payload.schema.$ref);
  return JSON.parse(readFileSync(file, 'utf8')).$id as string;
}

it('is a valid AsyncAPI 3.0.0 document by the specification’s own JSON schema', () => {
  // The bundled schema embeds the JSON Schema meta-schemas, which Ajv already knows under the same ids.
  const schema = structuredClone(asyncapiSpecs.schemas['3.0.0']) as { definitions: Record<string, unknown> };
  delete schema.definitions['http://json-schema.org/draft-07/schema'];
  delete schema.definitions['http://json-schema.org/draft-04/schema'];
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
  // And the schema is not vacuous: an operation with an action AsyncAPI 3 does not know is refused.
  expect(
    validate({ ...doc, operations: { ...doc.operations, publishNotice: { ...doc.operations.publishNotice, action: 'publish' } } }),
  ).toBe(false);
});

it('parses with the official AsyncAPI parser without errors or warnings, its schema references resolved', async () => {
  const file = resolve(contractsDir, 'asyncapi.yaml');
  const { document, diagnostics } = await new Parser().parse(readFileSync(file, 'utf8'), { source: file });
  const serious = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning);
  expect(serious.map((d) => `${d.code}: ${d.message} at ${d.path.join('/')}`)).toEqual([]);
  expect(
    document
      ?.channels()
      .all()
      .map((c) => c.id())
      .sort(),
  ).toEqual(['deadletters', 'notices', 'rejected', 'transactions']);
  const notice = document?.components().messages().get('notice');
  expect(notice?.payload()?.json()).toMatchObject({ schema: { $id: expect.stringMatching(/notice\.schema\.json$/) } });
});

it('names the topics of the layout the log creates', () => {
  const prefix = defaultKafkaLogOptions.topicPrefix;
  expect(doc.asyncapi).toBe('3.0.0');
  expect(Object.fromEntries(Object.entries(doc.channels as Record<string, { address: string }>).map(([k, c]) => [k, c.address]))).toEqual({
    notices: topicName(prefix, 'notices'),
    transactions: topicName(prefix, 'transactions'),
    rejected: topicName(prefix, 'rejected'),
    deadletters: topicName(prefix, 'deadletters'),
  });
});

it('states the partitions and topic configuration the log creates topics with', () => {
  for (const name of ['notices', 'transactions']) {
    const kafka = doc.channels[name].bindings.kafka;
    expect(kafka.partitions).toBe(defaultKafkaLogOptions.partitions);
    expect(kafka.replicas).toBe(defaultKafkaLogOptions.replicationFactor);
    expect(kafka.topicConfiguration).toEqual({
      'retention.ms': defaultKafkaLogOptions.retentionMs,
      'max.message.bytes': TOPIC_MAX_MESSAGE_BYTES,
    });
  }
});

it('points every record message payload at a schema file of the standard', () => {
  for (const message of [doc.components.messages.notice, doc.components.messages.transaction] as {
    payload: { schema: { $ref: string } };
  }[]) {
    const file = resolve(contractsDir, message.payload.schema.$ref);
    expect(existsSync(file), file).toBe(true);
    expect(payloadSchemaId(message)).toMatch(/^https:\/\/procurement-exchange\.example\/schemas\/v1\//);
  }
});

describeKafka('a produced notice matches contracts/asyncapi.yaml', () => {
  const prefix = `${uniqueTopic('asyncapi')}.`;
  let log: KafkaRecordLog;
  let sent: EventEnvelope;
  let message: ConsumedMessage;

  beforeAll(async () => {
    log = createKafkaRecordLog(await kafkaBrokers(), { topicPrefix: prefix, partitions: 2 });
    await log.start();
    sent = envelopeFor(
      terminationNotice,
      'fj-gpms',
      'https://procurement-exchange.example/schemas/v1/notice.schema.json',
      new Date(),
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    );
    await log.append([sent]);
    const kafka = await kafkaClient();
    [message] = (await consumeMessages(kafka, { topic: topicName(prefix, 'notices'), groupId: uniqueGroup('asyncapi'), count: 1 })) as [
      ConsumedMessage,
    ];
  });

  afterAll(async () => {
    await log?.close();
    await deleteTopics(
      await kafkaClient(),
      ['notices', 'transactions', 'rejected', 'deadletters'].map((f) => `${prefix}${f}.v1`),
    );
  });

  it('has headers valid against the CloudEventHeaders schema', () => {
    const validate = validatorFor().compile(doc.components.schemas.CloudEventHeaders);
    const headers = headersOf(message);
    expect(validate(headers), JSON.stringify(validate.errors)).toBe(true);
    expect(headers.ce_id).toBe(sent.id);
  });

  it('has the process key as message key, as the ce_processkey header says', () => {
    expect(message.key).toBe(terminationNotice.ocid);
    expect(headersOf(message).ce_processkey).toBe(message.key);
  });

  it('has a payload valid against the notice message payload schema', () => {
    const ajv = validatorFor();
    const validate = ajv.getSchema(payloadSchemaId(doc.components.messages.notice))!;
    const payload = JSON.parse(message.value);
    expect(validate(payload), JSON.stringify(validate.errors)).toBe(true);
    expect(payload).toEqual(terminationNotice);
  });

  it('rejects headers that lack the event id (the schema is not vacuous)', () => {
    const validate = validatorFor().compile(doc.components.schemas.CloudEventHeaders);
    const { ce_id: _dropped, ...headers } = headersOf(message);
    expect(validate(headers)).toBe(false);
  });
});
