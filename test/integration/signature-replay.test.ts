/**
 * Replay protection across processes: two gateway processes (two composed service sets) share one
 * PostgreSQL schema, so a signed request accepted by one is refused as a replay by the other, for
 * RFC 9421 signatures and for the legacy X-PXG headers alike.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signRequest as signLegacy } from '../../gateway/http/middleware/signature.ts';
import { signRequest } from '../../gateway/http/signing/index.ts';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { databaseUrl, describePostgres, type FreshSchema, freshSchema } from '../support/postgres.ts';
import { headerRecord } from '../support/records.ts';
import { keys, signedSecret } from '../support/registry.ts';

describePostgres('signed requests replayed to another process', () => {
  let db: FreshSchema;
  let a: TestGateway;
  let b: TestGateway;

  beforeAll(async () => {
    db = await freshSchema('nonces_shared');
    // The legacy scheme's real end date would turn the legacy test off the day after it.
    const env = {
      PXG_STORE: 'postgres',
      DATABASE_URL: await databaseUrl(),
      PXG_PG_SCHEMA: db.schema,
      PXG_LEGACY_SIGNATURE_UNTIL: '2099-12-31',
    };
    a = await startTestGateway({ env });
    b = await startTestGateway({ env });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  async function post(gw: TestGateway, body: string, headers: Record<string, string>) {
    const res = await gw.app.request('/v1/records', { method: 'POST', body, headers });
    return { status: res.status, body: await json(res) };
  }

  it('accepts an RFC 9421 signed request at one process and refuses its replay at the other', async () => {
    const body = JSON.stringify(headerRecord({ regionCode: '330106' }));
    const headers = await signRequest(
      { method: 'POST', url: 'http://localhost/v1/records', headers: asSystem(keys.signed), body },
      { keyid: 'signed', alg: 'hmac-sha256', secret: signedSecret },
    );
    expect((await post(a, body, headers)).status).toBe(201);
    const replay = await post(b, body, headers);
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ code: 'signature_invalid', detail: 'The nonce was already used (replay).' });
  });

  it('refuses a legacy-signed request replayed to the other process too', async () => {
    const body = JSON.stringify(headerRecord({ regionCode: '330106' }));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString('hex');
    const signature = signLegacy(signedSecret, { timestamp, nonce, method: 'POST', pathAndQuery: '/v1/records', body: Buffer.from(body) });
    const headers = asSystem(keys.signed, 'en', { 'x-pxg-timestamp': timestamp, 'x-pxg-nonce': nonce, 'x-pxg-signature': signature });
    expect((await post(b, body, headers)).status).toBe(201);
    const replay = await post(a, body, headers);
    expect(replay.status).toBe(401);
    expect(replay.body.detail).toBe('The nonce was already used (replay).');
  });
});
