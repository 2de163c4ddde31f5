/** The face of gateway/crypto: suites (hash, HMAC, signatures), compact JWS, SM2, sealed secrets. */
export { type KeySetJwk, signCompact, verifyCompact } from './jws.ts';
export { dataDirSecretsKey, parseSecretsKey, SecretBox, type SecretCipher } from './secret-box.ts';
export { SM2_DEFAULT_USER_ID, sm2Sign, sm2Verify } from './sm2.ts';
export {
  type HashAlg,
  hashWith,
  type PrivateJwk,
  type PublicKeyJwk,
  type SignatureAlg,
  type SigningKey,
  SUITE_IDS,
  type Suite,
  type SuiteId,
  sm2PointOf,
  suiteOf,
  suiteOfAlg,
  thumbprint,
} from './suite.ts';
