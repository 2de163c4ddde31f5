/**
 * Delivery configuration: the registry schema's `subscriptions` and `delivery` sections are the
 * ones the delivery layer declares, the registry accepts them, and entitlements become subscriber policies.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DELIVERY_CONFIG,
  deliveryConfig,
  deliverySectionSchema,
  subscriptionsSectionSchema,
} from '../../gateway/delivery/config.ts';
import { registryDirectory } from '../../gateway/delivery/directory.ts';
import { RegistryError, SystemRegistry } from '../../gateway/registry/registry.ts';
import type { RegistryFile } from '../../gateway/registry/types.ts';

const schema = JSON.parse(readFileSync(new URL('../../config/registry.schema.json', import.meta.url), 'utf8'));

function registryWith(extra: Partial<RegistryFile>): RegistryFile {
  return {
    systems: [
      {
        id: 'ggzy-fj',
        name: 'Platform',
        kind: 'trading-platform',
        subscribe: { recordTypes: ['notice'], areaPrefixes: ['35'], modes: ['webhook', 'pull'] },
        credentials: {},
      },
      { id: 'silent', name: 'No entitlement', kind: 'provincial', credentials: {} },
      { id: 'nothing', name: 'Empty entitlement', kind: 'e-marketplace', subscribe: { recordTypes: [] }, credentials: {} },
    ],
    ...extra,
  };
}

describe('delivery configuration', () => {
  it('keeps the registry schema sections identical to what the delivery layer declares', () => {
    expect(schema.definitions.subscriptions).toEqual(JSON.parse(JSON.stringify(subscriptionsSectionSchema)));
    expect(schema.definitions.delivery).toEqual(JSON.parse(JSON.stringify(deliverySectionSchema)));
  });

  it('accepts a registry with subscriptions and delivery settings, and refuses a malformed subscription', async () => {
    const good = new SystemRegistry({
      content: registryWith({
        subscriptions: [
          {
            id: 'fj-tenders',
            system: 'ggzy-fj',
            mode: 'webhook',
            filter: { noticeTypes: ['tender'] },
            webhook: { url: 'https://hooks.example/pxg', secrets: [{ secretEnv: 'PXG_HOOK_SECRET' }] },
          },
        ],
        delivery: { allowTargets: ['127.0.0.1', '10.8.0.0/16'], heartbeatMs: 5000, retry: { maxAttempts: 5 } },
      }),
    });
    await expect(good.start()).resolves.toBeUndefined();
    expect(good.file().subscriptions?.[0]?.id).toBe('fj-tenders');
    const bad = new SystemRegistry({ content: registryWith({ subscriptions: [{ id: 'x', system: 'ggzy-fj', mode: 'fax' as 'pull' }] }) });
    await expect(bad.start()).rejects.toBeInstanceOf(RegistryError);
  });

  it('merges the registry delivery section over the defaults', () => {
    const config = deliveryConfig({ allowTargets: ['127.0.0.1'], heartbeatMs: 5000, retry: { maxAttempts: 5 } });
    expect(config.allowTargets).toEqual(['127.0.0.1']);
    expect(config.heartbeatMs).toBe(5000);
    expect(config.policy).toEqual({ ...DEFAULT_DELIVERY_CONFIG.policy, maxAttempts: 5 });
    expect(config.lanes).toBe(DEFAULT_DELIVERY_CONFIG.lanes);
  });

  it('turns entitlements into subscriber policies; no or an empty entitlement means no subscribing', async () => {
    const registry = new SystemRegistry({ content: registryWith({}) });
    await registry.start();
    const directory = registryDirectory(registry);
    expect(directory('ggzy-fj')).toEqual({ read: { recordTypes: ['notice'], areaPrefixes: ['35'] }, modes: ['webhook', 'pull'] });
    expect(directory('silent')).toBeNull();
    expect(directory('nothing')).toBeNull();
    expect(directory('unknown')).toBeNull();
  });
});
