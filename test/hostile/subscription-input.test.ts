/**
 * Subscriptions refused at creation for what their subscriber could never receive: an adapter format
 * that is not the subscriber's own, or one that cannot express the record types it reads; webhook
 * URLs checked and stored in their normal (WHATWG) form only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../support/gateway.ts';
import { asSystem, startTestGateway } from '../support/gateway.ts';
import { keys } from '../support/registry.ts';
import { adapterSystem, hostileRegistry } from './support.ts';

const emall = adapterSystem('emall');
let gw: TestGateway;

beforeAll(async () => {
  const registry = hostileRegistry();
  // The e-marketplace system also subscribes, to notices and transactions.
  registry.systems = registry.systems.map((s) => (s.id === emall.id ? { ...s, subscribe: { recordTypes: ['notice', 'transaction'] } } : s));
  registry.delivery = { allowTargets: ['127.0.0.1'] };
  gw = await startTestGateway({ env: { PORT: '0' }, registry });
});
afterAll(async () => {
  await gw?.close();
});

async function subscribe(key: string, body: object): Promise<{ status: number; problem: Record<string, unknown> }> {
  const res = await gw.app.request('/v1/subscriptions', { method: 'POST', headers: asSystem(key), body: JSON.stringify(body) });
  return { status: res.status, problem: (await res.json()) as Record<string, unknown> };
}

async function count(): Promise<number> {
  return (await gw.services.stores.delivery.subscriptions({})).length;
}

describe('subscription formats', () => {
  it("refuses the native format of another system's adapter, naming the possible formats", async () => {
    const before = await count();
    const { status, problem } = await subscribe(keys.platform, { mode: 'pull', format: 'adapter:ocds' });
    expect(status).toBe(422);
    expect(problem.code).toBe('subscription_invalid');
    expect(String(problem.detail)).toContain('adapter:ocds');
    expect(String(problem.detail)).toContain('cloudevents, cloudevents-binary, standard');
    expect(await count()).toBe(before);
  });

  it('refuses its own adapter format when it cannot express every record type the subscription reads', async () => {
    const before = await count();
    const { status, problem } = await subscribe(emall.key, { mode: 'pull', format: 'adapter:emall' });
    expect(status).toBe(422);
    expect(problem.code).toBe('subscription_invalid');
    expect(String(problem.detail)).toMatch(/transaction.*notice/);
    expect(String(problem.detail)).toContain('adapter:emall');
    expect(await count()).toBe(before);
  });

  it('accepts its own adapter format for the record types it can express', async () => {
    const { status } = await subscribe(emall.key, { mode: 'pull', format: 'adapter:emall', filter: { recordTypes: ['transaction'] } });
    expect(status).toBe(201);
  });
});

describe('webhook URLs', () => {
  it('stores the normal form of an allow-listed URL written another way', async () => {
    const { status, problem } = await subscribe(keys.platform, { mode: 'webhook', webhook: { url: 'HTTP://127.1:8080/Hook#part' } });
    expect(status, JSON.stringify(problem)).toBe(201);
    const stored = (await gw.services.stores.delivery.subscriptions({ systemId: 'ggzy-fj' })).find((s) => s.webhook);
    expect(stored?.webhook?.url).toBe('http://127.0.0.1:8080/Hook');
  });

  it('refuses internal addresses in any spelling, and credentials, changing nothing', async () => {
    const before = await count();
    for (const url of ['http://0177.0.0.3:80/', 'http://0x7f.0.0.2/', 'http://[::ffff:a9fe:a9fe]/', 'http://2130706434/']) {
      const { status, problem } = await subscribe(keys.platform, { mode: 'webhook', webhook: { url } });
      expect(status, url).toBe(422);
      expect(problem.code, url).toBe('webhook_target_forbidden');
    }
    const credentials = await subscribe(keys.platform, { mode: 'webhook', webhook: { url: 'http://user:pw@127.0.0.1/' } });
    expect(credentials.status).toBe(422);
    expect(await count()).toBe(before);
  });
});
