/**
 * Receipts: what the gateway signs (Ed25519, compact JWS) and hands back once a record version is
 * durably in the log, so that a system can later prove what was accepted and when. Ed25519 is
 * deterministic: the same fields always give the same signature, so a receipt can be rebuilt
 * identically from the logged event (the projector does so after a crash).
 */
import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type JWK, calculateJwkThumbprint, exportJWK } from 'jose';
import { type EventEnvelope, canonicalJson } from '../core/envelope.ts';
import type { Receipt } from '../store/port.ts';

/** How many recent receipt signatures are kept for the projector (see ReceiptSigner.recent). */
const RECENT_RECEIPTS = 8192;

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
  private key: { privateKey: KeyObject; publicJwk: JWK & { kid: string }; encodedHeader: string } | null = null;
  /**
   * Signatures of the receipts signed last, by payload. Ed25519 is deterministic, so the projector
   * rebuilding a receipt the ingest pipeline has just signed gets the same signature without a second signing.
   */
  private readonly recent = new Map<string, string>();

  constructor(private readonly options: { keyFile?: string; dataDir: string }) {}

  async start(): Promise<void> {
    if (this.key) return;
    const privateKey = this.options.keyFile ? readKeyFile(this.options.keyFile) : loadOrGenerate(join(this.options.dataDir, 'receipt-signing-key.pem'));
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the receipt signing key must be Ed25519, got ${privateKey.asymmetricKeyType}`);
    const jwk = await exportJWK(createPublicKey(privateKey));
    const kid = await calculateJwkThumbprint(jwk);
    // The protected header is the same for every receipt: encoded once (compact JWS, RFC 7515 §7.1).
    const encodedHeader = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid, typ: RECEIPT_TYP })).toString('base64url');
    this.key = { privateKey, publicJwk: { ...jwk, kid, alg: 'EdDSA', use: 'sig' }, encodedHeader };
  }

  async close(): Promise<void> {}

  /**
   * Signs receipt fields: a compact JWS (EdDSA) whose payload is their canonical JSON (RFC 8785).
   * Signed synchronously with node:crypto (one Ed25519 signature, no promise per receipt).
   */
  signNow(fields: ReceiptFields): Receipt {
    const { privateKey, encodedHeader } = this.loaded();
    const payload = receiptPayload(fields);
    let signature = this.recent.get(payload);
    if (signature === undefined) {
      const signingInput = `${encodedHeader}.${Buffer.from(payload).toString('base64url')}`;
      signature = `${signingInput}.${sign(null, Buffer.from(signingInput), privateKey).toString('base64url')}`;
      this.recent.set(payload, signature);
      if (this.recent.size > RECENT_RECEIPTS) this.recent.delete(this.recent.keys().next().value!);
    }
    return { ...fields, signature };
  }

  /** Signs receipt fields (see signNow). */
  async sign(fields: ReceiptFields): Promise<Receipt> {
    return this.signNow(fields);
  }

  /** The receipt of a logged event. */
  receiptFor(envelope: EventEnvelope, logPosition: string): Promise<Receipt> {
    return this.sign(receiptFields(envelope, logPosition));
  }

  /** The receipt of a logged event, signed synchronously. */
  receiptNow(envelope: EventEnvelope, logPosition: string): Receipt {
    return this.signNow(receiptFields(envelope, logPosition));
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

/**
 * The canonical JSON (RFC 8785) of receipt fields. With exactly the seven known fields (strings and
 * an integer version), that is JSON.stringify with the keys in code-unit order, written out here;
 * anything else goes through the general canonicaliser.
 */
function receiptPayload(fields: ReceiptFields): string {
  const { acceptedAt, contentHash, eventId, logPosition, recordId, sourceSystem, version } = fields;
  const simple =
    Object.keys(fields).length === 7 &&
    Number.isSafeInteger(version) &&
    [acceptedAt, contentHash, eventId, logPosition, recordId, sourceSystem].every((v) => typeof v === 'string');
  if (!simple) return canonicalJson(fields);
  return JSON.stringify({ acceptedAt, contentHash, eventId, logPosition, recordId, sourceSystem, version });
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
