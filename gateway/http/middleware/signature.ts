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
  type SignatureParams,
  type SignatureRefusal,
  signLegacyRequest,
  verifyLegacyRequest,
  verifyRequest,
} from '../signing/index.ts';

/** The X-PXG-Signature value of a request: the legacy scheme (RFC 9421 clients use gateway/http/signing). */
export const signRequest = signLegacyRequest;
export { signingString } from '../signing/index.ts';

/** Verifies the request signature of systems that must sign; runs after readBody, sets nothing. */
export function verifySignature(services: Pick<Services, 'registry' | 'config' | 'stores'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const system = c.get('system');
    const keys = services.registry.signatureKeys(system.id);
    if (keys.length > 0) {
      const fail = (refusal: SignatureRefusal) => new ApiError('signature_invalid', { detail: { zh: refusal.zh, en: refusal.en } });
      const nowMs = Date.now();
      const nowS = Math.floor(nowMs / 1000);
      const windowS = services.config.limits.signatureWindowS;
      const headers = Object.fromEntries(c.req.raw.headers);
      const body = c.get('body') ?? new Uint8Array();
      const secret = services.registry.hmacSecret(system.id);
      let outcome: { ok: true; params: SignatureParams } | { ok: false; refusal: SignatureRefusal };
      if (headers['signature-input'] !== undefined || headers['x-pxg-signature'] === undefined) {
        if (headers['signature-input'] === undefined)
          throw fail({
            en: 'The request must be signed (RFC 9421 Signature and Signature-Input headers).',
            zh: '请求须签名（RFC 9421 Signature 和 Signature-Input 请求头）。',
          });
        outcome = await verifyRequest({ method: c.req.method, url: c.req.url, headers, body }, { keys, windowS, nowS });
      } else if (secret && legacyAccepted(services.config.limits.legacySignatureUntil, nowMs)) {
        outcome = verifyLegacyRequest(
          { method: c.req.method, url: new URL(c.req.url), headers, body },
          { secret, windowS, nowS, keyid: system.id },
        );
      } else {
        throw fail({
          en: `X-PXG signatures are no longer accepted (last day ${services.config.limits.legacySignatureUntil}); sign with RFC 9421.`,
          zh: `X-PXG 签名已停止接受（最后一天 ${services.config.limits.legacySignatureUntil}），请改用 RFC 9421 签名。`,
        });
      }
      if (!outcome.ok) throw fail(outcome.refusal);
      // Remembered until the signature could no longer be accepted anyway; only then may the nonce come back.
      const { created, expires, nonce } = outcome.params;
      const until = Math.min(created + windowS, expires ?? Number.POSITIVE_INFINITY) * 1000;
      if (!(await services.stores.nonces.remember(system.id, nonce, until, nowMs)))
        throw fail({ en: 'The nonce was already used (replay).', zh: '该随机数已被使用（重放）。' });
    }
    await next();
  };
}
