/** The audit log's hash chain: each entry's hash covers the previous hash and the entry itself. */
import { createHash } from 'node:crypto';
import { canonicalize } from '../core/index.ts';
import type { AuditEntry, AuditEvent, ChainCheck } from './port.ts';

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** Entries read at once while verifying a chain. */
const VERIFY_PAGE = 1000;

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

/**
 * The event as it reads back from storage: JSON round-tripped, so that an absent field and an
 * `undefined` one hash alike and the stored text re-hashes to the stored hash.
 */
export function storedEvent(event: AuditEvent): AuditEvent {
  return JSON.parse(JSON.stringify(event)) as AuditEvent;
}

/** The systems an entry concerns (its actor and the owners of its target), for filtering by system. */
export function concernedSystems(event: AuditEvent): string[] {
  return [...new Set([event.actor, ...(event.systems ?? [])])];
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

/**
 * Checks a whole chain read page by page (`read(after, limit)` in sequence order) and, when given,
 * that its last entry is the recorded head: a removed tail leaves every remaining link intact.
 */
export async function verifyChain(
  read: (after: number, limit: number) => Promise<AuditEntry[]>,
  head?: { seq: number; hash: string },
): Promise<ChainCheck> {
  let prevHash = GENESIS_HASH;
  let checkedThrough = 0;
  for (;;) {
    const page = await read(checkedThrough, VERIFY_PAGE);
    // A gap in the sequence numbers is a removed entry, even if the next entry's link were forged too.
    const gap = page.findIndex((e, i) => e.seq !== checkedThrough + i + 1);
    const broken = brokenLink(page, prevHash);
    const bad = Math.min(gap === -1 ? page.length : gap, broken ? page.indexOf(broken) : page.length);
    if (bad < page.length)
      return { intact: false, checkedThrough: bad > 0 ? page[bad - 1]!.seq : checkedThrough, brokenAt: page[bad]!.seq };
    const last = page.at(-1);
    if (last) {
      checkedThrough = last.seq;
      prevHash = last.hash;
    }
    if (page.length < VERIFY_PAGE) break;
  }
  if (head && (head.seq !== checkedThrough || (head.seq > 0 && head.hash !== prevHash))) {
    return { intact: false, checkedThrough, brokenAt: checkedThrough + 1 };
  }
  return { intact: true, checkedThrough };
}
