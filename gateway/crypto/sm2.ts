/**
 * SM2 digital signatures (GB/T 32918.2-2016, GM/T 0003.2) over the recommended curve (GB/T 32918.5),
 * with SM3 (GB/T 32905-2016) as the hash: e = SM3(Z_A || M), Z_A = SM3(ENTL || ID || a || b || xG || yG
 * || xA || yA). This is not ECDSA over the SM2 curve: Node's OpenSSL binding cannot set the
 * distinguishing identifier, so the signature comes from sm-crypto-v2 (MIT, built on @noble/curves);
 * tests cross-check it with the OpenSSL command line.
 */
import { sm2 } from 'sm-crypto-v2';

/** The default distinguishing identifier of GM/T 0009-2012 §10 (ASCII "1234567812345678"). */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

/** An SM2 key pair as hex: private scalar d (64 hex) and uncompressed public point `04 || x || y`. */
export interface Sm2KeyHex {
  privateKey: string;
  publicKey: string;
}

/** A fresh SM2 key pair. */
export function generateSm2Key(): Sm2KeyHex {
  const { privateKey, publicKey } = sm2.generateKeyPairHex();
  return { privateKey: privateKey.padStart(64, '0'), publicKey };
}

/** The public point (uncompressed hex) of a private scalar. */
export function sm2PublicKeyOf(privateKeyHex: string): string {
  return sm2.getPublicKeyFromPrivateKey(privateKeyHex);
}

/** The SM2 signature of `data` as 64 bytes r || s (each 32 bytes, big-endian). */
export function sm2Sign(data: Uint8Array, key: Sm2KeyHex, userId = SM2_DEFAULT_USER_ID): Buffer {
  const hex = sm2.doSignature(data, key.privateKey, { hash: true, publicKey: key.publicKey, userId });
  return Buffer.from(hex.padStart(128, '0'), 'hex');
}

/** True when `signature` (r || s, 64 bytes) is an SM2 signature of `data` under the public point. */
export function sm2Verify(data: Uint8Array, signature: Uint8Array, publicKeyHex: string, userId = SM2_DEFAULT_USER_ID): boolean {
  if (signature.length !== 64 || !sm2.verifyPublicKey(publicKeyHex)) return false;
  try {
    return sm2.doVerifySignature(data, Buffer.from(signature).toString('hex'), publicKeyHex, { hash: true, userId });
  } catch {
    return false;
  }
}
