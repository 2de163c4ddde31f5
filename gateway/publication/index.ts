/** The public face of gateway/publication/: other folders import from here. It only re-exports. */
export { renderAtom } from './atom.ts';
export { BulkBuilder, isDay, publicationDay } from './bulk.ts';
export { type OcdsPackage, PublicPackages } from './packages.ts';
export { isPublic, type PublicationPolicy, publicationPolicy } from './policy.ts';
export { publicCopy } from './redact.ts';
export { PublicationService, type PublicNotice, type ReleasePage } from './service.ts';
