/**
 * Request signing for systems whose registry entry has signing keys (an `hmac` secret, or Ed25519
 * public keys): RFC 9421 HTTP Message Signatures (gateway/http/signing), or until
 * `PXG_LEGACY_SIGNATURE_UNTIL` the older X-PXG headers. Either way a request is refused outside the
 * time window, and when its nonce was already used within it (a replay) at any process sharing the
 * state store (StateStores.nonces). docs/security.md, "Request signing and replay protection".
 */
import type { MiddlewareHandler } from 'hono';
import type { Services } from '../../services.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import {
  legacyAccepted,
  type SignatureKey,
  type SignatureParams,
  type SignatureRefusal,
  signLegacyRequest,
  verifyLegacyRequest,
  verifyRequest,
} from '../signing/index.ts';

/** The X-PXG-Signature value of a request: the legacy scheme (RFC 9421 clients use gateway/http/signing). */
export const signRequest = signLegacyRequest;
export { signingString } from '../signing/index.ts';

type Outcome = { ok: true; params: SignatureParams } | { ok: false; refusal: SignatureRefusal };

/** Verifies the request signature of systems that must sign; runs after readBody, sets nothing. */
export function verifySignature(services: Pick<Services, 'registry' | 'config' | 'stores'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const system = c.get('system');
    const keys = services.registry.signatureKeys(system.id);
    if (keys.length > 0) {
      const nowMs = Date.now();
      const request = {
        method: c.req.method,
        url: c.req.url,
        headers: Object.fromEntries(c.req.raw.headers),
        body: c.get('body') ?? new Uint8Array(),
      };
      const outcome = await check(services, system.id, keys, request, nowMs);
      const fail = (refusal: SignatureRefusal) => new ApiError('signature_invalid', { detail: { zh: refusal.zh, en: refusal.en } });
      if (!outcome.ok) throw fail(outcome.refusal);
      // Remembered until the signature could no longer be accepted anyway; only then may the nonce come back.
      const { created, expires, nonce } = outcome.params;
      const until = Math.min(created + services.config.limits.signatureWindowS, expires ?? Number.POSITIVE_INFINITY) * 1000;
      if (!(await services.stores.nonces.remember(system.id, nonce, until, nowMs)))
        throw fail({ en: 'The nonce was already used (replay).', zh: '该随机数已被使用（重放）。' });
    }
    await next();
  };
}

/** Checks the signature by the scheme the request uses: RFC 9421, or the legacy headers while they are accepted. */
async function check(
  services: Pick<Services, 'registry' | 'config'>,
  systemId: string,
  keys: readonly SignatureKey[],
  request: { method: string; url: string; headers: Record<string, string>; body: Uint8Array },
  nowMs: number,
): Promise<Outcome> {
  const nowS = Math.floor(nowMs / 1000);
  const { signatureWindowS: windowS, legacySignatureUntil: until } = services.config.limits;
  const refuse = (en: string, zh: string): Outcome => ({ ok: false, refusal: { en, zh } });
  if (request.headers['signature-input'] !== undefined) return verifyRequest(request, { keys, windowS, nowS });
  if (request.headers['x-pxg-signature'] === undefined)
    return refuse(
      'The request must be signed (RFC 9421 Signature and Signature-Input headers).',
      '请求须签名（RFC 9421 Signature 和 Signature-Input 请求头）。',
    );
  const secret = services.registry.hmacSecret(systemId);
  if (!secret)
    return refuse(
      'This system signs with Ed25519: use RFC 9421 Signature and Signature-Input headers.',
      '该系统使用 Ed25519 签名：请使用 RFC 9421 Signature 和 Signature-Input 请求头。',
    );
  if (!legacyAccepted(until, nowMs))
    return refuse(
      `X-PXG signatures are no longer accepted (last day ${until}); sign with RFC 9421.`,
      `X-PXG 签名已停止接受（最后一天 ${until}），请改用 RFC 9421 签名。`,
    );
  return verifyLegacyRequest({ ...request, url: new URL(request.url) }, { secret, windowS, nowS, keyid: systemId });
}
