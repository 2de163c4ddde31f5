/** An audit log held in memory: for tools and tests that run without a state store. */
import { chainEntry, concernedSystems, GENESIS_HASH, storedEvent, verifyChain } from './chain.ts';
import type { AuditEntry, AuditEvent, AuditFilter, AuditLog, ChainCheck } from './port.ts';

export class MemoryAuditLog implements AuditLog {
  private readonly entries: AuditEntry[] = [];

  async append(event: AuditEvent): Promise<AuditEntry> {
    const prev = this.entries.at(-1);
    const entry = chainEntry(storedEvent(event), (prev?.seq ?? 0) + 1, new Date().toISOString(), prev?.hash ?? GENESIS_HASH);
    this.entries.push(entry);
    return entry;
  }

  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    return this.entries.filter((e) => matches(e, filter)).slice(0, filter.limit);
  }

  async verify(): Promise<ChainCheck> {
    const last = this.entries.at(-1);
    return verifyChain(async (after, limit) => this.list({ after, limit }), last ? { seq: last.seq, hash: last.hash } : undefined);
  }
}

/** Whether an entry passes a filter. */
export function matches(entry: AuditEntry, filter: AuditFilter): boolean {
  if (filter.after !== undefined && entry.seq <= filter.after) return false;
  if (filter.action && entry.action !== filter.action) return false;
  if (filter.systemId && !concernedSystems(entry).includes(filter.systemId)) return false;
  if (filter.since && entry.at < filter.since) return false;
  if (filter.until && entry.at >= filter.until) return false;
  return true;
}
