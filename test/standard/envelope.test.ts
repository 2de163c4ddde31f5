import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envelopeFor } from '../../gateway/core/envelope.ts';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { createStandard, examplePath, NOTICE_SCHEMA_ID } from '../../gateway/standard/index.ts';

const standard = createStandard();
const tender = JSON.parse(readFileSync(examplePath('valid/notice-tender.json'), 'utf8')) as StandardRecord;

describe('envelope schema', () => {
  it('accepts the envelope the gateway builds, with and without a trace parent', () => {
    const plain = envelopeFor(tender, 'fj-zfcg', NOTICE_SCHEMA_ID, new Date('2026-03-02T01:00:05Z'));
    expect(standard.validateEnvelope(plain)).toEqual([]);
    const traced = envelopeFor(tender, 'fj-zfcg', NOTICE_SCHEMA_ID, new Date(), '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(standard.validateEnvelope(traced)).toEqual([]);
  });

  it('rejects an envelope whose type or extension attributes are wrong', () => {
    const envelope = { ...envelopeFor(tender, 'fj-zfcg', NOTICE_SCHEMA_ID, new Date()), type: 'tender', recordversion: 0 } as Record<
      string,
      unknown
    >;
    delete envelope.processkey;
    expect(
      standard
        .validateEnvelope(envelope)
        .map((i) => `${i.pointer} ${i.keyword}`)
        .sort(),
    ).toEqual(['/processkey required', '/recordversion minimum', '/type pattern']);
  });

  it('lists the notice and transaction schema ids as the dataschema values', () => {
    expect(standard.schemaIds()).toEqual([
      'https://procurement-exchange.example/schemas/v1/notice.schema.json',
      'https://procurement-exchange.example/schemas/v1/transaction.schema.json',
    ]);
    const ok = standard.validate(tender);
    expect(ok.ok && ok.dataschema).toBe(NOTICE_SCHEMA_ID);
  });
});

describe('envelope data', () => {
  it('reports problems of the carried record with /data pointers, as the gateway would', () => {
    const record = structuredClone(tender) as Record<string, unknown>;
    record.regionCode = '350199';
    const envelope = envelopeFor(tender, 'fj-zfcg', NOTICE_SCHEMA_ID, new Date());
    expect(standard.validateEnvelope({ ...envelope, data: record }).map((i) => `${i.pointer} ${i.keyword}`)).toEqual([
      '/data/regionCode gbt2260',
    ]);
  });
});
