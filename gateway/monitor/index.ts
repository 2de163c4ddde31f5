/**
 * The public face of the ministry's sync monitor: other folders import from here. It only
 * re-exports; the monitor itself lives in monitor.ts.
 */
export { type LogHealth, Monitor, type MonitorDeps, type MonitorSnapshot } from './monitor.ts';
export { recordRefusedPush } from './observer.ts';
export { compare, type ManifestEntry, parseManifest, summarize } from './reconciliation.ts';
export type { SubscriptionHealth } from './subscriptions.ts';
export type { SystemHealth } from './systems.ts';
export { renderFragment, renderPage } from './view.ts';
