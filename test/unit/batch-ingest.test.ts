import { describe, expect, it } from 'vitest';
import { type BatchDeps, BatchIngest, type BatchOutcome } from '../../gateway/ingest/batch.ts';
import type { IngestResult } from '../../gateway/ingest/pipeline.ts';
import type { SystemEntry } from '../../gateway/registry/types.ts';

const system = { id: 'fj-gpms' } as SystemEntry;
const limits = { maxBatchRecords: 3, maxDepth: 8, maxStringLength: 100 };
const bytes = (text: string) => new TextEncoder().encode(text);

/** A batch service over a pipeline that accepts every input (or answers `answer`) and an in-memory store of answers. */
function service(answer?: (input: unknown) => IngestResult) {
  const ingested: unknown[][] = [];
  const stored = new Map<string, { requestHash: string; status: number; body: string }>();
  const deps: BatchDeps = {
    pipeline: {
      ingest: async (_system, inputs) => {
        ingested.push(inputs);
        return inputs.map(
          (input) => answer?.(input) ?? ({ ok: true, duplicate: false, warnings: [], receipt: { input } } as unknown as IngestResult),
        );
      },
    },
    store: {
      batchResult: async (systemId, key) => stored.get(`${systemId}/${key}`) ?? null,
      saveBatchResult: async (systemId, key, value) => void stored.set(`${systemId}/${key}`, value),
    },
    limits,
  };
  return { batches: new BatchIngest(deps), ingested, stored };
}

/** Renders outcomes as their ok flag and code, one per record. */
const render = (outcomes: BatchOutcome[]) => JSON.stringify(outcomes.map((o) => (o.ok ? 'ok' : o.code)));

describe('batch ingest', () => {
  it('hands only the readable NDJSON lines to the pipeline and answers every line in its place', async () => {
    const { batches, ingested } = service();
    const body = Buffer.concat([bytes('{"a":1}\n\n{"b":"\\ud800"}\n'), Buffer.from([0xff, 0x0a]), bytes('{"c":3}\n')]);
    // Four non-blank lines against a limit of three: refused by count before anything is parsed.
    expect(await batches.ingest(system, { body, contentType: 'application/x-ndjson' }, render)).toMatchObject({
      ok: false,
      code: 'batch_too_large',
    });
    expect(ingested).toEqual([]);
    const answer = await batches.ingest(
      system,
      { body: bytes('{"a":1}\n\n{"b":"\\ud800"}\n{"c":9007199254740993}\n'), contentType: 'application/x-ndjson' },
      render,
    );
    expect(answer).toEqual({ ok: true, status: 200, replayed: false, body: '["ok","malformed_request","record_limits_exceeded"]' });
    expect(ingested).toEqual([[{ a: 1 }]]);
  });

  it('fails one record of a JSON array alone and refuses an array over the limit before ingesting any', async () => {
    const { batches, ingested } = service();
    const answer = await batches.ingest(
      system,
      { body: bytes('[{"a":1},{"b":"\\udc00"},{"c":1e3}]'), contentType: 'application/json' },
      render,
    );
    expect(answer).toMatchObject({ ok: true, body: '["ok","malformed_request","record_limits_exceeded"]' });
    expect(await batches.ingest(system, { body: bytes('[1,2,3,4]'), contentType: 'application/json' }, render)).toMatchObject({
      ok: false,
      code: 'batch_too_large',
    });
    expect(await batches.ingest(system, { body: bytes('{"a":1}'), contentType: 'application/json' }, render)).toMatchObject({
      ok: false,
      code: 'malformed_request',
    });
    expect(ingested).toEqual([[{ a: 1 }]]);
  });

  it('replays the stored answer of a repeated Idempotency-Key without ingesting again, and refuses the key for another body', async () => {
    const { batches, ingested, stored } = service();
    const request = { body: bytes('[{"a":1}]'), contentType: 'application/json', idempotencyKey: 'key-1' };
    const first = await batches.ingest(system, request, render);
    expect(first).toMatchObject({ ok: true, replayed: false });
    expect(stored.size).toBe(1);
    const again = await batches.ingest(system, request, () => 'rendered again');
    expect(again).toEqual({ ok: true, status: 200, replayed: true, body: (first as { body: string }).body });
    expect(ingested).toHaveLength(1);
    const other = await batches.ingest(system, { ...request, body: bytes('[{"a":2}]') }, render);
    expect(other).toMatchObject({ ok: false, code: 'idempotency_key_reused' });
    expect(ingested).toHaveLength(1);
  });

  it('replays a keyed batch in the language of the request that repeats it', async () => {
    const { batches, ingested } = service();
    const byLang = (_: BatchOutcome[], inputs: unknown[], lang: 'zh' | 'en') => JSON.stringify({ lang, inputs });
    const request = { body: bytes('[{"id":"r-1","version":2}]'), contentType: 'application/json', idempotencyKey: 'key-lang' };
    const first = await batches.ingest(system, { ...request, lang: 'zh' }, byLang);
    expect(first).toMatchObject({ ok: true, replayed: false, body: '{"lang":"zh","inputs":[{"id":"r-1","version":2}]}' });
    const again = await batches.ingest(system, { ...request, lang: 'en' }, byLang);
    expect(again).toEqual({ ok: true, status: 200, replayed: true, body: '{"lang":"en","inputs":[{"id":"r-1","version":2}]}' });
    expect(ingested).toHaveLength(1);
  });

  it('refuses an Idempotency-Key with control characters before looking it up', async () => {
    const { batches, ingested } = service();
    const answer = await batches.ingest(system, { body: bytes('[]'), contentType: 'application/json', idempotencyKey: 'a\u0001b' }, render);
    expect(answer).toMatchObject({ ok: false, code: 'malformed_request', errors: [{ keyword: 'idempotencyKey' }] });
    expect(ingested).toEqual([]);
  });

  it('stores nothing when the log is unavailable, so a retry with the same key ingests again', async () => {
    const { batches, stored } = service(() => ({ ok: false, code: 'log_unavailable', errors: [] }));
    const answer = await batches.ingest(
      system,
      { body: bytes('[{"a":1}]'), contentType: 'application/json', idempotencyKey: 'key-2' },
      render,
    );
    expect(answer).toEqual({ ok: false, code: 'log_unavailable' });
    expect(stored.size).toBe(0);
  });
});
