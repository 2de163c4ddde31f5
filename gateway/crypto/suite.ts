/**
 * Cryptographic suites: the hash and signature algorithms a deployment uses for its receipts, Merkle
 * proofs, key ids and SM3-HMAC signatures, chosen by one setting (PXG_CRYPTO_SUITE). `ed25519+sha256`
 * is the default; `sm2+sm3` serves systems assessed under GB/T 39786-2021 (商用密码应用安全性评估, 密评).
 * Verification never depends on the configured suite: it follows the algorithm of the key that signed.
 */
import { createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { generateSm2Key, type Sm2KeyHex, sm2PublicKeyOf, sm2Sign } from './sm2.ts';

/** The suites a deployment may choose. */
export const SUITE_IDS = ['ed25519+sha256', 'sm2+sm3'] as const;

/** A suite's identifier, e.g. `sm2+sm3`. */
export type SuiteId = (typeof SUITE_IDS)[number];

/** A hash algorithm of a suite (OpenSSL names: both are built into Node 20's OpenSSL 3). */
export type HashAlg = 'sha256' | 'sm3';

/** A JWS `alg` of a suite: EdDSA (RFC 8037), or `SM2-SM3`, our own name (no IANA registration exists). */
export type SignatureAlg = 'EdDSA' | 'SM2-SM3';

/** A private signing key in JWK form (RFC 7517): OKP/Ed25519, or EC with `crv: SM2`. */
export type PrivateJwk = { kty: string; crv: string; x: string; y?: string; d: string };

/** A public key as published by GET /v1/keys. */
export type PublicKeyJwk = {
  kty: string;
  crv: string;
  x: string;
  y?: string;
  kid: string;
  alg: SignatureAlg;
  use: 'sig';
  /** Not before (seconds since the epoch): when this key was first loaded. */
  nbf?: number;
  /** When the deployment switched away from this key (RFC 3339); receipts it signed earlier stay valid. */
  retiredAt?: string;
};

/** A loaded signing key: its public JWK and a signing function. */
export interface SigningKey {
  readonly publicJwk: PublicKeyJwk;
  sign(data: Uint8Array): Buffer;
}

/** A cryptographic suite. */
export interface Suite {
  readonly id: SuiteId;
  readonly hashAlg: HashAlg;
  readonly signatureAlg: SignatureAlg;
  /** The suite's hash of bytes (32 bytes for both suites). */
  hash(data: string | Uint8Array): Buffer;
  /** HMAC with the suite's hash (RFC 2104; HMAC-SM3 per GB/T 15852.2 structure). */
  hmac(key: Uint8Array, data: string | Uint8Array): Buffer;
  /** A fresh private key of the suite's signature algorithm. */
  generateKey(): PrivateJwk;
  /** The signing key of a private JWK of this suite (throws when the JWK is of another algorithm). */
  signingKey(jwk: PrivateJwk): SigningKey;
}

const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const hex = (b64url: string) => Buffer.from(b64url, 'base64url').toString('hex').padStart(64, '0');

/** A hash function by name. */
export function hashWith(alg: HashAlg, data: string | Uint8Array): Buffer {
  return createHash(alg).update(data).digest();
}

/** The JWK thumbprint (RFC 7638) of a public key, hashed with the suite's hash. */
export function thumbprint(jwk: { kty: string; crv: string; x: string; y?: string }, alg: HashAlg): string {
  const members = jwk.y === undefined ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return b64u(hashWith(alg, JSON.stringify(members)));
}

/** The uncompressed public point (hex) of an SM2 JWK. */
export function sm2PointOf(jwk: { x: string; y?: string }): string {
  return `04${hex(jwk.x)}${hex(jwk.y ?? '')}`;
}

const ed25519: Suite = {
  id: 'ed25519+sha256',
  hashAlg: 'sha256',
  signatureAlg: 'EdDSA',
  hash: (data) => hashWith('sha256', data),
  hmac: (key, data) => createHmac('sha256', key).update(data).digest(),
  generateKey: () => generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as PrivateJwk,
  signingKey(jwk) {
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') throw new Error(`the signing key must be Ed25519, got ${jwk.kty}/${jwk.crv}`);
    const privateKey: KeyObject = createPrivateKey({ key: jwk, format: 'jwk' });
    const pub = createPublicKey(privateKey).export({ format: 'jwk' }) as { kty: string; crv: string; x: string };
    const publicJwk: PublicKeyJwk = { ...pub, kid: thumbprint(pub, 'sha256'), alg: 'EdDSA', use: 'sig' };
    return { publicJwk, sign: (data) => sign(null, data, privateKey) };
  },
};

const sm2sm3: Suite = {
  id: 'sm2+sm3',
  hashAlg: 'sm3',
  signatureAlg: 'SM2-SM3',
  hash: (data) => hashWith('sm3', data),
  hmac: (key, data) => createHmac('sm3', key).update(data).digest(),
  generateKey() {
    const key = generateSm2Key();
    return { kty: 'EC', crv: 'SM2', ...pointJwk(key.publicKey), d: b64u(Buffer.from(key.privateKey, 'hex')) };
  },
  signingKey(jwk) {
    if (jwk.kty !== 'EC' || jwk.crv !== 'SM2') throw new Error(`the signing key must be SM2 (kty EC, crv SM2), got ${jwk.kty}/${jwk.crv}`);
    const privateKey = hex(jwk.d);
    const key: Sm2KeyHex = { privateKey, publicKey: sm2PublicKeyOf(privateKey) };
    if (key.publicKey.toLowerCase() !== sm2PointOf(jwk).toLowerCase()) throw new Error('the SM2 key: x, y do not match d');
    const pub = { kty: 'EC', crv: 'SM2', ...pointJwk(key.publicKey) };
    const publicJwk: PublicKeyJwk = { ...pub, kid: thumbprint(pub, 'sm3'), alg: 'SM2-SM3', use: 'sig' };
    return { publicJwk, sign: (data) => sm2Sign(data, key) };
  },
};

function pointJwk(publicKeyHex: string): { x: string; y: string } {
  const point = Buffer.from(publicKeyHex, 'hex');
  return { x: b64u(point.subarray(1, 33)), y: b64u(point.subarray(33, 65)) };
}

/** The suite of an identifier. */
export function suiteOf(id: SuiteId): Suite {
  return id === 'sm2+sm3' ? sm2sm3 : ed25519;
}

/** The suite whose signatures carry JWS `alg`, or undefined for an algorithm the gateway does not know. */
export function suiteOfAlg(alg: unknown): Suite | undefined {
  return alg === 'EdDSA' ? ed25519 : alg === 'SM2-SM3' ? sm2sm3 : undefined;
}
