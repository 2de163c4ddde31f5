/**
 * `pxg receipt verify <file|-> --keys <url|file>`: checks a receipt the gateway handed back (the
 * `receipt` object, or a whole push answer containing one) against the gateway's published key set:
 * the signature over the tree head (Ed25519 or SM2, by the key's alg) and the receipt's inclusion proof. Prints the signed
 * fields; exits 0 when the receipt verifies, 1 when it does not, 2 on wrong usage.
 */
import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';
import { verifyReceipt } from '../../ingest/index.ts';
import type { Receipt } from '../../store/index.ts';
import type { Command } from '../command.ts';

const USAGE = 'usage: pxg receipt verify <file|-> --keys <url|file>';

/** The `receipt` command. */
export const receipt: Command = async (args) => {
  const [sub, file, flag, keysFrom, ...rest] = args;
  if (sub !== 'verify' || !file || flag !== '--keys' || !keysFrom || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  let input: unknown;
  let keys: { keys: JWK[] };
  try {
    input = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'));
    keys = await loadKeys(keysFrom);
  } catch (error) {
    console.error(`pxg receipt: ${(error as Error).message}`);
    return 2;
  }
  const found = receiptIn(input);
  if (!found) {
    console.error('pxg receipt: no receipt in the input (expected a receipt or an answer with a `receipt` field)');
    return 2;
  }
  try {
    const fields = await verifyReceipt(found, keys);
    console.log(`receipt verifies / 回执验证通过\n${JSON.stringify(fields, null, 2)}`);
    return 0;
  } catch (error) {
    console.error(`receipt does not verify / 回执验证未通过: ${(error as Error).message}`);
    return 1;
  }
};

async function loadKeys(from: string): Promise<{ keys: JWK[] }> {
  if (/^https?:\/\//.test(from)) {
    const res = await fetch(from);
    if (!res.ok) throw new Error(`GET ${from} answered ${res.status}`);
    return (await res.json()) as { keys: JWK[] };
  }
  return JSON.parse(readFileSync(from, 'utf8')) as { keys: JWK[] };
}

function receiptIn(input: unknown): Receipt | null {
  if (typeof input !== 'object' || input === null) return null;
  const object = input as Record<string, unknown>;
  if (typeof object['signature'] === 'string') return object as unknown as Receipt;
  return receiptIn(object['receipt']);
}
