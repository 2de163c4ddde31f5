/**
 * `pxg receipt verify <file|-> [--keys <url|file>]`: checks the receipts of one answer of the gateway
 * (a receipt, a single push's answer, or a batch or inbound answer with a receipt per accepted record)
 * against the gateway's published key set: the signature over the tree head (Ed25519 or SM2, by the key's alg) and each receipt's
 * inclusion proof. `pxg receipts verify <dir>` does the same for a folder of kept receipts (as `pxg push`
 * keeps them). Keys default to GET /v1/keys of PXG_URL. Exit 0 when every receipt verifies, 1 when one
 * does not, 2 on wrong usage or when there is no receipt to check.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Receipt } from '../../store/index.ts';
import type { Command } from '../command.ts';
import { loadKeys, remoteFrom } from '../remote/client.ts';
import { readKeptReceipts, receiptsIn, verifyAll } from '../remote/receipts.ts';

const USAGE = 'usage: pxg receipt verify <file|-> [--keys <url|file>]';
const FOLDER_USAGE = 'usage: pxg receipts verify <dir> [--keys <url|file>]';

function parse(args: string[]): { target: string; keys: string | undefined; url: string | undefined } | null {
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { keys: { type: 'string' }, url: { type: 'string' } },
    });
    if (positionals[0] !== 'verify' || positionals.length !== 2) return null;
    return { target: positionals[1]!, keys: values.keys, url: values.url };
  } catch {
    return null;
  }
}

async function check(
  found: { file?: string; receipt: Receipt }[],
  keysFrom: string | undefined,
  url: string | undefined,
  what: string,
): Promise<number> {
  let keys: Awaited<ReturnType<typeof loadKeys>>;
  try {
    keys = await loadKeys(keysFrom, remoteFrom({ url }));
  } catch (error) {
    console.error(`pxg: cannot load the gateway keys: ${(error as Error).message}`);
    return 2;
  }
  const result = await verifyAll(found, keys);
  for (const f of result.failed) console.error(`receipt does not verify / 回执验证未通过: ${f.what}: ${f.reason}`);
  if (result.failed.length > 0) {
    console.error(`${result.failed.length} of ${found.length} receipt(s) in ${what} do not verify`);
    return 1;
  }
  if (found.length === 1) console.log(`receipt verifies / 回执验证通过\n${JSON.stringify(withoutProof(found[0]!.receipt), null, 2)}`);
  else console.log(`${result.verified} receipts verify / ${result.verified} 份回执验证通过 (${what})`);
  return 0;
}

function withoutProof(receipt: Receipt) {
  const { acceptedAt, contentHash, eventId, logPosition, recordId, sourceSystem, version } = receipt;
  return { acceptedAt, contentHash, eventId, logPosition, recordId, sourceSystem, version };
}

/** The `receipt` command: the receipts of one answer. */
export const receipt: Command = async (args) => {
  const a = parse(args);
  if (!a) {
    console.error(USAGE);
    return 2;
  }
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(a.target === '-' ? 0 : a.target, 'utf8'));
  } catch (error) {
    console.error(`pxg receipt: ${(error as Error).message}`);
    return 2;
  }
  const found = receiptsIn(input).map((r) => ({ receipt: r }));
  if (found.length === 0) {
    console.error('pxg receipt: no receipt in the input (expected a receipt, or an answer with `receipt` or `results[].receipt`)');
    return 2;
  }
  return check(found, a.keys, a.url, a.target);
};

/** The `receipts` command: every receipt kept in a folder. */
export const receipts: Command = async (args) => {
  const a = parse(args);
  if (!a) {
    console.error(FOLDER_USAGE);
    return 2;
  }
  let kept: ReturnType<typeof readKeptReceipts>;
  try {
    kept = readKeptReceipts(a.target);
  } catch (error) {
    console.error(`pxg receipts: ${(error as Error).message}`);
    return 2;
  }
  for (const file of kept.unreadable) console.error(`pxg receipts: no receipt in ${file}`);
  if (kept.receipts.length === 0) {
    console.error(`pxg receipts: no receipt in ${a.target}`);
    return 2;
  }
  const status = await check(kept.receipts, a.keys, a.url, a.target);
  return status === 0 && kept.unreadable.length > 0 ? 1 : status;
};
