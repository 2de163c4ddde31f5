/**
 * Receipts: what the gateway signs (Ed25519, compact JWS) and hands back once a record version is
 * durably in the log, so that a system can later prove what was accepted and when. Receipts issued
 * together (the appends of one group commit, across requests) are the leaves of one Merkle tree
 * (receipt-tree.ts); the gateway signs the tree's root once and every receipt carries the signed
 * root and its own inclusion proof, so it verifies on its own (verifyReceipt) at the cost of one
 * signature per group instead of one per record.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, compactVerify, createLocalJWKSet, exportJWK, type JWK } from 'jose';
import { canonicalJson, type EventEnvelope } from '../core/index.ts';
import type { Receipt } from '../store/index.ts';
import { leafHash, rootFromProof, treeOf } from './receipt-tree.ts';

/** The JWS `typ` of a signed receipt tree head. */
export const RECEIPT_TYP = 'pxg-receipt-tree+jws';

/** Most receipts under one signature (a proof then has at most 12 hashes). */
const MAX_TREE_SIZE = 4096;

/** The signed fields of a receipt. */
export type ReceiptFields = Omit<Receipt, 'signature' | 'proof'>;

/** What the JWS of a receipt signs: the root of the tree its receipt is a leaf of. */
export interface SignedTreeHead {
  /** sha-256 (hex) Merkle tree hash (RFC 9162 §2.1.1). */
  rootHash: string;
  treeSize: number;
}

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

type Queued = { fields: ReceiptFields[]; resolve: (receipts: Receipt[]) => void; reject: (error: Error) => void };

/**
 * Signs receipts with the gateway's Ed25519 key: from a PEM (PKCS#8) or JWK file when configured,
 * otherwise generated once into the data dir (mode 0600). Construction does no I/O; start() loads.
 */
export class ReceiptSigner {
  private key: { privateKey: KeyObject; publicJwk: JWK & { kid: string }; encodedHeader: string } | null = null;
  private queue: Queued[] = [];

  constructor(private readonly options: { keyFile?: string; dataDir: string }) {}

  async start(): Promise<void> {
    if (this.key) return;
    const privateKey = this.options.keyFile
      ? readKeyFile(this.options.keyFile)
      : loadOrGenerate(join(this.options.dataDir, 'receipt-signing-key.pem'));
    if (privateKey.asymmetricKeyType !== 'ed25519')
      throw new Error(`the receipt signing key must be Ed25519, got ${privateKey.asymmetricKeyType}`);
    const jwk = await exportJWK(createPublicKey(privateKey));
    const kid = await calculateJwkThumbprint(jwk);
    // The protected header is the same for every signature: encoded once (compact JWS, RFC 7515 §7.1).
    const encodedHeader = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid, typ: RECEIPT_TYP })).toString('base64url');
    this.key = { privateKey, publicJwk: { ...jwk, kid, alg: 'EdDSA', use: 'sig' }, encodedHeader };
  }

  async close(): Promise<void> {}

  /**
   * Signs receipts, in order. Calls made in the same turn of the event loop (the appends of one
   * group commit resolve together) share one tree and one signature; they are signed right after it.
   */
  sign(fields: ReceiptFields[]): Promise<Receipt[]> {
    if (fields.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ fields, resolve, reject });
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Signs receipts now: one tree (or one per MAX_TREE_SIZE receipts), one signature each. */
  signNow(fields: ReceiptFields[]): Receipt[] {
    const receipts: Receipt[] = [];
    for (let from = 0; from < fields.length; from += MAX_TREE_SIZE)
      receipts.push(...this.signTree(fields.slice(from, from + MAX_TREE_SIZE)));
    return receipts;
  }

  /** The public key set (RFC 7517) to verify receipts with. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.loaded().publicJwk] };
  }

  private flush(): void {
    const queue = this.queue;
    this.queue = [];
    let receipts: Receipt[];
    try {
      receipts = this.signNow(queue.flatMap((q) => q.fields));
    } catch (error) {
      for (const q of queue) q.reject(error as Error);
      return;
    }
    let at = 0;
    for (const q of queue) {
      q.resolve(receipts.slice(at, at + q.fields.length));
      at += q.fields.length;
    }
  }

  private signTree(fields: ReceiptFields[]): Receipt[] {
    const { privateKey, encodedHeader } = this.loaded();
    const { root, paths } = treeOf(fields.map((f) => leafHash(receiptPayload(f))));
    const head: SignedTreeHead = { rootHash: root.toString('hex'), treeSize: fields.length };
    const signingInput = `${encodedHeader}.${Buffer.from(canonicalJson(head)).toString('base64url')}`;
    const signature = `${signingInput}.${sign(null, Buffer.from(signingInput), privateKey).toString('base64url')}`;
    return fields.map((f, leafIndex) => ({ ...f, proof: { leafIndex, path: paths[leafIndex]! }, signature }));
  }

  private loaded() {
    if (!this.key) throw new Error('receipt signer used before start()');
    return this.key;
  }
}

/**
 * Verifies a receipt against a key set (GET /v1/keys): the JWS signature over the tree head, and the
 * inclusion proof of the receipt's fields in that tree. Resolves with the signed fields; rejects
 * when anything does not verify.
 */
export async function verifyReceipt(receipt: Receipt, keys: { keys: JWK[] }): Promise<ReceiptFields> {
  const { signature, proof, ...fields } = receipt;
  const { payload, protectedHeader } = await compactVerify(signature, createLocalJWKSet(keys));
  if (protectedHeader.typ !== RECEIPT_TYP) throw new Error(`not a receipt signature (typ ${String(protectedHeader.typ)})`);
  const head = JSON.parse(new TextDecoder().decode(payload)) as Partial<SignedTreeHead>;
  if (typeof head.rootHash !== 'string' || typeof head.treeSize !== 'number')
    throw new Error('the signed payload is not a receipt tree head');
  if (!proof || !Array.isArray(proof.path) || !proof.path.every((h) => /^[0-9a-f]{64}$/.test(h)))
    throw new Error('the receipt has no valid inclusion proof');
  const root = rootFromProof(
    leafHash(receiptPayload(fields)),
    proof.leafIndex,
    head.treeSize,
    proof.path.map((h) => Buffer.from(h, 'hex')),
  );
  if (!root || root.toString('hex') !== head.rootHash) throw new Error('the receipt fields are not in the signed tree');
  return fields;
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
  return text.startsWith('{')
    ? createPrivateKey({ key: JSON.parse(text) as JWK & { kty: string }, format: 'jwk' })
    : createPrivateKey(text);
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
