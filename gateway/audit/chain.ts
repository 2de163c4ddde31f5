/** The audit log's hash chain: each entry's hash covers the previous hash and the entry itself. */
import { createHash } from 'node:crypto';
import { canonicalize } from '../core/canonical-json.ts';
import type { AuditEntry, AuditEvent } from './port.ts';

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The entry that follows `prevHash` at `seq`, hashed. */
export function chainEntry(event: AuditEvent, seq: number, at: string, prevHash: string): AuditEntry {
  const body = { ...event, seq, at, prevHash };
  const hash = createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalize(body) ?? '')
    .digest('hex');
  return { ...body, hash };
}

/** The first entry (in order) whose hash or link does not hold, or null when the chain is intact. */
export function brokenLink(entries: AuditEntry[], startHash = GENESIS_HASH): AuditEntry | null {
  let prev = startHash;
  for (const entry of entries) {
    const { hash, ...rest } = entry;
    const { seq, at, prevHash, ...event } = rest;
    if (prevHash !== prev || chainEntry(event, seq, at, prevHash).hash !== hash) return entry;
    prev = hash;
  }
  return null;
}
