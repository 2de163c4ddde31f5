/**
 * A registry for the process-ownership tests: the systems of "who publishes what" (a province, a
 * city, another province, a trading platform, an e-marketplace, a finance department, the ministry)
 * with the grants the domain gives them, and helpers to push and read as each.
 */
import { hashApiKey } from '../../gateway/registry/registry.ts';
import type { RegistryFile, SystemEntry } from '../../gateway/registry/types.ts';

/** API keys of the ownership test systems, by system id. */
export const ownershipKeys: Record<string, string> = {
  'fj-gpms': 'own-key-fujian-province-000001',
  'fz-gpms': 'own-key-fuzhou-city-0000000002',
  'zj-gpms': 'own-key-zhejiang-province-0003',
  'ggzy-fj': 'own-key-trading-platform-00004',
  'emall-zcy': 'own-key-e-marketplace-0000005',
  'fj-czt': 'own-key-finance-department-006',
  'fj-gpms-next': 'own-key-fujian-successor-00007',
  mof: 'own-key-ministry-monitor-000008',
};

function credentials(id: string) {
  return { apiKeys: [{ id: 'test', sha256: hashApiKey(ownershipKeys[id]!) }] };
}

/** The systems and their declared rights (the matrix of test/security/ownership.test.ts derives from these). */
export function ownershipSystems(): SystemEntry[] {
  return [
    {
      id: 'fj-gpms',
      name: 'Fujian provincial system',
      kind: 'provincial',
      publish: { areas: ['350000'], recordTypes: ['notice', 'transaction'] },
      contribute: [
        { recordTypes: ['transaction'], transactionTypes: ['acceptance', 'payment'], areas: ['350000'], ofOwners: ['e-marketplace'] },
      ],
      credentials: credentials('fj-gpms'),
    },
    {
      id: 'fz-gpms',
      name: 'Fuzhou city system (publishes notices in Fuzhou)',
      kind: 'provincial',
      publish: { areas: ['350100'], recordTypes: ['notice'] },
      credentials: credentials('fz-gpms'),
    },
    {
      id: 'zj-gpms',
      name: 'Zhejiang provincial system',
      kind: 'provincial',
      publish: { areas: ['330000'], recordTypes: ['notice'] },
      credentials: credentials('zj-gpms'),
    },
    {
      id: 'ggzy-fj',
      name: 'Fujian trading platform',
      kind: 'trading-platform',
      contribute: [
        { recordTypes: ['notice'], noticeTypes: ['correction', 'award', 'contract'], areas: ['350000'], ofOwners: ['provincial'] },
      ],
      credentials: credentials('ggzy-fj'),
    },
    {
      id: 'emall-zcy',
      name: 'E-marketplace',
      kind: 'e-marketplace',
      publish: { areas: ['350000'], recordTypes: ['transaction'] },
      credentials: credentials('emall-zcy'),
    },
    {
      id: 'fj-czt',
      name: 'Fujian finance department',
      kind: 'finance-department',
      contribute: [{ recordTypes: ['notice'], noticeTypes: ['complaintRuling', 'supervisionRuling'], areas: ['350000'] }],
      credentials: credentials('fj-czt'),
    },
    {
      id: 'fj-gpms-next',
      name: 'Fujian successor system',
      kind: 'provincial',
      publish: { areas: ['350000'], recordTypes: ['notice'] },
      credentials: credentials('fj-gpms-next'),
    },
    { id: 'mof', name: 'Ministry', kind: 'ministry', subscribe: {}, credentials: credentials('mof') },
  ];
}

/** The ownership test registry. */
export function ownershipRegistry(): RegistryFile {
  return { systems: ownershipSystems() };
}
