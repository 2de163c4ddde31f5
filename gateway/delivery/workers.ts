/**
 * Runs the webhook workers of this process. Every gateway process scans the webhook
 * subscriptions, takes the lease of each it can, and runs its worker while renewing the lease;
 * a lease that cannot be renewed stops the worker. So each subscription is delivered by exactly
 * one process at a time, and a crashed process's subscriptions move on after one lease lifetime.
 */
import { randomUUID } from 'node:crypto';
import type { Lease } from '../store/index.ts';
import { sleep } from './notifier.ts';
import { runWebhookWorker } from './worker.ts';
import type { WorkerContext } from './worker-context.ts';

interface Running {
  lease: Lease;
  abort: AbortController;
  done: Promise<void>;
}

/** The webhook workers of one process. start() begins scanning; close() stops every worker and frees its lease. */
export class WebhookWorkers {
  /** This process's identity as a lease holder. */
  readonly holder = `pxg-${randomUUID()}`;
  private readonly running = new Map<string, Running>();
  private readonly stopper = new AbortController();
  private loop: Promise<void> | null = null;
  private scanning: Promise<void> = Promise.resolve();

  private readonly ttl: () => number;

  /** `leaseTtlMs` may be a function, read at every scan (a registry reload's value applies at the next one). */
  constructor(
    private readonly ctx: WorkerContext,
    leaseTtlMs: number | (() => number),
  ) {
    this.ttl = typeof leaseTtlMs === 'function' ? leaseTtlMs : () => leaseTtlMs;
  }

  private get leaseTtlMs(): number {
    return this.ttl();
  }

  start(): void {
    this.loop ??= this.scanLoop();
  }

  /** Subscription ids whose worker runs in this process. */
  active(): string[] {
    return [...this.running.keys()];
  }

  /** Scans now instead of at the next tick (after a subscription was created); scans never overlap. */
  scan(): Promise<void> {
    const next = this.scanning.then(() => this.scanOnce());
    this.scanning = next.catch(() => {});
    return next;
  }

  private async scanOnce(): Promise<void> {
    const now = () => this.ctx.clock().getTime();
    const subscriptions = await this.ctx.store.subscriptions({ mode: 'webhook' });
    const wanted = new Set(subscriptions.map((s) => s.id));
    for (const [id, run] of this.running) {
      if (!wanted.has(id)) {
        this.stop(id, run);
        continue;
      }
      const renewed = await this.ctx.store.renewLease(run.lease, this.leaseTtlMs, now());
      if (renewed) run.lease = renewed;
      else this.stop(id, run);
    }
    for (const id of wanted) {
      if (this.running.has(id) || this.stopper.signal.aborted) continue;
      const lease = await this.ctx.store.acquireLease(id, this.holder, this.leaseTtlMs, now());
      if (lease) this.launch(id, lease);
    }
  }

  private launch(id: string, lease: Lease): void {
    const abort = new AbortController();
    const run: Running = { lease, abort, done: Promise.resolve() };
    run.done = runWebhookWorker(this.ctx, id, () => run.lease, abort.signal)
      .catch((error) => this.ctx.onError(error, id))
      .finally(() => {
        if (this.running.get(id) === run) this.running.delete(id);
      });
    this.running.set(id, run);
  }

  private stop(id: string, run: Running): void {
    run.abort.abort();
    this.running.delete(id);
  }

  private async scanLoop(): Promise<void> {
    const signal = this.stopper.signal;
    while (!signal.aborted) {
      await this.scan().catch((error) => this.ctx.onError(error, '*'));
      await sleep(this.leaseTtlMs / 3, signal);
    }
  }

  async close(): Promise<void> {
    this.stopper.abort();
    await this.loop;
    const runs = [...this.running.values()];
    this.running.clear();
    for (const run of runs) run.abort.abort();
    await Promise.allSettled(runs.map((r) => r.done));
    await Promise.allSettled(runs.map((r) => this.ctx.store.releaseLease(r.lease)));
  }
}
