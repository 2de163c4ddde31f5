/**
 * The event envelope: what travels on the record log, on Kafka and to subscribers.
 * Aligned with CloudEvents 1.0 (structured mode here; binary mode maps each attribute
 * to a `ce_` Kafka header or `ce-` HTTP header).
 */
import { hash } from 'node:crypto';
import { canonicalize } from './canonical-json.ts';
import { type Operation, processKeyOf, type StandardRecord, subtypeOf } from './records.ts';

/** CloudEvents type prefix of every event the gateway publishes. */
export const EVENT_TYPE_PREFIX = 'cn.gov.procurement';

/** A CloudEvents 1.0 event carrying one standard record version. */
export interface EventEnvelope {
  specversion: '1.0';
  /** Stable event id: the same record id, version and content always give the same id. */
  id: string;
  /** The publishing system: `/systems/{systemId}`. */
  source: string;
  /** e.g. `cn.gov.procurement.notice.tender`. */
  type: string;
  /** The record id. */
  subject: string;
  /** When the gateway accepted the record (RFC 3339). */
  time: string;
  datacontenttype: 'application/json';
  /** `$id` of the schema the data validates against. */
  dataschema: string;
  /** Extension: create / update / withdraw. */
  operation: Operation;
  /** Extension: the record version. */
  recordversion: number;
  /** Extension: ordering key (ocid or transaction id). */
  processkey: string;
  /** Extension: sha-256 (hex) of the canonical record. */
  contenthash: string;
  /** Extension: W3C trace context of the ingest request, when traced. */
  traceparent?: string;
  data: StandardRecord;
}

/** RFC 8785 canonical JSON of a value: the form every content hash is taken over. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value has no canonical JSON form');
  return text;
}

/** sha-256 (hex) of a record's canonical JSON. */
export function contentHash(record: unknown): string {
  return hashOfCanonical(canonicalJson(record));
}

/** sha-256 (hex) of a canonical JSON text (what contentHash takes of a record's). */
export function hashOfCanonical(text: string): string {
  return hash('sha256', text, 'hex');
}

/**
 * The JSON text of each envelope's `data`, when the envelope was built from a record whose
 * canonical JSON was already computed (for its content hash): the log writes that text instead of
 * serialising the record once more. Canonical JSON is JSON, and parses to the same record.
 */
const dataTexts = new WeakMap<EventEnvelope, string>();

/** Remembers the JSON text an envelope's `data` was parsed from (a log message's value), for dataJson/envelopeJson. */
export function keepDataJson(envelope: EventEnvelope, text: string): void {
  dataTexts.set(envelope, text);
}

/** The JSON text of an envelope's record (`data`). */
export function dataJson(envelope: EventEnvelope): string {
  return dataTexts.get(envelope) ?? JSON.stringify(envelope.data);
}

/** The JSON text of a whole envelope (structured mode), reusing the record's text when known. */
export function envelopeJson(envelope: EventEnvelope): string {
  const text = dataTexts.get(envelope);
  if (text === undefined) return JSON.stringify(envelope);
  const { data: _, ...attributes } = envelope;
  const head = JSON.stringify(attributes);
  return `${head.slice(0, -1)},"data":${text}}`;
}

/** The stable event id of a record version: a UUID-shaped digest of id, version and content. */
export function eventIdFor(recordId: string, version: number, contentHash: string): string {
  const h = hash('sha256', `${recordId}\u0000${version}\u0000${contentHash}`, 'hex');
  // Shape it as an RFC 9562 version-8 (custom) UUID so tools that expect UUIDs accept it.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Path, under the gateway's public URL, where the standard's v1 schemas are served (GET /schemas/v1/{file}). */
export const SCHEMA_PATH = '/schemas/v1/';

/**
 * The URL an envelope's `dataschema` names: the schema as the gateway serves it under its public
 * URL (PXG_PUBLIC_URL), so a consumer can fetch what the record was validated against. Without a
 * public URL the schema's own `$id` stays (it names the schema, but is not fetchable).
 */
export function dataschemaUrl(schemaId: string, publicUrl?: string): string {
  if (!publicUrl) return schemaId;
  const file = schemaId.slice(schemaId.lastIndexOf('/') + 1);
  return `${publicUrl.replace(/\/+$/, '')}${SCHEMA_PATH}${file}`;
}

/**
 * Builds the envelope for an accepted record version. `known` passes the content hash and event id
 * already computed for this record (canonicalising a record is the costly part), never different
 * ones, and optionally the canonical JSON text they were computed from.
 */
export function envelopeFor(
  record: StandardRecord,
  sourceSystem: string,
  dataschema: string,
  acceptedAt: Date,
  traceparent?: string,
  known?: { hash: string; eventId: string; canonical?: string },
): EventEnvelope {
  const digest = known?.hash ?? contentHash(record);
  const envelope: EventEnvelope = {
    specversion: '1.0',
    id: known?.eventId ?? eventIdFor(record.id, record.version, digest),
    source: `/systems/${sourceSystem}`,
    type: `${EVENT_TYPE_PREFIX}.${record.recordType}.${subtypeOf(record)}`,
    subject: record.id,
    time: acceptedAt.toISOString(),
    datacontenttype: 'application/json',
    dataschema,
    operation: record.operation,
    recordversion: record.version,
    processkey: processKeyOf(record),
    contenthash: digest,
    data: record,
  };
  if (traceparent) envelope.traceparent = traceparent;
  if (known?.canonical !== undefined) dataTexts.set(envelope, known.canonical);
  return envelope;
}
