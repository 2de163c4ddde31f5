/**
 * Answers a person can act on: every per-record batch result names the record and version, a replay
 * answers in the language of the repeating request, and a version gap is accepted (docs/api.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { headerRecord } from '../support/records.ts';
import { keys } from '../support/registry.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

function batch(lang: 'en' | 'zh-CN', records: unknown[], headers: Record<string, string> = {}) {
  return gw.app.request('/v1/records/batch', {
    method: 'POST',
    body: JSON.stringify(records),
    headers: { ...asSystem(keys.fujian, lang), ...headers },
  });
}

describe('batch results', () => {
  it('name the record id and version of accepted and rejected records alike', async () => {
    const good = headerRecord();
    const res = await batch('en', [good, { ...good, id: `${good.id}-2`, version: 0 }, 'not a record']);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(
      body.results.map((r: { index: number; recordId?: string; version?: number; status: number }) => [
        r.index,
        r.recordId,
        r.version,
        r.status,
      ]),
    ).toEqual([
      [0, good.id, good.version, 201],
      [1, `${good.id}-2`, 0, 422],
      [2, undefined, undefined, 422],
    ]);
  });

  it('replay a keyed batch in the language of the repeating request, not of the first one', async () => {
    const record = headerRecord();
    const records = [record, { ...record, id: `${record.id}-2`, version: 0 }];
    const first = await json(await batch('zh-CN', records, { 'idempotency-key': 'answers-lang-1' }));
    expect(first.results[1].problem.title).toBe('记录不符合数据标准');
    const res = await batch('en', records, { 'idempotency-key': 'answers-lang-1' });
    expect(res.headers.get('idempotent-replayed')).toBe('true');
    const again = await json(res);
    expect(again.results[1].problem.title).toBe('Record does not conform to the standard');
    expect(again.results[0].receipt).toEqual(first.results[0].receipt);
  });
});

describe('version policy', () => {
  it('accepts a version gap (v1 then v5) and then refuses v3 as stale, naming v6 as the next', async () => {
    const v1 = headerRecord();
    expect((await json(await batch('en', [v1]))).results[0].status).toBe(201);
    expect((await json(await batch('en', [{ ...v1, version: 5, operation: 'update' }]))).results[0].status).toBe(201);
    const stale = (await json(await batch('en', [{ ...v1, version: 3, operation: 'update' }]))).results[0];
    expect(stale).toMatchObject({ recordId: v1.id, version: 3, status: 409, problem: { code: 'version_stale', nextVersion: 6 } });
  });
});
