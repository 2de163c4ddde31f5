/**
 * Receipts: what the gateway signs (Ed25519, compact JWS) and hands back once a record version is
 * durably in the log, so that a system can later prove what was accepted and when. Ed25519 is
 * deterministic: the same fields always give the same signature, so a receipt can be rebuilt
 * identically from the logged event (the projector does so after a crash).
 */
import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompactSign, type JWK, calculateJwkThumbprint, exportJWK } from 'jose';
import { type EventEnvelope, canonicalJson } from '../core/envelope.ts';
import type { Receipt } from '../store/port.ts';

/** The JWS `typ` of a receipt. */
export const RECEIPT_TYP = 'pxg-receipt+jws';

/** The signed fields of a receipt. */
export type ReceiptFields = Omit<Receipt, 'signature'>;

/** The receipt fields of a logged event. */
export function receiptFields(envelope: EventEnvelope, logPosition: string): ReceiptFields {
  return {
    eventId: envelope.id,
    recordId: envelope.subject,
    version: envelope.recordversion,
    contentHash: envelope.contenthash,
    logPosition,
    acceptedAt: envelope.time,
    sourceSystem: envelope.source.replace(/^\/systems\//, ''),
  };
}

/**
 * Signs receipts with the gateway's Ed25519 key: from a PEM (PKCS#8) or JWK file when configured,
 * otherwise generated once into the data dir (mode 0600). Construction does no I/O; start() loads.
 */
export class ReceiptSigner {
  private key: { privateKey: KeyObject; publicJwk: JWK & { kid: string } } | null = null;

  constructor(private readonly options: { keyFile?: string; dataDir: string }) {}

  async start(): Promise<void> {
    if (this.key) return;
    const privateKey = this.options.keyFile ? readKeyFile(this.options.keyFile) : loadOrGenerate(join(this.options.dataDir, 'receipt-signing-key.pem'));
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the receipt signing key must be Ed25519, got ${privateKey.asymmetricKeyType}`);
    const jwk = await exportJWK(createPublicKey(privateKey));
    const kid = await calculateJwkThumbprint(jwk);
    this.key = { privateKey, publicJwk: { ...jwk, kid, alg: 'EdDSA', use: 'sig' } };
  }

  async close(): Promise<void> {}

  /** Signs receipt fields: the JWS payload is their canonical JSON (RFC 8785). */
  async sign(fields: ReceiptFields): Promise<Receipt> {
    const { privateKey, publicJwk } = this.loaded();
    const signature = await new CompactSign(new TextEncoder().encode(canonicalJson(fields)))
      .setProtectedHeader({ alg: 'EdDSA', kid: publicJwk.kid, typ: RECEIPT_TYP })
      .sign(privateKey);
    return { ...fields, signature };
  }

  /** The receipt of a logged event. */
  receiptFor(envelope: EventEnvelope, logPosition: string): Promise<Receipt> {
    return this.sign(receiptFields(envelope, logPosition));
  }

  /** The public key set (RFC 7517) to verify receipts with. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.loaded().publicJwk] };
  }

  private loaded() {
    if (!this.key) throw new Error('receipt signer used before start()');
    return this.key;
  }
}

function readKeyFile(file: string): KeyObject {
  const text = readFileSync(file, 'utf8').trim();
  return text.startsWith('{') ? createPrivateKey({ key: JSON.parse(text) as JWK & { kty: string }, format: 'jwk' }) : createPrivateKey(text);
}

function loadOrGenerate(file: string): KeyObject {
  try {
    return createPrivateKey(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(join(file, '..'), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  try {
    // 'wx': never overwrite a key another process wrote meanwhile.
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return createPrivateKey(readFileSync(file, 'utf8'));
    throw error;
  }
  return privateKey;
}
