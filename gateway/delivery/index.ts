/**
 * The public face of the delivery layer (subscriptions, webhook workers, pull and stream feeds, dead
 * letters): other folders import from here. It only re-exports; the assembly lives in delivery.ts.
 */
export { adapterFormats } from './adapters.ts';
export { deliveryConfig, liveDeliveryConfig } from './config.ts';
export { Delivery, type DeliveryDeps } from './delivery.ts';
export { registryDirectory } from './directory.ts';
export { admits, sourceSystemOf } from './filter.ts';
export type { DeliveryFailure } from './outcome.ts';
export type { Caller } from './subscriptions.ts';
