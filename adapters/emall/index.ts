/** The e-marketplace adapter: order events (JSON, 分) ↔ standard transactions, pulled by cursor (see README.md). */
import type { Adapter, AdapterManifest } from '../sdk.ts';
import { inbound } from './inbound.ts';
import manifest from './manifest.json' with { type: 'json' };
import { outbound } from './outbound.ts';
import { pull } from './pull.ts';

/** The adapter, as registered in adapters/registry.ts. */
export const emallAdapter: Adapter = {
  manifest: manifest as AdapterManifest,
  recordTypes: ['transaction'],
  inbound,
  outbound,
  pull,
};
