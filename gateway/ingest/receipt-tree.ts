/**
 * The Merkle tree that receipts are signed over: receipts issued together (one group commit of the
 * log, one batch of the projector) are the leaves of one RFC 9162 (Certificate Transparency v2)
 * tree, the gateway signs its root once, and each receipt carries its inclusion proof. One (Ed25519 or SM2)
 * signature then covers many receipts, while each receipt stays verifiable on its own.
 *
 * Hashing is RFC 9162 §2.1.1 with the suite's hash (SHA-256, or SM3 under `sm2+sm3`): leaf = H(0x00 || leaf data), node = H(0x01 || left ||
 * right), and a tree of n leaves splits at the largest power of two below n. Hashes travel as hex.
 */
import { type HashAlg, hashWith } from '../crypto/index.ts';

const NODE = Buffer.from([0x01]);

/** The hash of a leaf whose data is `text` (UTF-8). */
export function leafHash(text: string, alg: HashAlg = 'sha256'): Buffer {
  // U+0000 is the single byte 0x00 in UTF-8: the string is the leaf prefix followed by the data.
  return hashWith(alg, `\u0000${text}`);
}

function nodeHash(left: Buffer, right: Buffer, alg: HashAlg): Buffer {
  return hashWith(alg, Buffer.concat([NODE, left, right]));
}

/** The largest power of two smaller than n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * A tree's root hash and, for every leaf in order, its inclusion proof: sibling hashes (hex) from
 * the leaf up. Each node's hex is made once and shared by every proof that contains it.
 */
export function treeOf(leaves: Buffer[], alg: HashAlg = 'sha256'): { root: Buffer; paths: string[][] } {
  if (leaves.length === 0) throw new RangeError('a receipt tree needs at least one leaf');
  const paths: string[][] = leaves.map(() => []);
  // Post-order: a leaf's deeper siblings are pushed before the ones above them.
  const build = (from: number, to: number): Buffer => {
    if (to - from === 1) return leaves[from]!;
    const middle = from + split(to - from);
    const left = build(from, middle);
    const right = build(middle, to);
    const leftHex = left.toString('hex');
    const rightHex = right.toString('hex');
    for (let i = from; i < middle; i++) paths[i]!.push(rightHex);
    for (let i = middle; i < to; i++) paths[i]!.push(leftHex);
    return nodeHash(left, right, alg);
  };
  return { root: build(0, leaves.length), paths };
}

/**
 * The root hash that an inclusion proof leads to (RFC 9162 §2.1.3.2), or null when the proof cannot
 * belong to a tree of `treeSize` leaves. Compare the result with the signed root.
 */
export function rootFromProof(leaf: Buffer, leafIndex: number, treeSize: number, path: Buffer[], alg: HashAlg = 'sha256'): Buffer | null {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r, alg);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p, alg);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}
