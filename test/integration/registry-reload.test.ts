/**
 * A registry reload applies every setting at once, without a restart: API keys, HMAC secrets,
 * publish rights, rate limits, the webhook allow-list (subscription admission and the sender's
 * connect-time guard), the retry policy; or, when the new file is invalid, keeps the whole old
 * registry and says why. Both outcomes are audited, without secrets.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeServices, compose, startServices } from '../../gateway/compose.ts';
import { configFor } from '../../gateway/config/index.ts';
import { generateSecret } from '../../gateway/delivery/signing.ts';
import { createApp } from '../../gateway/http/app.ts';
import { signRequest } from '../../gateway/http/signing/index.ts';
import { hashApiKey, type ReloadOutcome } from '../../gateway/registry/registry.ts';
import type { DeliverySection } from '../../gateway/registry/sections.ts';
import type { RegistryFile, SystemEntry } from '../../gateway/registry/types.ts';
import type { Services } from '../../gateway/services.ts';
import { asSystem, json } from '../support/gateway.ts';
import { headerStandard } from '../support/header-standard.ts';
import { headerRecord } from '../support/records.ts';
import { keys, signedSecret, testRegistry } from '../support/registry.ts';
import { Endpoint, eventually } from './webhook.support.ts';

const dir = mkdtempSync(join(tmpdir(), 'pxg-registry-reload-'));
const file = join(dir, 'registry.json');
let services: Services;
let app: ReturnType<typeof createApp>;
const hookSecret = generateSecret();
const endpoint = new Endpoint(() => [hookSecret]);

/** Quick retries, so that retry-policy tests take moments. */
const DELIVERY: DeliverySection = {
  pollMs: 50,
  leaseTtlMs: 6000,
  retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 5, disableAfterDeadLetters: 1000, requestTimeoutMs: 2000 },
};

/** The test registry with some systems changed, and a delivery section. */
function registry(
  change: (system: SystemEntry) => SystemEntry = (s) => s,
  delivery: DeliverySection = DELIVERY,
  extra: Partial<RegistryFile> = {},
): RegistryFile {
  return { systems: testRegistry().systems.map(change), delivery, ...extra };
}

async function reload(content: unknown): Promise<ReloadOutcome> {
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return services.registry.reload();
}

async function applied(content: RegistryFile): Promise<void> {
  const outcome = await reload(content);
  expect(outcome.ok ? 'applied' : outcome.error.problems.join('; ')).toBe('applied');
}

async function publish(apiKey: string, regionCode = '350102', extra: Record<string, string> = {}): Promise<number> {
  const res = await app.request('/v1/records', {
    method: 'POST',
    body: JSON.stringify(headerRecord({ regionCode })),
    headers: asSystem(apiKey, 'en', extra),
  });
  return res.status;
}

beforeAll(async () => {
  await endpoint.start();
  writeFileSync(file, JSON.stringify(registry()));
  const config = configFor({ PXG_DATA_DIR: dir, PXG_REGISTRY: file, PXG_REGISTRY_WATCH: 'false' });
  services = compose(config, { logger: { info() {}, warn() {}, error() {} }, standard: headerStandard() });
  await startServices(services);
  app = createApp(services);
});
afterAll(async () => {
  await closeServices(services);
  await endpoint.close();
  rmSync(dir, { recursive: true, force: true });
});

it('API keys: after a reload the old key is refused and the new one accepted', async () => {
  const newKey = 'test-key-fujian-rotated-000099';
  expect(await publish(keys.fujian)).toBe(201);
  await applied(
    registry((s) => (s.id === 'fj-gpms' ? { ...s, credentials: { apiKeys: [{ id: 'rotated', sha256: hashApiKey(newKey) }] } } : s)),
  );
  expect(await publish(keys.fujian)).toBe(401);
  expect(await publish(newKey)).toBe(201);
  await applied(registry());
});

it('publish rights: a reload that narrows a system’s areas refuses what it accepted before', async () => {
  expect(await publish(keys.fuzhou, '350102')).toBe(201);
  await applied(registry((s) => (s.id === 'fz-gpms' ? { ...s, publish: { areas: ['350200'], recordTypes: ['notice'] } } : s)));
  const res = await app.request('/v1/records', {
    method: 'POST',
    body: JSON.stringify(headerRecord({ regionCode: '350102' })),
    headers: asSystem(keys.fuzhou),
  });
  expect(res.status).toBe(403);
  expect((await json(res)).errors).toEqual([expect.objectContaining({ pointer: '/regionCode', keyword: 'publishArea' })]);
  expect(await publish(keys.fuzhou, '350203')).toBe(201);
  await applied(registry());
});

