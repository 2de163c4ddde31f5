/**
 * A corpus of malformed and malicious requests, in-process: each one is refused with a 4xx problem
 * (application/problem+json), never a 5xx, changes nothing (log, journal, Object.prototype), and
 * the gateway serves a normal push right afterwards.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../gateway/http/middleware/signature.ts';
import type { TestGateway } from '../support/gateway.ts';
import { asSystem } from '../support/gateway.ts';
import { tenderNotice } from '../support/records.ts';
import { keys, signedSecret } from '../support/registry.ts';
import { adapterSystem, MAX_BODY, snapshot, startHostileGateway } from './support.ts';

/** One hostile request. */
interface Attack {
  name: string;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Expected status (any 4xx when absent). */
  status?: number;
}

const valid = () => JSON.stringify(tenderNotice());
const fujian = asSystem(keys.fujian);
const ntp = adapterSystem('national-trading-platform');
const ntpFixture = (name: string) =>
  readFileSync(new URL(`../../adapters/national-trading-platform/fixtures/invalid/${name}`, import.meta.url));
/** A tender notice with one top-level member set to raw JSON text (appended: the last duplicate wins in JSON.parse). */
const withMember = (member: string, rawValue: string) => valid().replace(/\}$/, `,"${member}":${rawValue}}`);

