/** The OCDS 1.1 adapter: notices ↔ OCDS releases (see README.md of adapters/ for the mapping). */
import type { Adapter, AdapterManifest } from '../sdk.ts';
import { inbound } from './inbound.ts';
import manifest from './manifest.json' with { type: 'json' };
import { outbound } from './outbound.ts';

export { extensionUrlOf, OCDS_EXTENSION_PATH, type OcdsConfig } from './outbound.ts';

/** The adapter, as registered in adapters/registry.ts. */
export const ocdsAdapter: Adapter = {
  manifest: manifest as AdapterManifest,
  recordTypes: ['notice'],
  inbound,
  outbound,
};
