/**
 * Receipts: what the gateway signs (compact JWS with the deployment's suite: Ed25519 + SHA-256, or
 * SM2 + SM3; docs/cryptography.md) and hands back once a record version is
 * durably in the log, so that a system can later prove what was accepted and when. Receipts issued
 * together (the appends of one group commit, across requests) are the leaves of one Merkle tree
 * (receipt-tree.ts); the gateway signs the tree's root once and every receipt carries the signed
 * root and its own inclusion proof, so it verifies on its own (verifyReceipt) at the cost of one
 * signature per group instead of one per record.
 */
import { createPrivateKey } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { canonicalJson, type EventEnvelope } from '../core/index.ts';
import {
  type KeySetJwk,
  type PrivateJwk,
  type PublicKeyJwk,
  type SigningKey,
  type Suite,
  signCompact,
  suiteOf,
  suiteOfAlg,
  verifyCompact,
} from '../crypto/index.ts';
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
  /** Merkle tree hash (RFC 9162 §2.1.1, hex) with the signing key's suite hash (SHA-256 or SM3). */
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
 * Signs receipts with the gateway's key of the configured suite: from a private JWK file (or, for
 * Ed25519, PKCS#8 PEM) when configured, otherwise generated once into the data dir (mode 0600), one
 * file per suite so that switching back finds the earlier key. Construction does no I/O; start() loads.
 */
export class ReceiptSigner {
  private key: SigningKey | null = null;
  private queue: Queued[] = [];
  private readonly suiteInUse: Suite;

  constructor(private readonly options: { keyFile?: string; dataDir: string; suite?: Suite }) {
    this.suiteInUse = options.suite ?? suiteOf('ed25519+sha256');
  }

  async start(): Promise<void> {
    if (this.key) return;
    const file = this.options.keyFile ?? keyFileOf(this.options.dataDir, this.suiteInUse);
    const jwk = this.options.keyFile ? readKeyFile(file) : loadOrGenerate(file, this.suiteInUse);
    const key = this.suiteInUse.signingKey(jwk);
    // Not before: when the key file was written, the same in every process and across restarts.
    const nbf = Math.floor(statSync(file).mtimeMs / 1000);
    this.key = { publicJwk: { ...key.publicJwk, nbf }, sign: key.sign };
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
  jwks(): { keys: PublicKeyJwk[] } {
    return { keys: [this.loaded().publicJwk] };
  }

  /** The configured suite: its keys sign today; keys of another suite are retired. */
  get suite(): Suite {
    return this.suiteInUse;
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
    const key = this.loaded();
    const alg = this.suiteInUse.hashAlg;
    const { root, paths } = treeOf(
      fields.map((f) => leafHash(receiptPayload(f), alg)),
      alg,
    );
    const head: SignedTreeHead = { rootHash: root.toString('hex'), treeSize: fields.length };
    const signature = signCompact(key, { typ: RECEIPT_TYP }, canonicalJson(head));
    return fields.map((f, leafIndex) => ({ ...f, proof: { leafIndex, path: paths[leafIndex]! }, signature }));
  }

  private loaded() {
    if (!this.key) throw new Error('receipt signer used before start()');
    return this.key;
  }
}

/**
 * Verifies a receipt against a key set (GET /v1/keys): the JWS signature over the tree head, and the
 * inclusion proof of the receipt's fields in that tree, hashed with the suite of the key's algorithm
 * (whatever suite the gateway uses today: receipts signed before a switch still verify). Resolves
 * with the signed fields; rejects when anything does not verify.
 */
export async function verifyReceipt(receipt: Receipt, keys: { keys: readonly KeySetJwk[] }): Promise<ReceiptFields> {
  const { signature, proof, ...fields } = receipt;
  if (typeof signature !== 'string') throw new Error('the receipt has no signature');
  const { payload, header } = verifyCompact(signature, keys.keys);
  if (header['typ'] !== RECEIPT_TYP) throw new Error(`not a receipt signature (typ ${String(header['typ'])})`);
  const suite = suiteOfAlg(header['alg']);
  if (!suite) throw new Error(`unknown signature algorithm ${String(header['alg'])}`);
  const head = JSON.parse(new TextDecoder().decode(payload)) as Partial<SignedTreeHead>;
  if (typeof head.rootHash !== 'string' || typeof head.treeSize !== 'number')
    throw new Error('the signed payload is not a receipt tree head');
  if (!proof || !Array.isArray(proof.path) || !proof.path.every((h) => /^[0-9a-f]{64}$/.test(h)))
    throw new Error('the receipt has no valid inclusion proof');
  const root = rootFromProof(
    leafHash(receiptPayload(fields), suite.hashAlg),
    proof.leafIndex,
    head.treeSize,
    proof.path.map((h) => Buffer.from(h, 'hex')),
    suite.hashAlg,
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

/** A private key file: a JWK (either suite) or, for Ed25519, PKCS#8 PEM. */
function readKeyFile(file: string): PrivateJwk {
  const text = readFileSync(file, 'utf8').trim();
  if (text.startsWith('{')) return JSON.parse(text) as PrivateJwk;
  return createPrivateKey(text).export({ format: 'jwk' }) as PrivateJwk;
}

/**
 * The data dir's key of a suite, generated on first use. Ed25519 keeps its PKCS#8 PEM file of earlier
 * releases (receipt-signing-key.pem); SM2 has no PEM form Node reads, so it is a JWK file.
 */
function keyFileOf(dataDir: string, suite: Suite): string {
  return join(dataDir, suite.signatureAlg === 'EdDSA' ? 'receipt-signing-key.pem' : 'receipt-signing-key-sm2.jwk');
}

function loadOrGenerate(file: string, suite: Suite): PrivateJwk {
  const pem = suite.signatureAlg === 'EdDSA';
  try {
    return readKeyFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  const jwk = suite.generateKey();
  const text = pem
    ? (createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }) as string)
    : JSON.stringify(jwk);
  try {
    // 'wx': never overwrite a key another process wrote meanwhile.
    writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(file);
    throw error;
  }
  return jwk;
}
