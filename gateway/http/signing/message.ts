/**
 * RFC 9421 HTTP Message Signatures as the gateway uses them, over the `http-message-signatures`
 * library (signature base, algorithms) and RFC 9530 `Content-Digest` (sha-256 of the body, or `sm3`, our
 * own member name, under `hmac-sm3`). Algorithms: the library's `hmac-sha256` and `ed25519`, and
 * `hmac-sm3` (HMAC-SM3), registered in ALGORITHMS below.
 * What a request must cover: `@method`, `@target-uri` (or `@path` and `@query`), and with a body
 * `content-digest` and `content-type`; parameters `created`, `keyid` and `nonce` (`expires` optional).
 */
import { createHash, createHmac, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';
import { createSigner, createVerifier, httpbis, type SigningKey, type Verifier } from 'http-message-signatures';
import { isInnerList, parseDictionary } from 'structured-headers';
import type { SignatureKey } from '../../registry/index.ts';

export type { SignatureAlgorithm, SignatureKey } from '../../registry/index.ts';

/** The parameters of a verified signature (what the nonce store needs). */
export interface SignatureParams {
  keyid: string;
  nonce: string;
  /** Unix seconds. */
  created: number;
  expires?: number;
}

/** A refusal, in both languages. */
export interface SignatureRefusal {
  en: string;
  zh: string;
}

/** A request as both sides see it: headers by lower-case name, the body as read. */
export interface SignableRequest {
  method: string;
  url: string | URL;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** The RFC 9530 `Content-Digest` member names and the hash each stands for (`sm3` is not registered). */
const DIGESTS = { 'sha-256': 'sha256', sm3: 'sm3' } as const;

/** The RFC 9530 `Content-Digest` value of a body (sha-256, or sm3). */
export function contentDigest(body: string | Uint8Array, member: keyof typeof DIGESTS = 'sha-256'): string {
  return `${member}=:${createHash(DIGESTS[member]).update(body).digest('base64')}:`;
}

/** HMAC with SM3 as an RFC 9421 algorithm: the signer and the verifier (constant-time comparison). */
const hmacSm3 = {
  signer: (secret: string, keyid: string): SigningKey => ({
    id: keyid,
    alg: 'hmac-sm3',
    sign: async (data) => createHmac('sm3', secret).update(data).digest(),
  }),
  verifier:
    (secret: string | KeyObject): Verifier =>
    async (data, signature) => {
      const expected = createHmac('sm3', secret).update(data).digest();
      return signature.length === expected.length && timingSafeEqual(signature, expected);
    },
};

const NONCE = /^[A-Za-z0-9_+/=.-]{16,128}$/;

/** The key a client signs with: its HMAC secret (keyid: its system id) or an Ed25519 private key. */
export type ClientKey =
  | { keyid: string; alg: 'hmac-sha256' | 'hmac-sm3'; secret: string }
  | { keyid: string; alg: 'ed25519'; privateKey: KeyObject | string };

/** Choices of a client signature; by default `created` is now and the nonce random. */
export interface SignOptions {
  created?: Date;
  expires?: Date;
  nonce?: string;
  /** Cover `@path` and `@query` instead of `@target-uri` (behind a proxy that rewrites the scheme or host). */
  pathAndQuery?: boolean;
}

/** Headers a client adds to sign a request with RFC 9421 (and which it must send unchanged). */
export async function signRequest(request: SignableRequest, key: ClientKey, options: SignOptions = {}): Promise<Record<string, string>> {
  const body = request.body ?? '';
  const headers: Record<string, string> = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const fields = ['@method', ...(options.pathAndQuery ? ['@path', '@query'] : ['@target-uri'])];
  if (body.length > 0) {
    headers['content-digest'] = contentDigest(body, key.alg === 'hmac-sm3' ? 'sm3' : 'sha-256');
    fields.push('content-digest', 'content-type');
  }
  const signer =
    key.alg === 'ed25519'
      ? createSigner(key.privateKey, key.alg, key.keyid)
      : key.alg === 'hmac-sm3'
        ? hmacSm3.signer(key.secret, key.keyid)
        : createSigner(key.secret, key.alg, key.keyid);
  const signed = await httpbis.signMessage(
    {
      key: signer,
      fields,
      params: ['created', 'keyid', 'nonce', 'alg', ...(options.expires ? ['expires'] : [])],
      paramValues: {
        created: options.created ?? new Date(),
        nonce: options.nonce ?? randomBytes(18).toString('base64url'),
        ...(options.expires ? { expires: options.expires } : {}),
      },
    },
    { method: request.method, url: request.url, headers },
  );
  return Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

/** Verification settings: the keys of the signing system, the window, the clock. */
export interface VerifyOptions {
  keys: readonly SignatureKey[];
  windowS: number;
  nowS: number;
}

/**
 * Checks one request's RFC 9421 signature: its shape, covered components, time window, key,
 * content digest against the body, and the signature itself. The nonce is the caller's to remember.
 */
export async function verifyRequest(
  request: SignableRequest,
  options: VerifyOptions,
): Promise<{ ok: true; params: SignatureParams } | { ok: false; refusal: SignatureRefusal }> {
  const refuse = (en: string, zh: string) => ({ ok: false as const, refusal: { en, zh } });
  let inputs: ReturnType<typeof parseDictionary>;
  try {
    inputs = parseDictionary(request.headers['signature-input'] ?? '');
    parseDictionary(request.headers.signature ?? '');
  } catch {
    return refuse('The Signature or Signature-Input header is malformed.', 'Signature 或 Signature-Input 请求头格式错误。');
  }
  const [entry, ...others] = [...inputs.values()];
  if (!entry || others.length > 0 || !isInnerList(entry))
    return refuse('The request must carry exactly one RFC 9421 signature.', '请求须带且仅带一个 RFC 9421 签名。');
  const [items, parameters] = entry;
  const covered = new Set(items.map(([name]) => String(name)));
  const body = request.body ?? '';
  const required = ['@method', ...(covered.has('@target-uri') ? [] : ['@path', '@query'])];
  if (body.length > 0) required.push('content-digest', 'content-type');
  const missing = required.filter((name) => !covered.has(name));
  if (missing.length > 0) return refuse(`The signature must cover ${missing.join(', ')}.`, `签名须覆盖 ${missing.join('、')}。`);
  const created = parameters.get('created');
  const keyid = parameters.get('keyid');
  const nonce = parameters.get('nonce');
  const expires = parameters.get('expires');
  if (typeof created !== 'number' || typeof keyid !== 'string' || typeof nonce !== 'string' || !NONCE.test(nonce))
    return refuse(
      'The signature must carry the parameters created, keyid and nonce (16–128 characters).',
      '签名须带 created、keyid 和 nonce（16–128 个字符）参数。',
    );
  if (expires !== undefined && typeof expires !== 'number')
    return refuse('The signature parameter expires must be a number.', '签名参数 expires 须为数字。');
  if (Math.abs(options.nowS - created) > options.windowS || (expires !== undefined && expires < options.nowS))
    return refuse('The request timestamp is outside the accepted window.', '请求时间戳超出允许范围。');
  const alg = parameters.get('alg');
  // One keyid may stand for the same secret under several algorithms: the alg parameter picks.
  const key = options.keys.find((k) => k.keyid === keyid && (alg === undefined || alg === k.alg));
  if (!key) return refuse('The signature key is not registered for this system.', '签名密钥未在登记册中登记给该系统。');
  if (body.length > 0 && !digestMatches(request.headers['content-digest'] ?? '', body))
    return refuse('The Content-Digest header does not match the body.', 'Content-Digest 与请求体不符。');
  const verified = await httpbis
    .verifyMessage(
      {
        keyLookup: async () => ({
          id: key.keyid,
          algs: [key.alg],
          verify: key.alg === 'hmac-sm3' ? hmacSm3.verifier(key.key) : createVerifier(key.key, key.alg),
        }),
        // The window was checked above; the library's own checks must not be stricter.
        notAfter: options.nowS + options.windowS,
        maxAge: options.windowS,
      },
      { method: request.method, url: request.url, headers: request.headers },
    )
    .catch(() => false);
  if (verified !== true) return refuse('The request signature does not match.', '请求签名不匹配。');
  return { ok: true, params: { keyid, nonce, created, ...(expires !== undefined ? { expires } : {}) } };
}

/** True when the Content-Digest dictionary has a sha-256 or sm3 member, and every such member equals the body's digest. */
function digestMatches(header: string, body: string | Uint8Array): boolean {
  try {
    const dictionary = parseDictionary(header);
    const known = (Object.keys(DIGESTS) as (keyof typeof DIGESTS)[]).filter((name) => dictionary.has(name));
    return (
      known.length > 0 &&
      known.every((name) => {
        const member = dictionary.get(name);
        if (!member || isInnerList(member) || !(member[0] instanceof ArrayBuffer)) return false;
        return Buffer.from(member[0]).equals(createHash(DIGESTS[name]).update(body).digest());
      })
    );
  } catch {
    return false;
  }
}
