/**
 * The Kafka topic layout and the CloudEvents 1.0 Kafka protocol binding (binary mode) of the
 * record log: topic names per record family, and an envelope as a message (`ce_*` headers,
 * `content-type`, W3C `traceparent`, the record as JSON value, the process key as key) and back.
 */
import { randomUUID } from 'node:crypto';
import { dataJson, type EventEnvelope, keepDataJson, type Operation, type StandardRecord } from '../core/index.ts';
import type { IncomingMessage, OutgoingMessage } from './kafka-client.ts';
import type { RejectionEvent } from './port.ts';

/** The topic families: accepted notices, accepted transactions, rejected pushes, undeliverable events. */
export type TopicFamily = 'notices' | 'transactions' | 'rejected' | 'deadletters';

/** The topic name of a family under a prefix, e.g. `px.notices.v1`. */
export function topicName(prefix: string, family: TopicFamily): string {
  return `${prefix}${family}.v1`;
}

const EXTENSIONS = ['operation', 'recordversion', 'processkey', 'contenthash'] as const;

/** The Kafka message of an envelope: `ce_*` headers, the record as JSON value, the process key as key. */
export function toKafkaMessage(prefix: string, envelope: EventEnvelope): OutgoingMessage {
  const headers: Record<string, string> = {
    ce_specversion: envelope.specversion,
    ce_id: envelope.id,
    ce_source: envelope.source,
    ce_type: envelope.type,
    ce_subject: envelope.subject,
    ce_time: envelope.time,
    ce_dataschema: envelope.dataschema,
    'content-type': envelope.datacontenttype,
  };
  for (const name of EXTENSIONS) headers[`ce_${name}`] = String(envelope[name]);
  if (envelope.traceparent) {
    // Both the CloudEvents distributed-tracing attribute and the plain W3C header OpenTelemetry reads.
    headers.ce_traceparent = envelope.traceparent;
    headers.traceparent = envelope.traceparent;
  }
  const family: TopicFamily = envelope.data.recordType === 'transaction' ? 'transactions' : 'notices';
  return { topic: topicName(prefix, family), key: envelope.processkey, value: dataJson(envelope), headers };
}

/** The envelope of a Kafka message written by toKafkaMessage, or null when it is not one. */
export function fromKafkaMessage(message: Pick<IncomingMessage, 'headers' | 'value'>): EventEnvelope | null {
  const h = message.headers;
  const required = [
    'ce_id',
    'ce_source',
    'ce_type',
    'ce_subject',
    'ce_time',
    'ce_dataschema',
    'ce_operation',
    'ce_recordversion',
    'ce_processkey',
    'ce_contenthash',
  ];
  if (h.ce_specversion !== '1.0' || required.some((name) => h[name] === undefined)) return null;
  let data: StandardRecord;
  try {
    data = JSON.parse(message.value) as StandardRecord;
  } catch {
    return null;
  }
  const envelope: EventEnvelope = {
    specversion: '1.0',
    id: h.ce_id!,
    source: h.ce_source!,
    type: h.ce_type!,
    subject: h.ce_subject!,
    time: h.ce_time!,
    datacontenttype: 'application/json',
    dataschema: h.ce_dataschema!,
    operation: h.ce_operation as Operation,
    recordversion: Number(h.ce_recordversion),
    processkey: h.ce_processkey!,
    contenthash: h.ce_contenthash!,
    data,
  };
  const traceparent = h.ce_traceparent ?? h.traceparent;
  if (traceparent) envelope.traceparent = traceparent;
  keepDataJson(envelope, message.value);
  return envelope;
}

/** CloudEvents type of a refused push on the rejected topic. */
export const REJECTION_EVENT_TYPE = 'cn.gov.procurement.rejection';

/**
 * The Kafka message of a refused push on `<prefix>rejected.v1`: CloudEvents binary mode, keyed by
 * the process key when the input carried one (so it sits with the process's records in order), else
 * by the system id; the value is the compact rejection without the payload.
 */
export function toRejectionMessage(prefix: string, event: RejectionEvent): OutgoingMessage {
  const headers: Record<string, string> = {
    ce_specversion: '1.0',
    ce_id: randomUUID(),
    ce_source: `/systems/${event.systemId}`,
    ce_type: REJECTION_EVENT_TYPE,
    ce_time: event.receivedAt,
    'content-type': 'application/json',
  };
  if (event.recordId !== undefined) headers.ce_subject = event.recordId;
  const data = {
    systemId: event.systemId,
    ...(event.recordId === undefined ? {} : { recordId: event.recordId }),
    ...(event.version === undefined ? {} : { version: event.version }),
    code: event.code,
    errors: event.errors,
    receivedAt: event.receivedAt,
  };
  return { topic: topicName(prefix, 'rejected'), key: event.processKey ?? event.systemId, value: JSON.stringify(data), headers };
}
