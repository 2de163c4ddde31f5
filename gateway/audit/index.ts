/** The audit log: its port, the hash chain, and the in-memory implementation. */
export { brokenLink, chainEntry, GENESIS_HASH } from './chain.ts';
export { MemoryAuditLog, matches } from './memory.ts';
export type { AuditAction, AuditEntry, AuditEvent, AuditFilter, AuditLog } from './port.ts';
