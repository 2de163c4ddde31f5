/**
 * The gateway the hostile-input tests attack: the real standard, small body limits, the test
 * registry plus one publishing system per adapter (bound to it with the adapter's first example
 * configuration), and a snapshot of everything an attack must not change.
 */
import { adapters } from '../../adapters/registry.ts';
import { hashApiKey } from '../../gateway/registry/registry.ts';
import type { RegistryFile, SystemEntry } from '../../gateway/registry/types.ts';
import { createStandard } from '../../gateway/standard/index.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { testRegistry } from '../support/registry.ts';

/** The body limit of POST /v1/records in these tests (and of batches, four times that). */
export const MAX_BODY = 64 * 1024;

/** The system bound to an adapter, and its API key. */
export function adapterSystem(adapterId: string): { id: string; key: string } {
  return { id: `hostile-${adapterId}`, key: `hostile-key-${adapterId}-0000000000` };
}

/** The test registry plus one publishing system per registered adapter. */
export function hostileRegistry(): RegistryFile {
  const base = testRegistry();
  const bound: SystemEntry[] = adapters.map((adapter) => {
    const { id, key } = adapterSystem(adapter.manifest.id);
    return {
      id,
      name: `${adapter.manifest.id} (hostile)`,
      kind: 'provincial',
      publish: { areas: ['350000', '330000'], recordTypes: ['notice', 'transaction'] },
      credentials: { apiKeys: [{ id: 'k', sha256: hashApiKey(key) }] },
      adapter: { id: adapter.manifest.id, config: adapter.manifest.configExamples[0] ?? {} },
    };
  });
  return { ...base, systems: [...base.systems, ...bound] };
}

/** Starts the gateway under attack. */
export function startHostileGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  return startTestGateway({
    env: {
      PORT: '0',
      PXG_MAX_BODY_BYTES: String(MAX_BODY),
      PXG_MAX_BATCH_BYTES: String(4 * MAX_BODY),
      PXG_MAX_STRING_LENGTH: '10000',
      PXG_HEADERS_TIMEOUT_MS: '1000',
      PXG_REQUEST_TIMEOUT_MS: '2000',
      ...env,
    },
    registry: hostileRegistry(),
    overrides: { standard: createStandard() },
  });
}

/** What an attack must leave as it was. */
export interface StateSnapshot {
  logEvents: number;
  journalHead: number;
  /** Own properties of Object.prototype (prototype pollution would add one). */
  prototypeKeys: string[];
}

/** The gateway's state now. */
export async function snapshot(gw: TestGateway): Promise<StateSnapshot> {
  const { events } = await gw.services.log.read(null, 1_000_000);
  return {
    logEvents: events.length,
    journalHead: await gw.services.stores.journal.journalHead(),
    prototypeKeys: Object.getOwnPropertyNames(Object.prototype).sort(),
  };
}
