/**
 * The public face of the delivery layer (subscriptions, webhook workers, pull and stream feeds, dead
 * letters): other folders import from here. It only re-exports; the assembly lives in delivery.ts.
 */
export { Delivery, type DeliveryDeps } from './delivery.ts';
