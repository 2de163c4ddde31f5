/**
 * A systems registry for tests, with known API keys (the registry stores only their hashes).
 */
import { hashApiKey } from '../../gateway/registry/registry.ts';
import type { RegistryFile, SystemEntry } from '../../gateway/registry/types.ts';

/** API keys of the test systems. */
export const keys = {
  fujian: 'test-key-fujian-province-0001',
  fuzhou: 'test-key-fuzhou-city-000000002',
  platform: 'test-key-trading-platform-0003',
  ministry: 'test-key-ministry-monitor-0004',
  throttled: 'test-key-throttled-system-0005',
  signed: 'test-key-signed-requests-00006',
} as const;

/** The HMAC secret of the `signed` system. */
export const signedSecret = 'test-hmac-secret-of-the-signed-system-0123456789';

function apiKey(key: string) {
  return { apiKeys: [{ id: 'test', sha256: hashApiKey(key) }] };
}

/** The systems: Fujian (350000), Fuzhou (350100), a subscribing platform, the ministry, a throttled and a signing system. */
export function testRegistry(extra: SystemEntry[] = []): RegistryFile {
  return {
    systems: [
      {
        id: 'fj-gpms',
        name: 'Fujian',
        kind: 'provincial',
        publish: { areas: ['350000'], recordTypes: ['notice', 'transaction'] },
        credentials: apiKey(keys.fujian),
      },
      {
        id: 'fz-gpms',
        name: 'Fuzhou',
        kind: 'provincial',
        publish: { areas: ['350100'], recordTypes: ['notice'] },
        credentials: apiKey(keys.fuzhou),
      },
      {
        id: 'ggzy-fj',
        name: 'Platform',
        kind: 'trading-platform',
        subscribe: { recordTypes: ['notice'], areaPrefixes: ['35'] },
        credentials: apiKey(keys.platform),
      },
      { id: 'mof', name: 'Ministry', kind: 'ministry', subscribe: {}, credentials: apiKey(keys.ministry) },
      {
        id: 'throttled',
        name: 'Throttled',
        kind: 'provincial',
        publish: { areas: ['350000'], recordTypes: ['notice'] },
        credentials: apiKey(keys.throttled),
        rateLimit: { requestsPerSecond: 0.001, burst: 1 },
      },
      {
        id: 'signed',
        name: 'Signed',
        kind: 'provincial',
        publish: { areas: ['330000'], recordTypes: ['notice'] },
        credentials: { ...apiKey(keys.signed), hmac: { secret: signedSecret } },
      },
      ...extra,
    ],
  };
}
