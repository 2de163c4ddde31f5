/**
 * Bad input answered exactly: each refusal has its status, its problem code and a pointer (or line)
 * naming where, never a 5xx, and changes nothing; in a batch a bad record fails alone.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../support/gateway.ts';
import { asSystem } from '../support/gateway.ts';
import { tenderNotice } from '../support/records.ts';
import { keys } from '../support/registry.ts';
import { adapterSystem, MAX_BODY, snapshot, startHostileGateway } from './support.ts';

const fujian = asSystem(keys.fujian);
let gw: TestGateway;

beforeAll(async () => {
  gw = await startHostileGateway();
});
afterAll(async () => {
  await gw?.close();
});

type Problem = { code: string; status: number; errors: { pointer: string; keyword: string; message: string }[] };

/** A fresh tender notice as JSON text with one member replaced by raw JSON text. */
function withRaw(member: string, raw: string, record = tenderNotice()): string {
  return JSON.stringify({ ...record, [member]: '__RAW__' }).replace('"__RAW__"', raw);
}

async function push(body: string | Uint8Array, path = '/v1/records', contentType = 'application/json') {
  const res = await gw.app.request(path, { method: 'POST', headers: { ...fujian, 'content-type': contentType }, body });
  return { status: res.status, body: (await res.json()) as Problem & Record<string, unknown> };
}

/** Pushes `body` and expects a refusal with `status` and `code` that changes nothing. */
async function refused(body: string | Uint8Array, status: number, code: string): Promise<Problem> {
  const before = await snapshot(gw);
  const res = await push(body);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.code).toBe(code);
  expect(await snapshot(gw)).toEqual(before);
  return res.body;
}

describe('lone surrogates and bytes that are not UTF-8', () => {
  it('refuses a lone surrogate escape with 400 malformed_request and its pointer', async () => {
    const problem = await refused(withRaw('title', '"招标\\ud800公告"'), 400, 'malformed_request');
    expect(problem.errors[0]).toMatchObject({ pointer: '/title', keyword: 'surrogate' });
  });

  it('refuses a lone low surrogate nested in an array, pointing at it', async () => {
    const record = tenderNotice();
    const problem = await refused(
      withRaw('parties', JSON.stringify(record.parties).replace('"name":"', '"name":"\\udc00'), record),
      400,
      'malformed_request',
    );
    expect(problem.errors[0]!.pointer).toBe('/parties/0/name');
  });

  it('accepts a well-formed surrogate pair escape', async () => {
    expect((await push(withRaw('title', '"招标公告 \\ud83d\\udcc4"'))).status).toBe(201);
  });

  it('refuses bytes that are not UTF-8 with the line and byte offset', async () => {
    const text = JSON.stringify(tenderNotice(), null, 2);
    const at = text.indexOf('\n') + 1;
    const bytes = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xff]), Buffer.from(text.slice(at))]);
    const problem = await refused(bytes, 400, 'malformed_request');
    expect(problem.errors[0]!.message).toContain(`line 2, byte offset ${at}`);
  });
});

describe('integers JSON.parse would round', () => {
  for (const [name, raw] of [
    ['2^53 + 1', '9007199254740993'],
    ['1e308', '1e308'],
    ['1e3 where an integer is required', '1e3'],
    ['-2^63', '-9223372036854775808'],
  ] as const) {
    it(`refuses a version of ${name} with 422 record_limits_exceeded at /version`, async () => {
      const problem = await refused(withRaw('version', raw), 422, 'record_limits_exceeded');
      expect(problem.errors[0]).toMatchObject({ pointer: '/version', keyword: 'safeInteger' });
      expect(problem.errors[0]!.message).toContain(raw);
    });
  }

  it('refuses an unsafe integer anywhere in a record, not only in version', async () => {
    const record = tenderNotice();
    const tender = JSON.stringify(record.tender).replace(/"amount":\d+/, '"amount":12345678901234567890');
    const problem = await refused(withRaw('tender', tender, record), 422, 'record_limits_exceeded');
    expect(problem.errors[0]!.pointer).toMatch(/^\/tender\/.*amount$/);
  });

  it('refuses a safe version above 2^31 − 1 by the schema', async () => {
    const problem = await refused(withRaw('version', '2147483648'), 422, 'record_invalid');
    expect(problem.errors.map((e) => e.pointer)).toContain('/version');
  });

  it('refuses an amount above 10^13 − 0.01 yuan by the schema', async () => {
    const record = tenderNotice();
    const tender = JSON.stringify(record.tender).replace(/"amount":\d+/, '"amount":10000000000000');
    const problem = await refused(withRaw('tender', tender, record), 422, 'record_invalid');
    expect(problem.errors.some((e) => e.keyword === 'maximum' && e.pointer.endsWith('/amount'))).toBe(true);
  });
});

