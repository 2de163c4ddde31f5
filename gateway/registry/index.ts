/** The public face of gateway/registry/: other folders import from here. It only re-exports. */
export { areaPrefix, entitled, publishRefusals, withinAreas } from './areas.ts';
export { allowedInProcess, type WriteRights, writeRights } from './ownership.ts';
export { RegistryError, SystemRegistry } from './registry.ts';
export type { DeliverySection, PublicationSection, SubscriptionSpec } from './sections.ts';
export type { OwnershipTransfer, SignatureAlgorithm, SignatureKey, SystemEntry, SystemKind } from './types.ts';
