/** The audit store port: the hash-chained audit log (gateway/audit/) kept in the deployment's state store. */
import type { AuditLog } from '../../audit/index.ts';

export type { AuditAction, AuditEntry, AuditEvent, AuditFilter, ChainCheck } from '../../audit/index.ts';

/**
 * The audit log over a state store. Appends are serialised across every process sharing the
 * store (each entry's `prevHash` is the hash of the entry before it), entries are durable once
 * `append` resolves, and `verify` checks the chain up to the recorded head.
 */
export type AuditStore = AuditLog;
