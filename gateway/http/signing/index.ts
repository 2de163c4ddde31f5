/** Request signing: RFC 9421 HTTP Message Signatures, and the legacy X-PXG headers until their end date. */
export { legacyAccepted, signingString, signLegacyRequest, verifyLegacyRequest } from './legacy.ts';
export {
  type ClientKey,
  contentDigest,
  type SignableRequest,
  type SignatureAlgorithm,
  type SignatureKey,
  type SignatureParams,
  type SignatureRefusal,
  type SignOptions,
  signRequest,
  verifyRequest,
} from './message.ts';
