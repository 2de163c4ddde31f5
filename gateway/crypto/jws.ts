/**
 * Compact JWS (RFC 7515 §7.1) with the suites' algorithms: EdDSA (RFC 8037) and `SM2-SM3`, whose
 * signature is r || s (64 bytes, like ES256's), base64url. Verification picks the key by `kid` and
 * requires its `alg` to be the header's, so a key of one suite never verifies a signature of another.
 */
import { createPublicKey, verify } from 'node:crypto';
import { sm2Verify } from './sm2.ts';
import { type SigningKey, sm2PointOf } from './suite.ts';

/** A public JWK as read from a key set (GET /v1/keys or a file). */
export type KeySetJwk = { kty?: string; crv?: string; x?: string; y?: string; kid?: string; alg?: string };

/** A compact JWS of `payload` (UTF-8) with the given protected header members (alg and kid are the key's). */
export function signCompact(key: SigningKey, header: Record<string, unknown>, payload: string): string {
  const encodedHeader = Buffer.from(JSON.stringify({ alg: key.publicJwk.alg, kid: key.publicJwk.kid, ...header })).toString('base64url');
  const input = `${encodedHeader}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${key.sign(Buffer.from(input)).toString('base64url')}`;
}

/** Verifies a compact JWS against a key set; resolves its header and payload bytes, throws when it does not verify. */
export function verifyCompact(token: string, keys: readonly KeySetJwk[]): { header: Record<string, unknown>; payload: Buffer } {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('not a compact JWS');
  const [h, p, s] = parts as [string, string, string];
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new Error('the JWS header is not JSON');
  }
  const candidates = keys.filter((k) => k.alg === header['alg'] && (header['kid'] === undefined || k.kid === header['kid']));
  if (candidates.length === 0) throw new Error(`no key in the key set for kid ${String(header['kid'])} and alg ${String(header['alg'])}`);
  const input = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  if (!candidates.some((k) => verifyWith(k, input, signature))) throw new Error('signature verification failed');
  return { header, payload: Buffer.from(p, 'base64url') };
}

function verifyWith(jwk: KeySetJwk, data: Buffer, signature: Buffer): boolean {
  try {
    if (jwk.alg === 'SM2-SM3' && jwk.kty === 'EC' && jwk.crv === 'SM2' && jwk.x && jwk.y)
      return sm2Verify(data, signature, sm2PointOf({ x: jwk.x, y: jwk.y }));
    if (jwk.alg === 'EdDSA' && jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && jwk.x)
      return verify(null, data, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' }), signature);
  } catch {
    return false;
  }
  return false;
}
