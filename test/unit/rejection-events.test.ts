/**
 * Which refusals become rejection events, and what they carry (the Kafka side is
 * test/integration/rejected-topic.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { IngestResult } from '../../gateway/ingest/pipeline.ts';
import { rejectionEvents, rejectionPublisher } from '../../gateway/ingest/rejections.ts';
import type { RejectionEvent } from '../../gateway/log/port.ts';
import type { SystemEntry } from '../../gateway/registry/types.ts';

const AT = '2026-03-02T10:00:00.000Z';
const item = (n: number) => ({ pointer: `/parties/${n}/id`, keyword: 'PX-R008', message: { zh: `问题 ${n}`, en: `problem ${n}` } });
const refused = (code: string, count = 1) =>
  ({ ok: false, code, errors: Array.from({ length: count }, (_, n) => item(n)) }) as IngestResult;

describe('rejection events', () => {
  it('describes each refused input by id, version and process key, in input order', () => {
    const notice = { recordType: 'notice', id: 'N-1', version: 3, ocid: 'ocds-px0001-P1', title: 'secret' };
    const order = { recordType: 'transaction', id: 'T-1', version: 1, transactionId: 'ORD-1' };
    expect(rejectionEvents('fj-gpms', [notice, order], [refused('record_invalid'), refused('version_stale')], AT)).toEqual([
      {
        systemId: 'fj-gpms',
        recordId: 'N-1',
        version: 3,
        processKey: 'ocds-px0001-P1',
        code: 'record_invalid',
        errors: [item(0)],
        receivedAt: AT,
      },
      { systemId: 'fj-gpms', recordId: 'T-1', version: 1, processKey: 'ORD-1', code: 'version_stale', errors: [item(0)], receivedAt: AT },
    ]);
  });

  it('leaves out what the input does not say, or says in no usable form', () => {
    const inputs = [42, { id: 7, version: 'two', ocid: 'x'.repeat(201) }];
    expect(rejectionEvents('fj-gpms', inputs, [refused('record_invalid'), refused('record_invalid')], AT)).toEqual([
      { systemId: 'fj-gpms', code: 'record_invalid', errors: [item(0)], receivedAt: AT },
      { systemId: 'fj-gpms', code: 'record_invalid', errors: [item(0)], receivedAt: AT },
    ]);
  });

  it('skips accepted records and refusals because the log could not take writes', () => {
    const accepted = { ok: true, duplicate: false, warnings: [], receipt: {} } as unknown as IngestResult;
    expect(rejectionEvents('fj-gpms', [{}, {}], [accepted, refused('log_unavailable')], AT)).toEqual([]);
  });

  it('carries at most the first 50 problems', () => {
    const [event] = rejectionEvents('fj-gpms', [{}], [refused('record_invalid', 120)], AT);
    expect(event?.errors).toHaveLength(50);
    expect(event?.errors[49]).toEqual(item(49));
  });
});

describe('the rejection publisher', () => {
  const system = { id: 'fj-gpms' } as SystemEntry;

  it('hands the events to the log without waiting for it, and reports its failure to onError only', async () => {
    const published: RejectionEvent[][] = [];
    const failures: unknown[] = [];
    let settle!: (value: unknown) => void;
    const log = {
      publishRejections: (events: RejectionEvent[]) => {
        published.push(events);
        return new Promise<void>((_, reject) => {
          settle = reject;
        });
      },
    };
    const observer = rejectionPublisher(log, (error) => failures.push(error));
    // Returns synchronously although the publication is still pending.
    expect(observer.ingested(system, [{ id: 'N-1' }], [refused('record_invalid')], 5)).toBeUndefined();
    expect(published).toHaveLength(1);
    settle(new Error('broker gone'));
    await new Promise((r) => setImmediate(r));
    expect(failures).toEqual([new Error('broker gone')]);
  });

  it('does nothing for a log without a rejected topic, or for a call without refusals', () => {
    expect(() => rejectionPublisher({}).ingested(system, [{}], [refused('record_invalid')], 1)).not.toThrow();
    let calls = 0;
    const log = {
      publishRejections: async () => {
        calls++;
      },
    };
    const accepted = { ok: true, duplicate: false, warnings: [], receipt: {} } as unknown as IngestResult;
    rejectionPublisher(log).ingested(system, [{}, {}], [accepted, refused('log_unavailable')], 1);
    expect(calls).toBe(0);
    rejectionPublisher(log).ingested(system, [{}], [refused('record_invalid')], 1);
    expect(calls).toBe(1);
  });
});
