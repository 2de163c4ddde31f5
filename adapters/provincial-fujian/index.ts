/** The Fujian provincial legacy-export adapter: GB18030 CSV ↔ standard notices (see README.md). */
import type { Adapter, AdapterManifest } from '../sdk.ts';
import { inbound } from './inbound.ts';
import manifest from './manifest.json' with { type: 'json' };
import { outbound } from './outbound.ts';

/** The adapter, as registered in adapters/registry.ts. */
export const provincialFujianAdapter: Adapter = {
  manifest: manifest as AdapterManifest,
  recordTypes: ['notice'],
  inbound,
  outbound,
};
