/**
 * Webhooks end to end through the HTTP API: a subscription declared in the registry file and
 * one created through the API receive records pushed with `POST /v1/records`, signed (verified
 * by the official standardwebhooks library) and carrying the ingest request's traceparent;
 * secret rotation signs with both secrets; replay redelivers under the same webhook-ids; dead
 * letters are listed, inspected, retried and discarded through the API.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { generateSecret } from '../../gateway/delivery/signing.ts';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { headerRecord } from '../support/records.ts';
import { keys, testRegistry } from '../support/registry.ts';
import { Endpoint, eventually } from './webhook.support.ts';

const REGISTRY_SECRET = generateSecret();
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

let gw: TestGateway;
let declared: Endpoint;
let apiSecrets: string[] = [];
let created: Endpoint;

beforeAll(async () => {
  declared = await new Endpoint(() => [REGISTRY_SECRET]).start();
  created = await new Endpoint(() => apiSecrets).start();
  gw = await startTestGateway({
    registry: {
      ...testRegistry(),
      subscriptions: [
        {
          id: 'platform-tenders',
          system: 'ggzy-fj',
          mode: 'webhook',
          filter: { noticeTypes: ['tender'] },
          webhook: { url: declared.url, secrets: [{ secret: REGISTRY_SECRET }] },
        },
      ],
      delivery: {
        allowTargets: ['127.0.0.1'],
        pollMs: 50,
        leaseTtlMs: 6000,
        retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50, disableAfterDeadLetters: 100 },
      },
    },
  });
});
afterAll(async () => {
  await gw?.close();
  await declared?.close();
  await created?.close();
});

const platform = (lang: 'en' | 'zh-CN' = 'en') => asSystem(keys.platform, lang);

async function push(records: StandardRecord[], headers: Record<string, string> = {}): Promise<void> {
  for (const record of records) {
    const res = await gw.app.request('/v1/records', {
      method: 'POST',
      headers: { ...asSystem(keys.fujian), ...headers },
      body: JSON.stringify(record),
    });
    expect(res.status).toBe(201);
  }
}

describe('webhooks through the HTTP API', () => {
  it('delivers records pushed over HTTP to a registry-declared subscription, signed and with the traceparent', async () => {
    const record = headerRecord();
    await push([record, headerRecord({ set: { noticeType: 'award' } })], { traceparent: TRACEPARENT });
    await eventually(() => declared.accepted().length >= 1, 10_000, 'registry subscription delivered');
    await new Promise((r) => setTimeout(r, 200));
    // The award notice is filtered out; the tender notice arrives once, verified.
    expect(declared.accepted().map((r) => JSON.parse(r.body).subject)).toEqual([record.id]);
    const [delivery] = declared.accepted();
    expect(delivery!.verified).toBe(true);
    // The delivery continues the push's trace (its own span, when tracing is on, under the same trace id).
    expect(String(delivery!.headers.traceparent).split('-')[1]).toBe(TRACEPARENT.split('-')[1]);
    expect(delivery!.headers['content-type']).toMatch(/^application\/cloudevents\+json/);
    // The registry's subscription cannot be deleted through the API.
    const del = await gw.app.request('/v1/subscriptions/platform-tenders', { method: 'DELETE', headers: platform() });
    expect(del.status).toBe(409);
    expect((await json(del)).code).toBe('subscription_managed_by_registry');
  });

  it('signs with the old and the new secret after a rotation, and replays under the same webhook-ids', async () => {
    const res = await gw.app.request('/v1/subscriptions', {
      method: 'POST',
      headers: platform(),
      body: JSON.stringify({ id: 'platform-binary', mode: 'webhook', format: 'cloudevents-binary', webhook: { url: created.url } }),
    });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.secret).toMatch(/^whsec_/);
    expect(JSON.stringify(body.subscription)).not.toContain(body.secret);
    apiSecrets = [body.secret];

    const first = headerRecord();
    await push([first]);
    await eventually(() => created.accepted().length === 1, 10_000, 'first delivery');
    expect(created.accepted()[0]!.headers['ce-subject']).toBe(first.id);
    expect(JSON.parse(created.accepted()[0]!.body).id).toBe(first.id);

    const rotated = await json(
      await gw.app.request('/v1/subscriptions/platform-binary/rotate-secret', { method: 'POST', headers: platform() }),
    );
    apiSecrets = [rotated.secret];
    await push([headerRecord()]);
    await eventually(() => created.accepted().length === 2, 10_000, 'delivery after rotation');
    const after = created.accepted()[1]!;
    expect(after.headers['webhook-signature']!.toString().split(' ')).toHaveLength(2);
    const webhookHeaders = after.headers as Record<string, string>;
    expect(() => new Webhook(rotated.secret).verify(after.body, webhookHeaders)).not.toThrow();
    expect(() => new Webhook(body.secret).verify(after.body, webhookHeaders)).not.toThrow();

    // Back to where the subscription started (its cursor at creation).
    const replay = await gw.app.request('/v1/subscriptions/platform-binary/replay', {
      method: 'POST',
      headers: platform(),
      body: JSON.stringify({ cursor: body.subscription.cursor }),
    });
    expect(replay.status).toBe(200);
    await eventually(
      () => created.accepted().filter((r) => r.webhookId === created.accepted()[0]!.webhookId).length === 2,
      10_000,
      'replayed',
    );
    const ids = created.accepted().map((r) => r.webhookId);
    expect(new Set(ids).size).toBe(2);
    expect(created.received.every((r) => r.verified)).toBe(true);
  });

  it('lists, inspects, retries and discards dead letters through the API', async () => {
    created.answer = () => ({ status: 500 });
    const failing = [headerRecord(), headerRecord()];
    await push(failing);
    const list = async () =>
      (await json(await gw.app.request('/v1/dead-letters?subscription=platform-binary', { headers: platform() }))).deadLetters;
    await eventually(async () => (await list()).length === 2, 10_000, 'two dead letters');
    const letters = await list();
    expect(letters.map((l: { event: { subject: string } }) => l.event.subject).sort()).toEqual(failing.map((r) => r.id).sort());
    const [one, two] = letters;
    const inspected = await json(await gw.app.request(`/v1/dead-letters/${one.id}`, { headers: platform() }));
    expect(inspected).toMatchObject({ id: one.id, attempts: 2, lastStatus: 500, subscriptionId: 'platform-binary' });
    expect((await gw.app.request(`/v1/dead-letters/${one.id}`, { headers: asSystem(keys.fujian) })).status).toBe(404);
    const attempts = await json(
      await gw.app.request(`/v1/subscriptions/platform-binary/attempts?event=${one.eventId}`, { headers: platform() }),
    );
    expect(attempts.attempts.map((a: { status: number }) => a.status)).toEqual([500, 500]);

    const stillFailing = await gw.app.request(`/v1/dead-letters/${one.id}/retry`, { method: 'POST', headers: platform() });
    expect(stillFailing.status).toBe(502);
    expect((await json(stillFailing)).code).toBe('webhook_delivery_failed');

    created.answer = () => ({ status: 204 });
    const retried = await gw.app.request(`/v1/dead-letters/${one.id}/retry`, { method: 'POST', headers: platform() });
    expect(retried.status).toBe(200);
    expect(await json(retried)).toMatchObject({ delivered: true, status: 204 });
    expect(created.accepted().at(-1)!.webhookId).toBe(one.eventId);
    expect((await gw.app.request(`/v1/dead-letters/${one.id}`, { headers: platform() })).status).toBe(404);

    expect((await gw.app.request(`/v1/dead-letters/${two.id}`, { method: 'DELETE', headers: platform() })).status).toBe(204);
    expect(await list()).toEqual([]);
    // The ministry sees every subscription with its endpoint state.
    const view = await json(await gw.app.request('/v1/subscriptions', { headers: asSystem(keys.ministry) }));
    const binary = view.subscriptions.find((s: { id: string }) => s.id === 'platform-binary');
    expect(binary.endpoint.status).toBe('active');
    expect(binary.webhook.url).toBe(created.url);
  });
});