it('subscribe rights: a reload that withdraws a system’s entitlement refuses its new subscriptions', async () => {
  const subscribe = async () =>
    (await app.request('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ mode: 'pull' }), headers: asSystem(keys.platform) }))
      .status;
  expect(await subscribe()).toBe(201);
  await applied(registry((s) => (s.id === 'ggzy-fj' ? { ...s, subscribe: { recordTypes: [] } } : s)));
  expect(await subscribe()).toBe(403);
  await applied(registry());
  expect(await subscribe()).toBe(201);
});

it('HMAC secret: after a reload a request signed with the old secret is refused, with the new one accepted', async () => {
  const newSecret = 'rotated-hmac-secret-of-the-signed-system-9876543210';
  const signedPost = async (secret: string) => {
    const body = JSON.stringify(headerRecord({ regionCode: '330106' }));
    const headers = await signRequest(
      { method: 'POST', url: 'http://localhost/v1/records', headers: asSystem(keys.signed), body },
      { keyid: 'signed', alg: 'hmac-sha256', secret },
    );
    return (await app.request('/v1/records', { method: 'POST', body, headers })).status;
  };
  expect(await signedPost(signedSecret)).toBe(201);
  await applied(registry((s) => (s.id === 'signed' ? { ...s, credentials: { ...s.credentials, hmac: { secret: newSecret } } } : s)));
  expect(await signedPost(signedSecret)).toBe(401);
  expect(await signedPost(newSecret)).toBe(201);
  await applied(registry());
});

it('rate limits: a reload that lifts a limit lets requests through, one that sets a limit throttles', async () => {
  await publish(keys.throttled);
  expect(await publish(keys.throttled)).toBe(429);
  await applied(registry((s) => (s.id === 'throttled' ? { ...s, rateLimit: { requestsPerSecond: 1000, burst: 50 } } : s)));
  expect([await publish(keys.throttled), await publish(keys.throttled), await publish(keys.throttled)]).toEqual([201, 201, 201]);
  await applied(registry((s) => (s.id === 'fj-gpms' ? { ...s, rateLimit: { requestsPerSecond: 0.001, burst: 1 } } : s)));
  expect(await publish(keys.fujian)).toBe(201);
  expect(await publish(keys.fujian)).toBe(429);
  await applied(registry());
});

it('webhook allow-list: a newly allowed loopback target is accepted and delivered to; once removed it is refused', async () => {
  const subscribe = () =>
    app.request('/v1/subscriptions', {
      method: 'POST',
      body: JSON.stringify({ mode: 'webhook', webhook: { url: endpoint.url, secret: hookSecret } }),
      headers: asSystem(keys.platform),
    });
  const refused = await subscribe();
  expect(refused.status).toBe(422);
  expect((await json(refused)).code).toBe('webhook_target_forbidden');
  await applied(registry(undefined, { ...DELIVERY, allowTargets: ['127.0.0.1'] }));
  const created = await subscribe();
  expect(created.status).toBe(201);
  const { id } = (await json(created)).subscription;
  endpoint.answer = () => ({ status: 200 });
  expect(await publish(keys.fujian)).toBe(201);
  await eventually(async () => endpoint.accepted().length > 0, 10_000, 'delivered to the newly allowed target');
  await applied(registry());
  // The sender's connect-time guard follows the reload too, not only admission.
  const sent = await services.delivery.sender.send(endpoint.url, {}, '{}');
  expect(sent.status).toBeNull();
  expect(sent.error).toMatch(/refusing to connect to 127\.0\.0\.1/);
  expect((await subscribe()).status).toBe(422);
  expect((await app.request(`/v1/subscriptions/${id}`, { method: 'DELETE', headers: asSystem(keys.platform) })).status).toBe(204);
});

it('retry policy: a reload that raises maxAttempts makes the next failing event tried that many times', async () => {
  const spec = {
    id: 'failing-hook',
    system: 'ggzy-fj',
    mode: 'webhook' as const,
    webhook: { url: endpoint.url, secrets: [{ secret: hookSecret }] },
  };
  const allowed = { ...DELIVERY, allowTargets: ['127.0.0.1'] };
  endpoint.answer = () => ({ status: 500 });
  await applied(registry(undefined, allowed, { subscriptions: [spec] }));
  await eventually(
    async () => (await services.stores.delivery.subscription('failing-hook')) !== null,
    5000,
    'declared subscription synced',
  );
  const deadLetters = async () => services.stores.delivery.deadLetters({ subscriptionId: 'failing-hook', limit: 100 });
  const attemptsOf = (eventId: string) => endpoint.received.filter((r) => r.webhookId.includes(eventId) || r.body.includes(eventId)).length;
  const first = await app.request('/v1/records', { method: 'POST', body: JSON.stringify(headerRecord()), headers: asSystem(keys.fujian) });
  const firstId = (await json(first)).receipt.eventId as string;
  await eventually(async () => (await deadLetters()).length === 1, 10_000, 'first event dead-lettered');
  expect(attemptsOf(firstId)).toBe(1);
  await applied(registry(undefined, { ...allowed, retry: { ...DELIVERY.retry, maxAttempts: 3 } }, { subscriptions: [spec] }));
  const second = await app.request('/v1/records', { method: 'POST', body: JSON.stringify(headerRecord()), headers: asSystem(keys.fujian) });
  const secondId = (await json(second)).receipt.eventId as string;
  await eventually(async () => (await deadLetters()).length === 2, 10_000, 'second event dead-lettered');
  expect(attemptsOf(secondId)).toBe(3);
  await applied(registry());
});

it('keeps the whole old registry when the new file is invalid, listing every problem and auditing the refusal', async () => {
  const newKey = 'test-key-fujian-never-applied-01';
  const changed = registry(
    (s) => (s.id === 'fj-gpms' ? { ...s, credentials: { apiKeys: [{ id: 'new', sha256: hashApiKey(newKey) }] } } : s),
    { ...DELIVERY, allowTargets: ['999.1.1.1'] },
    { subscriptions: [{ id: 'orphan-sub', system: 'no-such-system', mode: 'pull' }] },
  );
  const semantic = await reload(changed);
  expect(semantic.ok).toBe(false);
  const problems = semantic.ok ? [] : semantic.error.problems;
  expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/allow-listed target '999\.1\.1\.1'/)]));
  const schema = await reload({
    ...changed,
    delivery: DELIVERY,
    systems: [...changed.systems, { id: 'X', kind: 'bank', credentials: {} }],
  });
  expect(schema.ok).toBe(false);
  expect(schema.ok ? [] : schema.error.problems).toEqual(
    expect.arrayContaining([expect.stringMatching(/\/systems\/6\/id/), expect.stringMatching(/must have required property 'name'/)]),
  );
  expect((await reload('{ not json')).ok).toBe(false);
  // Nothing of the refused files applies: the old key works, the new one does not.
  expect(await publish(keys.fujian)).toBe(201);
  expect(await publish(newKey)).toBe(401);
  expect(services.delivery.config.allowTargets).toEqual([]);
  const refusals = await services.audit.list({ action: 'registry.reload_refused', limit: 10 });
  expect(refusals.length).toBeGreaterThanOrEqual(3);
  expect(refusals.at(-3)).toMatchObject({ actor: 'operator', details: { problems } });
});

it('audits an applied reload with what changed, naming sections but never secrets or key hashes', async () => {
  const newKey = 'test-key-fujian-audited-0000077';
  await applied(
    registry(
      (s) =>
        s.id === 'fj-gpms'
          ? { ...s, credentials: { apiKeys: [{ id: 'audited', sha256: hashApiKey(newKey) }] } }
          : s.id === 'signed'
            ? { ...s, credentials: { ...s.credentials, hmac: { secret: 'audited-hmac-secret-0123456789-abcdef' } } }
            : s,
      { ...DELIVERY, allowTargets: ['127.0.0.1'] },
    ),
  );
  const [entry] = (await services.audit.list({ action: 'registry.reloaded', limit: 1000 })).slice(-1);
  expect(entry).toMatchObject({
    actor: 'operator',
    details: {
      systems: {
        added: [],
        removed: [],
        changed: [
          { id: 'fj-gpms', sections: ['credentials.apiKeys'] },
          { id: 'signed', sections: ['credentials.hmac'] },
        ],
      },
      delivery: ['allowTargets'],
    },
  });
  const text = JSON.stringify(entry);
  expect(text).not.toContain(hashApiKey(newKey));
  expect(text).not.toContain('audited-hmac-secret');
  await applied(registry());
});
