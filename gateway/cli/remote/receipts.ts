/**
 * Receipts a system keeps: found in any answer of the gateway (a receipt, a single push's answer, a
 * batch or inbound answer), kept one file per record version in a folder, read back and verified
 * against the gateway's key set. A kept receipt is the system's proof that the gateway accepted a version.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { verifyReceipt } from '../../ingest/index.ts';
import type { Receipt } from '../../store/index.ts';

/** The file of the push state inside a receipts folder (not a receipt). */
export const STATE_FILE = 'push-state.json';

function isReceipt(value: unknown): value is Receipt {
  const r = value as Record<string, unknown> | null;
  return typeof r === 'object' && r !== null && typeof r['signature'] === 'string' && typeof r['recordId'] === 'string';
}

/** Every receipt an answer holds: a receipt itself, `{ receipt }`, or `{ results: [{ receipt }] }`. */
export function receiptsIn(input: unknown): Receipt[] {
  if (isReceipt(input)) return [input];
  if (typeof input !== 'object' || input === null) return [];
  const object = input as Record<string, unknown>;
  if (isReceipt(object['receipt'])) return [object['receipt']];
  if (Array.isArray(object['results'])) return object['results'].flatMap((r) => receiptsIn(r));
  return [];
}

/** The file name of a kept receipt: the record id (percent-encoded, so any id is one safe name) and version. */
export function receiptFileName(receipt: Pick<Receipt, 'recordId' | 'version'>): string {
  return `${encodeURIComponent(receipt.recordId).replace(/\./g, '%2E')}.v${receipt.version}.json`;
}

/** Writes a receipt into the folder (atomically: a crash leaves no half-written receipt). */
export function keepReceipt(dir: string, receipt: Receipt): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, receiptFileName(receipt));
  writeFileSync(`${file}.tmp`, `${JSON.stringify(receipt, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return file;
}

/** The receipts kept in a folder, with the file each came from; unreadable files are reported, not skipped silently. */
export function readKeptReceipts(dir: string): { receipts: { file: string; receipt: Receipt }[]; unreadable: string[] } {
  const receipts: { file: string; receipt: Receipt }[] = [];
  const unreadable: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.json') || name === STATE_FILE) continue;
    const file = join(dir, name);
    try {
      const found = receiptsIn(JSON.parse(readFileSync(file, 'utf8')));
      if (found.length === 0) unreadable.push(file);
      for (const receipt of found) receipts.push({ file, receipt });
    } catch {
      unreadable.push(file);
    }
  }
  return { receipts, unreadable };
}

/** Verifies receipts against a key set: how many verify, and why each other one does not. */
export async function verifyAll(
  receipts: readonly { file?: string; receipt: Receipt }[],
  keys: { keys: JWK[] },
): Promise<{ verified: number; failed: { what: string; reason: string }[] }> {
  let verified = 0;
  const failed: { what: string; reason: string }[] = [];
  for (const { file, receipt } of receipts) {
    try {
      await verifyReceipt(receipt, keys);
      verified++;
    } catch (error) {
      failed.push({ what: file ?? `${receipt.recordId} v${receipt.version}`, reason: (error as Error).message });
    }
  }
  return { verified, failed };
}
