/**
 * The audit log (审计日志): every administrative and security-relevant action, appended in order
 * and hash-chained like the receipts, so that a removed or altered entry breaks the chain.
 * Emitters call `append`; the ministry reads it through `GET /v1/audit`.
 */

/** What happened. Add an action here (and to docs/security.md) before emitting it. */
export const AUDIT_ACTIONS = [
  'subscription.created',
  'subscription.changed',
  'subscription.paused',
  'subscription.resumed',
  'subscription.enabled',
  'subscription.deleted',
  'subscription.secret_rotated',
  'subscription.replayed',
  'dead_letter.retried',
  'dead_letter.discarded',
  'registry.reloaded',
  'registry.reload_refused',
  'auth.refused_burst',
  'signature.refused_burst',
  'process.ownership_transferred',
] as const;

/** One of AUDIT_ACTIONS. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One action, as its emitter describes it. */
export interface AuditEvent {
  action: AuditAction;
  /** Who acted: a system id, or `operator` for the registry file and SIGHUP, `gateway` for the gateway itself. */
  actor: string;
  /** What it acted on: a subscription id, a dead-letter id, a process key, a system id. */
  target?: string;
  /** The systems concerned besides the actor (the owner of the target), for filtering by system. */
  systems?: string[];
  /** What changed, or why (never a secret). */
  details?: Record<string, unknown>;
  /** The client address of the request, when it came over HTTP. */
  address?: string;
  /** The request id, when it came over HTTP. */
  requestId?: string;
}

/** One appended entry: the event, where and when it stands in the chain, and its hash. */
export interface AuditEntry extends AuditEvent {
  seq: number;
  /** RFC 3339 UTC. */
  at: string;
  /** The hash of the entry before (64 zeros for the first). */
  prevHash: string;
  /** sha-256 (hex) over the previous hash and this entry's canonical JSON. */
  hash: string;
}

/** A query of the audit log; every field narrows it. */
export interface AuditFilter {
  /** Entries whose actor is this system or which concern it. */
  systemId?: string;
  action?: AuditAction;
  /** RFC 3339 bounds on `at`, inclusive `since`, exclusive `until`. */
  since?: string;
  until?: string;
  /** Entries after this sequence number (paging). */
  after?: number;
  limit: number;
}

/** What checking the whole chain found. */
export interface ChainCheck {
  /** True when every entry links to the one before, every hash holds and the last one is the recorded head. */
  intact: boolean;
  /** The sequence number of the last entry found intact (0 when none). */
  checkedThrough: number;
  /** The first entry that does not hold, when the chain is broken. */
  brokenAt?: number;
}

/** The audit log port, implemented over each state store. */
export interface AuditLog {
  /** Appends one event; resolves once it is durable. Concurrent appends (from any process) never share a `prevHash`. */
  append(event: AuditEvent): Promise<AuditEntry>;
  /** Entries in sequence order. */
  list(filter: AuditFilter): Promise<AuditEntry[]>;
  /** Re-reads the whole chain and checks every link and hash. */
  verify(): Promise<ChainCheck>;
}
