/**
 * HMAC request signing for systems whose registry entry demands it: timestamp, nonce and body
 * are signed; stale timestamps, wrong signatures and replayed nonces are refused.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signRequest } from '../../gateway/http/middleware/signature.ts';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { headerRecord } from '../support/records.ts';
import { keys, signedSecret } from '../support/registry.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

function signedHeaders(body: string, options: { timestamp?: number; nonce?: string; secret?: string } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(16).toString('hex');
  const signature = signRequest(options.secret ?? signedSecret, {
    timestamp,
    nonce,
    method: 'POST',
    pathAndQuery: '/v1/records',
    body: Buffer.from(body),
  });
  return asSystem(keys.signed, 'en', { 'x-pxg-timestamp': timestamp, 'x-pxg-nonce': nonce, 'x-pxg-signature': signature });
}

const zhejiang = () => JSON.stringify(headerRecord({ regionCode: '330106' }));

async function post(body: string, headers: Record<string, string>) {
  const res = await gw.app.request('/v1/records', { method: 'POST', body, headers });
  return { status: res.status, body: await json(res) };
}

it('accepts a correctly signed request', async () => {
  const body = zhejiang();
  expect((await post(body, signedHeaders(body))).status).toBe(201);
});

it('refuses an unsigned request from a system that must sign', async () => {
  const res = await post(zhejiang(), asSystem(keys.signed));
  expect(res.status).toBe(401);
  expect(res.body).toMatchObject({
    code: 'signature_invalid',
    detail: 'The request must carry X-PXG-Timestamp, X-PXG-Nonce and X-PXG-Signature.',
  });
});

it('refuses a signature made with another secret, or over another body', async () => {
  const body = zhejiang();
  expect((await post(body, signedHeaders(body, { secret: 'another-secret-another-secret-0123' }))).status).toBe(401);
  expect((await post(zhejiang(), signedHeaders(body))).body.detail).toBe('The request signature does not match.');
});

it('refuses a timestamp outside the window', async () => {
  const body = zhejiang();
  const res = await post(body, signedHeaders(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 }));
  expect(res.status).toBe(401);
  expect(res.body.detail).toBe('The request timestamp is outside the accepted window.');
});

it('refuses a replayed nonce', async () => {
  const body = zhejiang();
  const headers = signedHeaders(body);
  expect((await post(body, headers)).status).toBe(201);
  const replay = await post(body, headers);
  expect(replay.status).toBe(401);
  expect(replay.body.detail).toBe('The nonce was already used (replay).');
});
