/**
 * Process ownership transfers (a province migrating its system to a new one): the registry
 * declares them (`transfers`), this applies each once per state store at start-up and on every
 * reload, and audits the call that applied it. Applying is idempotent by the transfer's id, in the
 * store, so gateway processes sharing a store apply (and audit) each transfer exactly once.
 */
import type { AuditLog } from '../audit/index.ts';
import type { OwnershipTransfer } from '../registry/index.ts';
import type { IngestStore } from '../store/index.ts';

/** What applying transfers needs. */
export interface TransferDeps {
  store: IngestStore;
  /** The live registry's transfers. */
  transfers: () => readonly OwnershipTransfer[];
  audit: AuditLog;
}

/** Applies the registry's ownership transfers not applied yet. */
export class OwnershipTransfers {
  /** The run in progress: a reload during a start waits for it rather than racing it. */
  private running: Promise<number> = Promise.resolve(0);

  constructor(private readonly deps: TransferDeps) {}

  /** Applies every declared transfer not applied before; resolves with how many this call applied. */
  apply(): Promise<number> {
    const run = this.running.catch(() => 0).then(() => this.applyAll());
    this.running = run;
    return run;
  }

  private async applyAll(): Promise<number> {
    let applied = 0;
    for (const transfer of this.deps.transfers()) {
      const { id, from, to, processPrefix, reason } = transfer;
      const outcome = await this.deps.store.transferOwnership({ id, from, to, ...(processPrefix !== undefined ? { processPrefix } : {}) });
      if (!outcome.applied) continue;
      applied++;
      await this.deps.audit.append({
        action: 'process.ownership_transferred',
        actor: 'operator',
        target: processPrefix ?? '*',
        systems: [from, to],
        details: { transferId: id, reason, processes: outcome.processes, scope: processPrefix === undefined ? 'all' : 'prefix' },
      });
    }
    return applied;
  }
}
