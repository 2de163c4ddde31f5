/**
 * Subscriptions in an adapter's outbound format (`adapter:ocds`): webhook bodies and feed events
 * carry the native form, produced by the real adapter host with the subscriber's configuration.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAdapterHost } from '../../adapters/host.ts';
import { ocdsAdapter } from '../../adapters/ocds/index.ts';
import { envelopeFor } from '../../gateway/core/envelope.ts';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { adapterFormats } from '../../gateway/delivery/adapters.ts';
import { feedEvent, isKnownFormat, renderWebhook } from '../../gateway/delivery/format.ts';

const records = JSON.parse(
  readFileSync(new URL('../../adapters/ocds/fixtures/standard/gulou-school-computers.json', import.meta.url), 'utf8'),
) as StandardRecord[];
const config = ocdsAdapter.manifest.configExamples[0] as Record<string, unknown>;
const formats = adapterFormats(createAdapterHost(), () => config);
const SCHEMA = 'https://procurement-exchange.example/schemas/v1/notice.schema.json';

describe('adapter outbound formats', () => {
  const envelope = envelopeFor(records[0]!, 'fj-gpms', SCHEMA, new Date('2026-03-01T00:00:00Z'));

  it('knows adapters with an outbound mapping as formats, and no others', () => {
    expect(isKnownFormat('adapter:ocds', formats)).toBe(true);
    expect(isKnownFormat('adapter:nope', formats)).toBe(false);
    expect(isKnownFormat('xml', formats)).toBe(false);
  });

  it('puts the native OCDS release package in the webhook body, with the event attributes as ce- headers', () => {
    const message = renderWebhook(envelope, 'adapter:ocds', formats, 'ocds-hub');
    expect(message.headers['content-type']).toBe('application/json');
    expect(message.headers['ce-id']).toBe(envelope.id);
    const body = JSON.parse(Buffer.from(message.body).toString('utf8'));
    expect(body.releases[0].ocid).toBe(records[0]!.ocid);
  });

  it('replaces a feed event’s data with the native form and its content type', () => {
    const event = feedEvent(envelope, 'adapter:ocds', formats, 'ocds-hub');
    expect(event).toMatchObject({ id: envelope.id, datacontenttype: 'application/json' });
    expect((event.data as { releases: { ocid: string }[] }).releases[0]!.ocid).toBe(records[0]!.ocid);
  });

  it('fails loudly for a record the adapter cannot map, so that the worker dead-letters it', () => {
    const bare = envelopeFor(
      {
        recordType: 'transaction',
        id: 'T-1',
        version: 1,
        operation: 'create',
        regionCode: '350102',
        transactionId: 'O-1',
        transactionType: 'order',
      },
      'fj-gpms',
      SCHEMA,
      new Date(),
    );
    expect(() => renderWebhook(bare, 'adapter:ocds', formats, 'ocds-hub')).toThrow(/adapter\./);
  });
});
