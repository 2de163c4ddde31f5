import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  contentHash,
  dataJson,
  dataschemaUrl,
  envelopeFor,
  envelopeJson,
  eventIdFor,
  hashOfCanonical,
} from '../../gateway/core/envelope.ts';
import { tenderNotice } from '../support/records.ts';

const SCHEMA = 'https://procurement-exchange.example/schemas/v1/notice.schema.json';

describe('envelope serialisation', () => {
  it('writes an envelope built with the canonical record text as the same JSON value, the record in canonical form', () => {
    const record = tenderNotice();
    const canonical = canonicalJson(record);
    const hash = hashOfCanonical(canonical);
    const envelope = envelopeFor(
      record,
      'fj-gpms',
      SCHEMA,
      new Date('2026-03-01T01:00:00Z'),
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      {
        hash,
        eventId: eventIdFor(record.id, record.version, hash),
        canonical,
      },
    );
    expect(hash).toBe(contentHash(record));
    expect(JSON.parse(envelopeJson(envelope))).toEqual(JSON.parse(JSON.stringify(envelope)));
    expect(envelopeJson(envelope)).toContain(`"data":${canonical}`);
    expect(dataJson(envelope)).toBe(canonical);
  });

  it('serialises an envelope built without the text as JSON.stringify does', () => {
    const envelope = envelopeFor(tenderNotice(), 'fj-gpms', SCHEMA, new Date());
    expect(envelopeJson(envelope)).toBe(JSON.stringify(envelope));
    expect(dataJson(envelope)).toBe(JSON.stringify(envelope.data));
  });
});

describe('the dataschema an envelope names', () => {
  it('is the schema as the gateway serves it under its public URL', () => {
    expect(dataschemaUrl(SCHEMA, 'https://pxg.czt.fujian.gov.cn')).toBe('https://pxg.czt.fujian.gov.cn/schemas/v1/notice.schema.json');
    expect(dataschemaUrl(SCHEMA, 'https://gw.example.gov.cn/pxg/')).toBe('https://gw.example.gov.cn/pxg/schemas/v1/notice.schema.json');
  });

  it('stays the schema $id when no public URL is configured', () => {
    expect(dataschemaUrl(SCHEMA, undefined)).toBe(SCHEMA);
  });
});