const ATTACKS: Attack[] = [
  // Not JSON, or not UTF-8
  { name: 'truncated JSON', body: valid().slice(0, 200), status: 400 },
  { name: 'JSON with trailing garbage', body: `${valid()}}`, status: 400 },
  { name: 'a bare literal', body: 'nul', status: 400 },
  { name: 'an empty body', body: '', status: 400 },
  { name: 'invalid UTF-8 bytes', body: new Uint8Array([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), status: 400 },
  { name: 'an overlong UTF-8 encoding of "/"', body: new Uint8Array([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d]), status: 400 },
  { name: 'UTF-16 instead of UTF-8', body: new Uint8Array(Buffer.from(`\ufeff${valid()}`, 'utf16le')), status: 400 },
  // Shapes meant to exhaust the parser or the validator
  { name: 'arrays nested 100 000 deep', body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` },
  { name: 'objects nested 5 000 deep', body: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}` },
  { name: 'a record nested past the depth limit', body: withMember('extra', `${'['.repeat(40)}1${']'.repeat(40)}`), status: 422 },
  { name: 'a huge number', body: withMember('version', '1e400'), status: 422 },
  { name: 'a number with 5 000 digits', body: withMember('version', '9'.repeat(5000)), status: 422 },
  { name: 'a negative zero version', body: withMember('version', '-0'), status: 422 },
  { name: 'a version JSON.parse would round (2^53 + 1)', body: withMember('version', '9007199254740993'), status: 422 },
  { name: 'a version written with an exponent (1e308)', body: withMember('version', '1e308'), status: 422 },
  { name: 'a lone surrogate escape', body: withMember('title', '"\\ud800"'), status: 400 },
  { name: 'a lone surrogate escape in a key', body: withMember('x\\udfff', '1'), status: 400 },
  { name: 'a record id with a right-to-left override', body: withMember('id', '"n-1\\u202e"'), status: 422 },
  { name: 'a string over the string limit', body: JSON.stringify({ ...tenderNotice(), title: 'x'.repeat(60_000) }), status: 422 },
  { name: 'a body over the size limit', body: JSON.stringify({ ...tenderNotice(), description: '采'.repeat(MAX_BODY) }), status: 413 },
  {
    name: 'a declared length over the limit',
    headers: { ...fujian, 'content-length': String(MAX_BODY * 100) },
    body: valid(),
    status: 413,
  },
  // Keys meant to confuse: duplicates, prototype pollution
  {
    name: 'a duplicate key whose last value is invalid',
    body: valid()
      .replace(/^\{/, '{"recordType":"notice",')
      .replace(/"recordType":"notice"(?![\s\S]*"recordType")/, '"recordType":"bogus"'),
    status: 422,
  },
  { name: 'a __proto__ key', body: withMember('__proto__', '{"polluted":true}'), status: 422 },
  { name: 'a nested __proto__ key', body: withMember('buyer', '{"__proto__":{"polluted":true}}'), status: 422 },
  { name: 'a constructor.prototype key', body: withMember('constructor', '{"prototype":{"polluted":true}}'), status: 422 },
  { name: 'an array where a record belongs', body: `[${valid()}]`, status: 422 },
  // Wrong or missing media types
  { name: 'no content type', headers: { authorization: fujian.authorization! }, body: valid(), status: 415 },
  { name: 'text/plain', headers: { ...fujian, 'content-type': 'text/plain' }, body: valid(), status: 415 },
  {
    name: 'a form',
    headers: { ...fujian, 'content-type': 'application/x-www-form-urlencoded' },
    body: `a=${encodeURIComponent(valid())}`,
    status: 415,
  },
  {
    name: 'JSON declared as latin-1',
    headers: { ...fujian, 'content-type': 'application/json; charset=iso-8859-1' },
    body: valid(),
    status: 415,
  },
  { name: 'XML to the JSON route', headers: { ...fujian, 'content-type': 'application/xml' }, body: '<a/>', status: 415 },
  // Signatures: forged, stale, and a system that must sign but does not
  {
    name: 'an unsigned push of a signing system',
    headers: asSystem(keys.signed),
    body: JSON.stringify(tenderNotice({ regionCode: '330102' })),
    status: 401,
  },
  {
    name: 'a signature made with another secret',
    headers: signedHeaders('not-the-secret-of-this-system-0123456789', JSON.stringify(tenderNotice({ regionCode: '330102' }))),
    body: '',
    status: 401,
  },
  {
    name: 'a signature over another body',
    headers: signedHeaders(signedSecret, JSON.stringify(tenderNotice({ regionCode: '330102' }))),
    body: JSON.stringify(tenderNotice({ regionCode: '330102' })),
    status: 401,
  },
  {
    name: 'a signature from an hour ago',
    headers: signedHeaders(signedSecret, JSON.stringify(tenderNotice({ regionCode: '330102' })), Math.floor(Date.now() / 1000) - 3600),
    body: '',
    status: 401,
  },
  // Publishing for someone else
  {
    name: 'Fuzhou publishing in Xiamen',
    headers: asSystem(keys.fuzhou),
    body: JSON.stringify(tenderNotice({ regionCode: '350203' })),
    status: 403,
  },
  { name: 'a subscriber publishing', headers: asSystem(keys.platform), body: valid(), status: 403 },
  {
    name: "pushing to another system's native inbound",
    path: '/v1/systems/fj-gpms/inbound',
    headers: { ...asSystem(keys.fuzhou), 'content-type': 'text/csv' },
    body: 'a,b\n1,2\n',
    status: 403,
  },
  // XML entity attacks through the trading platform's native inbound
  {
    name: 'billion laughs',
    path: `/v1/systems/${ntp.id}/inbound`,
    headers: { ...asSystem(ntp.key), 'content-type': 'application/xml' },
    body: ntpFixture('billion-laughs.xml'),
  },
  {
    name: 'an external entity (XXE)',
    path: `/v1/systems/${ntp.id}/inbound`,
    headers: { ...asSystem(ntp.key), 'content-type': 'application/xml' },
    body: ntpFixture('doctype-external-entity.xml'),
  },
  {
    name: 'an undeclared entity',
    path: `/v1/systems/${ntp.id}/inbound`,
    headers: { ...asSystem(ntp.key), 'content-type': 'application/xml' },
    body: ntpFixture('undeclared-entity.xml'),
  },
  // Batches
  { name: 'a batch that is an object', path: '/v1/records/batch', body: valid(), status: 400 },
  {
    name: 'a batch over the record limit',
    path: '/v1/records/batch',
    body: `[${Array.from({ length: 1001 }, () => '{}').join(',')}]`,
    status: 413,
  },
  {
    name: 'a batch with a reused Idempotency-Key and another body',
    path: '/v1/records/batch',
    headers: { ...fujian, 'idempotency-key': 'hostile-reused-key' },
    body: '[{}]',
    status: 422,
  },
  {
    name: 'an Idempotency-Key with control characters',
    path: '/v1/records/batch',
    headers: { ...fujian, 'idempotency-key': 'a\u0001b' },
    body: '[]',
  },
];

/** Headers of a request signed with `secret` over `signedBody` (sent with whatever body the attack carries). */
function signedHeaders(secret: string, signedBody: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const nonce = `hostile-${Math.random().toString(36).slice(2, 12)}`;
  const signature = signRequest(secret, {
    timestamp: String(timestamp),
    nonce,
    method: 'POST',
    pathAndQuery: '/v1/records',
    body: new TextEncoder().encode(signedBody),
  });
  return { ...asSystem(keys.signed), 'x-pxg-timestamp': String(timestamp), 'x-pxg-nonce': nonce, 'x-pxg-signature': signature };
}

let gw: TestGateway;

beforeAll(async () => {
  // Signs with the legacy X-PXG headers; their end date is tested in test/http/signature.test.ts.
  gw = await startHostileGateway({ PXG_LEGACY_SIGNATURE_UNTIL: '2099-12-31' });
  // The key the reuse attack replays, first used for an empty batch.
  const first = await gw.app.request('/v1/records/batch', {
    method: 'POST',
    headers: { ...fujian, 'idempotency-key': 'hostile-reused-key' },
    body: '[]',
  });
  expect(first.status).toBe(200);
});
afterAll(async () => {
  await gw?.close();
});

describe('hostile requests', () => {
  for (const attack of ATTACKS) {
    it(`refuses ${attack.name} with a 4xx problem and changes nothing`, async () => {
      const before = await snapshot(gw);
      const body =
        typeof attack.body === 'string' && attack.body === '' && attack.headers?.['x-pxg-signature']
          ? JSON.stringify(tenderNotice({ regionCode: '330102' }))
          : attack.body;
      const res = await gw.app.request(attack.path ?? '/v1/records', {
        method: attack.method ?? 'POST',
        headers: attack.headers ?? fujian,
        ...(body === undefined ? {} : { body }),
      });
      const text = await res.text();
      if (attack.status) expect(res.status, text).toBe(attack.status);
      expect(res.status, text).toBeGreaterThanOrEqual(400);
      expect(res.status, text).toBeLessThan(500);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(text)).toMatchObject({ status: res.status, type: expect.stringMatching(/^https:\/\//) });
      expect(await snapshot(gw)).toEqual(before);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });
  }

  it('replays nothing: a signed push succeeds once and its replay is refused', async () => {
    const record = JSON.stringify(tenderNotice({ regionCode: '330102' }));
    const headers = signedHeaders(signedSecret, record);
    expect((await gw.app.request('/v1/records', { method: 'POST', headers, body: record })).status).toBe(201);
    const before = await snapshot(gw);
    const replay = await gw.app.request('/v1/records', { method: 'POST', headers, body: record });
    expect(replay.status).toBe(401);
    expect(replay.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await snapshot(gw)).toEqual(before);
  });

  it('still accepts a normal push after the whole corpus', async () => {
    const res = await gw.app.request('/v1/records', { method: 'POST', headers: fujian, body: valid() });
    expect(res.status).toBe(201);
  });
});