describe('identifiers with control or format characters', () => {
  for (const [name, char] of [
    ['a right-to-left override', '\u202e'],
    ['a first-strong isolate', '\u2068'],
    ['a zero-width space', '\u200b'],
    ['a byte-order mark', '\ufeff'],
    ['a line break', '\u0085'],
    ['an escape', '\u001b'],
  ] as const) {
    it(`refuses a record id holding ${name}`, async () => {
      const record = tenderNotice();
      const problem = await refused(JSON.stringify({ ...record, id: `${record.id}${char}x` }), 422, 'record_invalid');
      expect(problem.errors).toContainEqual(expect.objectContaining({ pointer: '/id', keyword: 'plain-id' }));
    });
  }

  it('refuses an ocid holding a bidi override', async () => {
    const record = tenderNotice();
    const problem = await refused(JSON.stringify({ ...record, ocid: `${record.ocid}\u202d` }), 422, 'record_invalid');
    expect(problem.errors).toContainEqual(expect.objectContaining({ pointer: '/ocid', keyword: 'plain-id' }));
  });

  it('answers a record path id with a bidi override as not found, saying why', async () => {
    const res = await gw.app.request(`/v1/records/${encodeURIComponent('n-1\u202e')}`, { headers: fujian });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { detail: string }).detail).toContain('U+202E');
  });
});

describe('batches with one bad record', () => {
  it('fails only the bad lines of an NDJSON batch, each with its index', async () => {
    const good = () => JSON.stringify(tenderNotice());
    const body = Buffer.concat([
      Buffer.from(`${good()}\n${withRaw('title', '"\\ud800"')}\n`),
      Buffer.from([0x7b, 0xff, 0x7d, 0x0a]),
      Buffer.from(`${withRaw('version', '9007199254740993')}\n${good()}\n`),
    ]);
    const before = await snapshot(gw);
    const res = await push(body, '/v1/records/batch', 'application/x-ndjson');
    expect(res.status).toBe(200);
    const results = res.body['results'] as { index: number; status: number; problem?: Problem }[];
    expect(results.map((r) => [r.index, r.status, r.problem?.code])).toEqual([
      [0, 201, undefined],
      [1, 400, 'malformed_request'],
      [2, 400, 'malformed_request'],
      [3, 422, 'record_limits_exceeded'],
      [4, 201, undefined],
    ]);
    expect(results[1]!.problem!.errors[0]!.pointer).toBe('/title');
    expect((await snapshot(gw)).logEvents).toBe(before.logEvents + 2);
  });

  it('fails only the bad record of a JSON-array batch, its pointer relative to the record', async () => {
    const body = `[${JSON.stringify(tenderNotice())},${withRaw('title', '"\\udfff"')},${withRaw('version', '1e308')}]`;
    const before = await snapshot(gw);
    const res = await push(body, '/v1/records/batch');
    expect(res.status).toBe(200);
    const results = res.body['results'] as { status: number; problem?: Problem }[];
    expect(results.map((r) => [r.status, r.problem?.errors[0]?.pointer])).toEqual([
      [201, undefined],
      [400, '/title'],
      [422, '/version'],
    ]);
    expect((await snapshot(gw)).logEvents).toBe(before.logEvents + 1);
  });

  it('refuses a JSON-array batch that is not UTF-8 as a whole, naming the byte', async () => {
    const before = await snapshot(gw);
    const res = await push(Buffer.concat([Buffer.from('[{"a":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}]')]), '/v1/records/batch');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('malformed_request');
    expect(res.body.errors[0]!.message).toContain('byte offset 7');
    expect(await snapshot(gw)).toEqual(before);
  });
});

describe('native inbound limits', () => {
  const emall = adapterSystem('emall');
  const inbound = (body: string) =>
    gw.app.request(`/v1/systems/${emall.id}/inbound`, {
      method: 'POST',
      headers: { ...asSystem(emall.key), 'content-type': 'application/json' },
      body,
    });

  it('refuses a page of 10 000 empty events (30 KB) by its count with 413 adapter.too-large, changing nothing', async () => {
    const before = await snapshot(gw);
    const res = await inbound(JSON.stringify({ events: Array.from({ length: 10_000 }, () => ({})) }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as Problem).code).toBe('adapter.too-large');
    expect(await snapshot(gw)).toEqual(before);
  });

  it('holds native bodies to the batch route’s byte limit', async () => {
    const before = await snapshot(gw);
    const res = await inbound(JSON.stringify({ events: [], padding: 'x'.repeat(4 * MAX_BODY + 1) }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as Problem).code).toBe('payload_too_large');
    expect(await snapshot(gw)).toEqual(before);
  });
});

describe('lone surrogates through native inbound', () => {
  const fixture = (adapter: string, file: string) =>
    readFileSync(new URL(`../../adapters/${adapter}/fixtures/native/${file}`, import.meta.url), 'utf8');
  const cases: [string, string, string][] = [
    ['emall', 'application/json', fixture('emall', 'pushed-order.json').replace('台式计算机', '\\ud800')],
    ['ocds', 'application/json', fixture('ocds', 'gulou-school-computers.json').replace('鼓楼', '\\udc00')],
  ];
  for (const [adapter, contentType, body] of cases) {
    it(`refuses a lone surrogate in a ${adapter} payload with 400 adapter.malformed naming the record field, never 500`, async () => {
      const system = adapterSystem(adapter);
      const before = await snapshot(gw);
      const res = await gw.app.request(`/v1/systems/${system.id}/inbound`, {
        method: 'POST',
        headers: { ...asSystem(system.key), 'content-type': contentType },
        body,
      });
      const problem = (await res.json()) as Problem;
      expect(res.status, JSON.stringify(problem)).toBe(400);
      expect(problem.code).toBe('adapter.malformed');
      expect(problem.errors[0]).toMatchObject({ keyword: 'surrogate', pointer: expect.stringMatching(/^\/records\/\d+\//) });
      expect(await snapshot(gw)).toEqual(before);
    });
  }
});
