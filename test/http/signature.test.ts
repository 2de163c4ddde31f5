/**
 * Request signing for systems whose registry entry demands it. RFC 9421 HTTP Message Signatures
 * (hmac-sha256 with the registry secret, or a registered Ed25519 key): method, target, body digest
 * and content type are covered; stale or expired signatures, wrong keys, altered bodies and replayed
 * nonces are refused. The legacy X-PXG headers keep working until their end date, then are refused.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest as signLegacy } from '../../gateway/http/middleware/signature.ts';
import { type ClientKey, type SignOptions, signRequest } from '../../gateway/http/signing/index.ts';
import { hashApiKey } from '../../gateway/registry/registry.ts';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { headerRecord } from '../support/records.ts';
import { keys, signedSecret, testRegistry } from '../support/registry.ts';

const edKey = 'test-key-ed25519-signer-000007';
const ed = generateKeyPairSync('ed25519');

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({
    // The legacy scheme's real end date would turn these tests off the day after it.
    env: { PXG_LEGACY_SIGNATURE_UNTIL: '2099-12-31' },
    registry: testRegistry([
      {
        id: 'ed-signer',
        name: 'Ed25519 signer',
        kind: 'provincial',
        publish: { areas: ['330000'], recordTypes: ['notice'] },
        credentials: {
          apiKeys: [{ id: 'test', sha256: hashApiKey(edKey) }],
          ed25519Keys: [{ keyid: 'ed-2026', publicKey: ed.publicKey.export({ type: 'spki', format: 'pem' }).toString() }],
        },
      },
    ]),
  });
});
afterAll(() => gw.close());

const URL_RECORDS = 'http://localhost/v1/records';
const zhejiang = () => JSON.stringify(headerRecord({ regionCode: '330106' }));
const hmacKey = { keyid: 'signed', alg: 'hmac-sha256' as const, secret: signedSecret };

function signed(body: string, options: SignOptions = {}, key: ClientKey = hmacKey, apiKey: string = keys.signed) {
  return signRequest({ method: 'POST', url: URL_RECORDS, headers: asSystem(apiKey), body }, key, options);
}

function legacyHeaders(body: string, options: { timestamp?: number; nonce?: string; secret?: string } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(16).toString('hex');
  const signature = signLegacy(options.secret ?? signedSecret, {
    timestamp,
    nonce,
    method: 'POST',
    pathAndQuery: '/v1/records',
    body: Buffer.from(body),
  });
  return asSystem(keys.signed, 'en', { 'x-pxg-timestamp': timestamp, 'x-pxg-nonce': nonce, 'x-pxg-signature': signature });
}

async function post(body: string, headers: Record<string, string>, at: TestGateway = gw) {
  const res = await at.app.request('/v1/records', { method: 'POST', body, headers });
  return { status: res.status, body: await json(res) };
}

describe('RFC 9421 signatures', () => {
  it('accepts a request signed with the hmac-sha256 secret, covering method, target, digest and content type', async () => {
    const body = zhejiang();
    const headers = await signed(body);
    expect(headers['signature-input']).toMatch(
      /^sig=\("@method" "@target-uri" "content-digest" "content-type"\);created=\d+;keyid="signed";nonce="[^"]+";alg="hmac-sha256"$/,
    );
    expect(headers['content-digest']).toMatch(/^sha-256=:[A-Za-z0-9+/]+=*:$/);
    expect((await post(body, headers)).status).toBe(201);
  });

  it('accepts a request signed with hmac-sm3 (HMAC-SM3, sm3 Content-Digest) and refuses one with another secret', async () => {
    const body = zhejiang();
    const key = { keyid: 'signed', alg: 'hmac-sm3' as const, secret: signedSecret };
    const headers = await signed(body, {}, key);
    expect(headers['signature-input']).toMatch(/;alg="hmac-sm3"$/);
    expect(headers['content-digest']).toMatch(/^sm3=:[A-Za-z0-9+/]+=*:$/);
    expect((await post(body, headers)).status).toBe(201);
    const other = zhejiang();
    expect((await post(other, await signed(other, {}, { ...key, secret: 'another-secret-of-the-same-length-000000000' }))).status).toBe(
      401,
    );
    // An SM3 signature presented as hmac-sha256 does not verify.
    const third = zhejiang();
    const relabelled = await signed(third, {}, key);
    relabelled['signature-input'] = relabelled['signature-input']!.replace('hmac-sm3', 'hmac-sha256');
    expect((await post(third, relabelled)).status).toBe(401);
  });

  it('accepts a signature covering @path and @query instead of @target-uri', async () => {
    const body = zhejiang();
    const headers = await signed(body, { pathAndQuery: true });
    expect(headers['signature-input']).toContain('("@method" "@path" "@query" "content-digest" "content-type")');
    expect((await post(body, headers)).status).toBe(201);
  });

  it('refuses legacy headers from a system that signs only with Ed25519', async () => {
    const body = zhejiang();
    const res = await post(body, { ...legacyHeaders(body), authorization: `Bearer ${edKey}` });
    expect(res.status).toBe(401);
    expect(res.body.detail).toBe('This system signs with Ed25519: use RFC 9421 Signature and Signature-Input headers.');
  });

  it('accepts a request signed with a registered Ed25519 key', async () => {
    const body = zhejiang();
    const headers = await signed(body, {}, { keyid: 'ed-2026', alg: 'ed25519', privateKey: ed.privateKey }, edKey);
    expect((await post(body, headers)).status).toBe(201);
  });

  it('refuses an unsigned request from a system that must sign, in both languages', async () => {
    const res = await post(zhejiang(), asSystem(keys.signed));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      code: 'signature_invalid',
      detail: 'The request must be signed (RFC 9421 Signature and Signature-Input headers).',
    });
    const zh = await gw.app.request('/v1/records', { method: 'POST', body: zhejiang(), headers: asSystem(keys.signed, 'zh-CN') });
    expect((await json(zh)).detail).toBe('请求须签名（RFC 9421 Signature 和 Signature-Input 请求头）。');
  });

  it('refuses a signature made with another secret, or by another system’s key', async () => {
    const body = zhejiang();
    const other = await signed(body, {}, { ...hmacKey, secret: 'another-secret-another-secret-0123' });
    expect((await post(body, other)).body.detail).toBe('The request signature does not match.');
    const foreign = await signed(body, {}, { keyid: 'ed-2026', alg: 'ed25519', privateKey: ed.privateKey });
    expect((await post(body, foreign)).body.detail).toBe('The signature key is not registered for this system.');
  });

  it('refuses a body that does not match its Content-Digest, and a digest changed to match', async () => {
    const body = zhejiang();
    const headers = await signed(body);
    const altered = zhejiang();
    expect((await post(altered, headers)).body.detail).toBe('The Content-Digest header does not match the body.');
    const redigested = { ...headers, 'content-digest': (await signed(altered))['content-digest']! };
    expect((await post(altered, redigested)).body.detail).toBe('The request signature does not match.');
  });

  it('refuses a signature that does not cover the content type or the target', async () => {
    const body = zhejiang();
    const headers = await signed(body);
    const narrowed = headers['signature-input']!.replace(' "content-type"', '').replace('"@target-uri" ', '');
    const res = await post(body, { ...headers, 'signature-input': narrowed });
    expect(res.status).toBe(401);
    expect(res.body.detail).toBe('The signature must cover @path, @query, content-type.');
  });

  it('refuses a signature without a nonce', async () => {
    const body = zhejiang();
    const headers = await signed(body);
    const res = await post(body, { ...headers, 'signature-input': headers['signature-input']!.replace(/;nonce="[^"]+"/, '') });
    expect(res.body.detail).toBe('The signature must carry the parameters created, keyid and nonce (16–128 characters).');
  });

  it('refuses a signature created outside the window, or past its expiry', async () => {
    const window = gw.services.config.limits.signatureWindowS;
    const body = zhejiang();
    const old = await signed(body, { created: new Date(Date.now() - (window + 60) * 1000) });
    expect((await post(body, old)).body.detail).toBe('The request timestamp is outside the accepted window.');
    const expired = await signed(body, { created: new Date(Date.now() - 10_000), expires: new Date(Date.now() - 5_000) });
    expect((await post(body, expired)).body.detail).toBe('The request timestamp is outside the accepted window.');
    const fresh = await signed(body, { expires: new Date(Date.now() + 60_000) });
    expect((await post(body, fresh)).status).toBe(201);
  });

  it('signs a request without a body (a read) over method and target, with a query', async () => {
    const body = zhejiang();
    const { recordId } = (await post(body, await signed(body))).body.receipt;
    const url = `http://localhost/v1/records/${encodeURIComponent(recordId)}?view=current`;
    expect((await gw.app.request(url, { headers: asSystem(keys.signed) })).status).toBe(401);
    const headers = await signRequest({ method: 'GET', url, headers: asSystem(keys.signed) }, hmacKey);
    expect(headers['signature-input']).toMatch(/^sig=\("@method" "@target-uri"\);/);
    expect((await gw.app.request(url, { headers })).status).toBe(200);
    const other = await signRequest({ method: 'GET', url: url.replace('current', 'other'), headers: asSystem(keys.signed) }, hmacKey);
    expect((await json(await gw.app.request(url, { headers: other }))).detail).toBe('The request signature does not match.');
  });

  it('refuses a replayed request (same nonce)', async () => {
    const body = zhejiang();
    const headers = await signed(body);
    expect((await post(body, headers)).status).toBe(201);
    const replay = await post(body, headers);
    expect(replay.status).toBe(401);
    expect(replay.body.detail).toBe('The nonce was already used (replay).');
  });
});

describe('legacy X-PXG signatures', () => {
  it('accepts a correctly signed request before the end date', async () => {
    const body = zhejiang();
    expect((await post(body, legacyHeaders(body))).status).toBe(201);
  });

  it('refuses a signature made with another secret, or over another body', async () => {
    const body = zhejiang();
    expect((await post(body, legacyHeaders(body, { secret: 'another-secret-another-secret-0123' }))).status).toBe(401);
    expect((await post(zhejiang(), legacyHeaders(body))).body.detail).toBe('The request signature does not match.');
  });

  it('refuses a timestamp outside the window', async () => {
    const body = zhejiang();
    const res = await post(body, legacyHeaders(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 }));
    expect(res.status).toBe(401);
    expect(res.body.detail).toBe('The request timestamp is outside the accepted window.');
  });

  it('refuses a replayed nonce, also when it was first used by an RFC 9421 signature', async () => {
    const body = zhejiang();
    const headers = legacyHeaders(body);
    expect((await post(body, headers)).status).toBe(201);
    expect((await post(body, headers)).body.detail).toBe('The nonce was already used (replay).');
    const nonce = randomBytes(16).toString('hex');
    const next = zhejiang();
    expect((await post(next, await signed(next, { nonce }))).status).toBe(201);
    expect((await post(next, legacyHeaders(next, { nonce }))).body.detail).toBe('The nonce was already used (replay).');
  });

  it('refuses legacy signatures after their end date, while RFC 9421 ones still pass', async () => {
    const late = await startTestGateway({ env: { PXG_LEGACY_SIGNATURE_UNTIL: '2020-01-01' } });
    try {
      const body = zhejiang();
      const res = await post(body, legacyHeaders(body), late);
      expect(res.status).toBe(401);
      expect(res.body.detail).toBe('X-PXG signatures are no longer accepted (last day 2020-01-01); sign with RFC 9421.');
      expect((await post(body, await signed(body), late)).status).toBe(201);
    } finally {
      await late.close();
    }
  });
});
