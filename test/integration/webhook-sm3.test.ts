/**
 * The SM3-HMAC webhook signature: a subscriber that asks for `signatures: ['sm3-hmac']` gets, beside
 * the Standard Webhooks `webhook-signature` (still verified by the standardwebhooks library), the
 * header `webhook-signature-sm3`: HMAC-SM3 of `id.timestamp.body` with the same secret, checked here
 * with an independent SM3 implementation (sm-crypto-v2's HMAC, not OpenSSL's). Subscribers that did
 * not ask get no such header. The secret is stored sealed.
 */
import { sm3 } from 'sm-crypto-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { headerRecord } from '../support/records.ts';
import { keys, testRegistry } from '../support/registry.ts';
import { Endpoint, eventually } from './webhook.support.ts';

describe('webhooks signed with HMAC-SM3 on request', () => {
  let gw: TestGateway;
  let secrets: string[] = [];
  let sm3Endpoint: Endpoint;
  let plainEndpoint: Endpoint;
  let declaredEndpoint: Endpoint;
  const DECLARED_SECRET = 'whsec_ZGVjbGFyZWQtc2VjcmV0LW9mLXRoZS1yZWdpc3RyeS0wMQ==';

  beforeAll(async () => {
    sm3Endpoint = await new Endpoint(() => secrets).start();
    plainEndpoint = await new Endpoint(() => secrets).start();
    declaredEndpoint = await new Endpoint(() => [DECLARED_SECRET]).start();
    gw = await startTestGateway({
      env: { PXG_CRYPTO_SUITE: 'sm2+sm3' },
      registry: {
        ...testRegistry(),
        subscriptions: [
          {
            id: 'declared-sm3',
            system: 'ggzy-fj',
            mode: 'webhook',
            webhook: { url: declaredEndpoint.url, secrets: [{ secret: DECLARED_SECRET }], signatures: ['sm3-hmac'] },
          },
        ],
        delivery: { allowTargets: ['127.0.0.1'], pollMs: 50, leaseTtlMs: 6000 },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await sm3Endpoint?.close();
    await plainEndpoint?.close();
    await declaredEndpoint?.close();
  });

  const subscribe = async (id: string, url: string, signatures?: string[]) => {
    const res = await gw.app.request('/v1/subscriptions', {
      method: 'POST',
      headers: asSystem(keys.platform),
      body: JSON.stringify({ id, mode: 'webhook', webhook: { url, secret: secrets[0], ...(signatures ? { signatures } : {}) } }),
    });
    return { status: res.status, body: await json(res) };
  };

  it('adds webhook-signature-sm3 over id.timestamp.body for a subscriber that asked, and only for it', async () => {
    secrets = ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'];
    const asked = await subscribe('platform-sm3', sm3Endpoint.url, ['sm3-hmac']);
    expect(asked.status).toBe(201);
    expect(asked.body.subscription.webhook.signatures).toEqual(['sm3-hmac']);
    expect((await subscribe('platform-plain', plainEndpoint.url)).status).toBe(201);
    const record = headerRecord();
    const push = await gw.app.request('/v1/records', { method: 'POST', headers: asSystem(keys.fujian), body: JSON.stringify(record) });
    expect(push.status).toBe(201);
    await eventually(() => sm3Endpoint.accepted().length >= 1 && plainEndpoint.accepted().length >= 1, 10_000, 'both delivered');

    const delivery = sm3Endpoint.accepted()[0]!;
    expect(delivery.verified).toBe(true);
    const h = delivery.headers as Record<string, string>;
    const key = Buffer.from(secrets[0]!.slice('whsec_'.length), 'base64');
    const expected = Buffer.from(sm3(`${h['webhook-id']}.${h['webhook-timestamp']}.${delivery.body}`, { key, mode: 'hmac' }), 'hex');
    expect(h['webhook-signature-sm3']).toBe(`v1,${expected.toString('base64')}`);
    expect(plainEndpoint.accepted()[0]!.headers['webhook-signature-sm3']).toBeUndefined();
    expect(plainEndpoint.accepted()[0]!.verified).toBe(true);

    // A subscription declared in the registry file asks the same way.
    await eventually(() => declaredEndpoint.accepted().length >= 1, 10_000, 'declared delivered');
    const declared = declaredEndpoint.accepted()[0]!;
    const d = declared.headers as Record<string, string>;
    const declaredKey = Buffer.from(DECLARED_SECRET.slice('whsec_'.length), 'base64');
    const declaredMac = sm3(`${d['webhook-id']}.${d['webhook-timestamp']}.${declared.body}`, { key: declaredKey, mode: 'hmac' });
    expect(d['webhook-signature-sm3']).toBe(`v1,${Buffer.from(declaredMac, 'hex').toString('base64')}`);
  });

  it('refuses a signature kind it does not know', async () => {
    const res = await subscribe('platform-bad', sm3Endpoint.url, ['sm2']);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('subscription_invalid');
  });

  it('keeps the kind asked for across a secret rotation', async () => {
    const rotated = await gw.app.request('/v1/subscriptions/platform-sm3/rotate-secret', {
      method: 'POST',
      headers: asSystem(keys.platform),
    });
    expect(rotated.status).toBe(200);
    expect((await gw.services.stores.delivery.subscription('platform-sm3'))?.webhook?.signatures).toEqual(['sm3-hmac']);
  });
});
