/**
 * Messages on the record topics are CloudEvents 1.0 in the Kafka binding's binary mode as the
 * official SDK reads them: a message taken off a real topic parses with `Kafka.toEvent` into a
 * valid event whose data is a valid record of the standard.
 */
import { readFileSync } from 'node:fs';
import { type CloudEvent, Kafka as CloudEventsKafka, HTTP, type KafkaMessage } from 'cloudevents';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type EventEnvelope, envelopeFor } from '../../gateway/core/envelope.ts';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { createKafkaRecordLog, type KafkaRecordLog, topicName } from '../../gateway/log/kafka.ts';
import { createStandard } from '../../gateway/standard/index.ts';
import { examplePath } from '../../gateway/standard/reference-data.ts';
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

const standard = createStandard();

function example(name: string): StandardRecord {
  return JSON.parse(readFileSync(examplePath(`valid/${name}`), 'utf8')) as StandardRecord;
}

/** The message as the SDK's Kafka binding expects it. */
function sdkMessage(message: ConsumedMessage): KafkaMessage<string> {
  const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
  return { key: message.key ?? '', value: message.value, body: message.value, headers };
}

describeKafka('record topics carry CloudEvents the official SDK reads', () => {
  const prefix = `${uniqueTopic('cloudevents')}.`;
  let log: KafkaRecordLog;
  const sent = new Map<string, EventEnvelope>();
  const received: { family: 'notices' | 'transactions'; message: ConsumedMessage }[] = [];

  beforeAll(async () => {
    log = createKafkaRecordLog(await kafkaBrokers(), { topicPrefix: prefix, partitions: 2 });
    await log.start();
    const accepted = new Date();
    for (const name of ['notice-tender.json', 'transaction-order.json']) {
      const validation = standard.validate(example(name));
      if (!validation.ok) throw new Error(`example ${name} is not valid: ${JSON.stringify(validation.issues)}`);
      const envelope = envelopeFor(
        validation.record,
        'fj-gpms',
        validation.dataschema,
        accepted,
        '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      );
      sent.set(envelope.id, envelope);
    }
    await log.append([...sent.values()]);
    const kafka = await kafkaClient();
    for (const family of ['notices', 'transactions'] as const) {
      const [message] = await consumeMessages(kafka, { topic: topicName(prefix, family), groupId: uniqueGroup('cloudevents'), count: 1 });
      received.push({ family, message: message! });
    }
  });

  afterAll(async () => {
    await log?.close();
    await deleteTopics(
      await kafkaClient(),
      ['notices', 'transactions', 'rejected', 'deadletters'].map((f) => `${prefix}${f}.v1`),
    );
  });

  it('is detected as a CloudEvent and parses into a valid CloudEvents 1.0 event', () => {
    for (const { message } of received) {
      expect(CloudEventsKafka.isEvent(sdkMessage(message))).toBe(true);
      const event = CloudEventsKafka.toEvent(sdkMessage(message)) as CloudEvent<unknown>;
      expect(event.validate()).toBe(true);
      expect(event.specversion).toBe('1.0');
    }
  });

  it('carries the envelope attributes and extensions, and the process key as partition key', () => {
    for (const { message } of received) {
      const event = CloudEventsKafka.toEvent(sdkMessage(message)) as CloudEvent<unknown>;
      const envelope = sent.get(event.id)!;
      expect(envelope).toBeDefined();
      expect({
        source: event.source,
        type: event.type,
        subject: event.subject,
        time: event.time,
        dataschema: event.dataschema,
        datacontenttype: event.datacontenttype,
        operation: event['operation'],
        recordversion: Number(event['recordversion']),
        processkey: event['processkey'],
        contenthash: event['contenthash'],
        traceparent: event['traceparent'],
        partitionkey: event['partitionkey'],
      }).toEqual({
        source: envelope.source,
        type: envelope.type,
        subject: envelope.subject,
        time: envelope.time,
        dataschema: envelope.dataschema,
        datacontenttype: 'application/json',
        operation: envelope.operation,
        recordversion: envelope.recordversion,
        processkey: envelope.processkey,
        contenthash: envelope.contenthash,
        traceparent: envelope.traceparent,
        partitionkey: envelope.processkey,
      });
    }
  });

  it('has data that is a valid record of the standard, on the topic of its family', () => {
    for (const { family, message } of received) {
      const event = CloudEventsKafka.toEvent(sdkMessage(message)) as CloudEvent<StandardRecord>;
      const validation = standard.validate(event.data);
      expect(validation.ok, JSON.stringify(validation.ok ? [] : validation.issues)).toBe(true);
      expect(event.data!.recordType).toBe(family === 'notices' ? 'notice' : 'transaction');
      expect(event.data).toEqual(sent.get(event.id)!.data);
    }
  });

  it('survives re-emission through the SDK HTTP binding unchanged', () => {
    for (const { message } of received) {
      const event = CloudEventsKafka.toEvent(sdkMessage(message)) as CloudEvent<unknown>;
      const again = HTTP.toEvent(HTTP.binary(event)) as CloudEvent<unknown>;
      expect(again.validate()).toBe(true);
      expect(again.id).toBe(event.id);
      expect(again['processkey']).toBe(event['processkey']);
      expect(again.data).toEqual(event.data);
    }
  });
});
