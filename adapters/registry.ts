/**
 * The one explicit list of adapters the gateway knows, grouped by the kind of system they speak to.
 * Adding an adapter = one import and one line here (see adapters/README.md).
 */
import { emallAdapter } from './emall/index.ts';
import { nationalTradingPlatformAdapter } from './national-trading-platform/index.ts';
import { ocdsAdapter } from './ocds/index.ts';
import { provincialFujianAdapter } from './provincial-fujian/index.ts';
import type { Adapter } from './sdk.ts';

/** Every registered adapter. */
export const adapters: readonly Adapter[] = [
  // International standards
  ocdsAdapter,
  // Public-resource trading platforms (公共资源交易平台)
  nationalTradingPlatformAdapter,
  // Provincial procurement systems (省级政府采购管理交易系统)
  provincialFujianAdapter,
  // E-marketplaces (电子卖场)
  emallAdapter,
];

/** The adapter registered under `id`, if any. */
export function adapterById(id: string): Adapter | undefined {
  return adapters.find((a) => a.manifest.id === id);
}
