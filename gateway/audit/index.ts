/** The audit log: its port, the hash chain, and the in-memory implementation. */
export { brokenLink, chainEntry, concernedSystems, GENESIS_HASH, storedEvent, verifyChain } from './chain.ts';
export { MemoryAuditLog, matches } from './memory.ts';
export type { AuditAction, AuditEntry, AuditEvent, AuditFilter, AuditLog, ChainCheck } from './port.ts';
export { AUDIT_ACTIONS } from './port.ts';
