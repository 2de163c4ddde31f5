/**
 * Subscriptions declared in the registry file follow the file: a reload (SIGHUP or a change)
 * adds, changes and removes them; a reload with a broken subscription is refused whole and changes nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeServices, compose, startServices } from '../../gateway/compose.ts';
import { configFor } from '../../gateway/config/index.ts';
import { generateSecret } from '../../gateway/delivery/signing.ts';
import type { RegistryFile } from '../../gateway/registry/types.ts';
import type { Services } from '../../gateway/services.ts';
import { headerStandard } from '../support/header-standard.ts';
import { testRegistry } from '../support/registry.ts';
import { eventually } from './webhook.support.ts';

const dir = mkdtempSync(join(tmpdir(), 'pxg-reload-'));
const file = join(dir, 'registry.json');
let services: Services;

function write(subscriptions: RegistryFile['subscriptions']): void {
  writeFileSync(file, JSON.stringify({ ...testRegistry(), delivery: { allowTargets: ['127.0.0.1'] }, subscriptions }));
}

const hook = (id: string, secret = generateSecret()) => ({
  id,
  system: 'ggzy-fj',
  mode: 'webhook' as const,
  webhook: { url: 'http://127.0.0.1:9/hook', secrets: [{ secret }] },
});

beforeAll(async () => {
  write([{ id: 'declared-pull', system: 'ggzy-fj', mode: 'pull' }]);
  const config = configFor({ PXG_DATA_DIR: dir, PXG_REGISTRY: file, PXG_REGISTRY_WATCH: 'false' });
  services = compose(config, { logger: { info() {}, warn() {}, error() {} }, standard: headerStandard() });
  await startServices(services);
});
afterAll(async () => {
  await closeServices(services);
  rmSync(dir, { recursive: true, force: true });
});

const ids = async () => (await services.stores.delivery.subscriptions()).map((s) => s.id);

it('syncs the registry subscriptions at start-up and again on every reload', async () => {
  expect(await ids()).toEqual(['declared-pull']);
  write([hook('declared-hook')]);
  expect((await services.registry.reload()).ok).toBe(true);
  await eventually(async () => (await ids()).join() === 'declared-hook', 5_000, 'subscriptions follow the file after the reload');
  const stored = await services.stores.delivery.subscription('declared-hook');
  expect(stored).toMatchObject({ origin: 'registry', mode: 'webhook', systemId: 'ggzy-fj' });
});

it('refuses the whole reload when a subscription is invalid (here: a webhook to a non-allow-listed internal address)', async () => {
  write([
    hook('declared-hook'),
    { ...hook('bad-hook'), webhook: { url: 'http://10.0.0.1/hook', secrets: [{ secret: generateSecret() }] } },
  ]);
  const outcome = await services.registry.reload();
  expect(outcome.ok).toBe(false);
  expect(outcome.ok ? [] : outcome.error.problems).toEqual([expect.stringMatching(/^subscription 'bad-hook': .*10\.0\.0\.1/)]);
  expect(services.registry.file().subscriptions?.map((s) => s.id)).toEqual(['declared-hook']);
  // Run the sync once more to its end, so that the assertion does not race the reload's own sync.
  await services.delivery.syncRegistry();
  expect(await ids()).toEqual(['declared-hook']);
});

it('audits what a reload changes, as the operator, naming changed fields but never a secret, and nothing when nothing changed', async () => {
  const secret = generateSecret();
  write([hook('declared-audited', secret)]);
  expect((await services.registry.reload()).ok).toBe(true);
  await services.delivery.syncRegistry();
  const after = (await services.audit.verify()).checkedThrough;
  write([{ ...hook('declared-audited', secret), webhook: { url: 'http://127.0.0.1:9/other', secrets: [{ secret: generateSecret() }] } }]);
  expect((await services.registry.reload()).ok).toBe(true);
  await services.delivery.syncRegistry();
  await services.delivery.syncRegistry();
  // The reload itself is audited too (registry.reloaded, test/integration/registry-reload.test.ts); here, its subscriptions.
  const entries = (await services.audit.list({ after, limit: 100 })).filter((e) => e.action.startsWith('subscription.'));
  expect(entries.map((e) => [e.action, e.actor, e.target, e.systems])).toEqual([
    ['subscription.changed', 'operator', 'declared-audited', ['ggzy-fj']],
  ]);
  expect(entries[0]!.details).toEqual({ origin: 'registry', fields: ['webhook.url', 'webhook.secrets'] });
  const all = await services.audit.list({ limit: 1000 });
  expect(all.map((e) => `${e.action} ${e.target}`)).toEqual(
    expect.arrayContaining([
      'subscription.created declared-pull',
      'subscription.deleted declared-pull',
      'subscription.created declared-audited',
    ]),
  );
  expect(JSON.stringify(all)).not.toContain('whsec_');
});
