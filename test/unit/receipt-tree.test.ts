import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leafHash, rootFromProof, treeOf } from '../../gateway/ingest/receipt-tree.ts';

for (const alg of ['sha256', 'sm3'] as const) {
  const sha256 = (...parts: Buffer[]) => createHash(alg).update(Buffer.concat(parts)).digest();

  /** RFC 9162 §2.1.1 Merkle Tree Hash, written straight from its definition. */
  function mth(leaves: Buffer[]): Buffer {
    if (leaves.length === 1) return leaves[0]!;
    let k = 1;
    while (k * 2 < leaves.length) k *= 2;
    return sha256(Buffer.from([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
  }

  const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(`receipt ${i}`, alg));
  const bytes = (path: string[]) => path.map((h) => Buffer.from(h, 'hex'));

  describe(`receipt Merkle tree (RFC 9162) with ${alg}`, () => {
    it('hashes a leaf with the 0x00 prefix and an inner node with 0x01', () => {
      expect(leafHash('abc', alg)).toEqual(sha256(Buffer.from([0]), Buffer.from('abc')));
      const [a, b] = leaves(2);
      expect(treeOf([a!, b!], alg).root).toEqual(sha256(Buffer.from([1]), a!, b!));
    });

    it('gives the RFC 9162 tree hash and a proof for every leaf that leads back to it', () => {
      for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17, 200]) {
        const data = leaves(n);
        const { root, paths } = treeOf(data, alg);
        expect(root, `${n} leaves`).toEqual(mth(data));
        for (let i = 0; i < n; i++) expect(rootFromProof(data[i]!, i, n, bytes(paths[i]!), alg), `leaf ${i} of ${n}`).toEqual(root);
      }
    });

    it('gives a single leaf an empty proof whose root is the leaf itself', () => {
      const [only] = leaves(1);
      expect(treeOf([only!], alg).paths).toEqual([[]]);
      expect(rootFromProof(only!, 0, 1, [], alg)).toEqual(only);
    });

    it('rejects a proof used with another leaf or at another index', () => {
      fc.assert(
        fc.property(fc.integer({ min: 2, max: 300 }), fc.nat(), fc.nat(), (n, a, b) => {
          const data = leaves(n);
          const { root, paths } = treeOf(data, alg);
          const i = a % n;
          const j = b % n;
          if (i !== j) {
            expect(rootFromProof(data[j]!, i, n, bytes(paths[i]!), alg)).not.toEqual(root);
            expect(rootFromProof(data[i]!, j, n, bytes(paths[i]!), alg)).not.toEqual(root);
          }
        }),
        { numRuns: 200 },
      );
    });

    it('refuses an index outside the tree and a proof longer than the tree is deep', () => {
      const data = leaves(4);
      const { paths } = treeOf(data, alg);
      expect(rootFromProof(data[0]!, 4, 4, bytes(paths[0]!), alg)).toBeNull();
      expect(rootFromProof(data[0]!, -1, 4, bytes(paths[0]!), alg)).toBeNull();
      expect(rootFromProof(data[0]!, 0, 4, [...bytes(paths[0]!), data[1]!], alg)).toBeNull();
    });

    it('refuses to build a tree without leaves', () => {
      expect(() => treeOf([], alg)).toThrow(RangeError);
    });
  });
}
