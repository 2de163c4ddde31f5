/**
 * Renders a journal event the way a subscription asked for it: CloudEvents structured
 * (`application/cloudevents+json`), CloudEvents binary (`ce-*` headers around the bare record),
 * the bare standard record, or an adapter's outbound (native) format.
 */
import type { EventEnvelope } from '../core/index.ts';

/** The formats every gateway offers; adapters add `adapter:<id>`. */
export const BUILTIN_FORMATS = ['cloudevents', 'cloudevents-binary', 'standard'] as const;

/** Outbound formats of the adapters, as the delivery layer needs them. */
export interface OutboundFormats {
  /** True when an adapter with an outbound mapping has this id. */
  has(adapterId: string): boolean;
  /** The record types the adapter's outbound mapping can express; undefined: every type. */
  recordTypes?(adapterId: string): readonly string[] | undefined;
  /** The event's record in the adapter's native form for the subscribing system. Throws when it cannot be mapped. */
  render(adapterId: string, envelope: EventEnvelope, systemId: string): { contentType: string; body: string | Uint8Array };
}

/** No adapters: only the built-in formats. */
export const NO_ADAPTERS: OutboundFormats = {
  has: () => false,
  render: (id) => {
    throw new Error(`no adapter '${id}'`);
  },
};

/** True when `format` names a built-in format or an adapter that can render outbound. */
export function isKnownFormat(format: string, adapters: OutboundFormats): boolean {
  if ((BUILTIN_FORMATS as readonly string[]).includes(format)) return true;
  return format.startsWith('adapter:') && adapters.has(format.slice('adapter:'.length));
}

/** A rendered HTTP message body with its headers (signature headers are added by the sender). */
export interface RenderedMessage {
  headers: Record<string, string>;
  body: string | Uint8Array;
}

// CloudEvents HTTP binding §3.1.3.2: header values are percent-encoded outside printable ASCII, space, '"' and '%'.
function headerValue(value: string): string {
  return value.replace(/[^\x21\x23-\x24\x26-\x7e]/gu, (ch) =>
    Array.from(Buffer.from(ch, 'utf8'))
      .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  );
}

const CE_ATTRIBUTES = [
  'specversion',
  'id',
  'source',
  'type',
  'subject',
  'time',
  'dataschema',
  'operation',
  'recordversion',
  'processkey',
  'contenthash',
  'traceparent',
] as const;

/**
 * The CloudEvent a pull or stream client receives: adapter formats replace `data` and its content
 * type (JSON stays JSON, text becomes a string, other bytes `data_base64`).
 */
export function feedEvent(envelope: EventEnvelope, format: string, adapters: OutboundFormats, systemId: string): Record<string, unknown> {
  if (!format.startsWith('adapter:')) return envelope as unknown as Record<string, unknown>;
  const native = adapters.render(format.slice('adapter:'.length), envelope, systemId);
  const { data: _record, ...attributes } = envelope;
  const text = typeof native.body === 'string' ? native.body : utf8(native.body);
  if (text === null)
    return { ...attributes, datacontenttype: native.contentType, data_base64: Buffer.from(native.body).toString('base64') };
  return { ...attributes, datacontenttype: native.contentType, data: /[/+]json\b/.test(native.contentType) ? JSON.parse(text) : text };
}

function utf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The webhook request for one event. `traceparent` travels as its own header in every format. */
export function renderWebhook(envelope: EventEnvelope, format: string, adapters: OutboundFormats, systemId: string): RenderedMessage {
  const headers: Record<string, string> = {};
  if (envelope.traceparent) headers.traceparent = envelope.traceparent;
  if (format === 'cloudevents') {
    headers['content-type'] = 'application/cloudevents+json; charset=utf-8';
    return { headers, body: JSON.stringify(envelope) };
  }
  if (format === 'standard') {
    headers['content-type'] = 'application/json; charset=utf-8';
    return { headers, body: JSON.stringify(envelope.data) };
  }
  // Binary mode (also used around adapter bodies): attributes as ce-* headers, data as the body.
  for (const name of CE_ATTRIBUTES) {
    const value = envelope[name];
    if (value !== undefined) headers[`ce-${name}`] = headerValue(String(value));
  }
  if (format === 'cloudevents-binary') {
    headers['content-type'] = 'application/json; charset=utf-8';
    return { headers, body: JSON.stringify(envelope.data) };
  }
  const native = adapters.render(format.slice('adapter:'.length), envelope, systemId);
  headers['content-type'] = native.contentType;
  return { headers, body: native.body };
}
