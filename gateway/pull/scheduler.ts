/**
 * The pull scheduler: one polling loop per registered system whose adapter binding has `pull`.
 * A loop drains pages back to back while they bring something, waits the interval when the feed
 * is idle, and backs off (1 s doubling up to the interval) after failures, which it records
 * beside the cursor for monitoring. Systems added to the registry later are picked up within
 * `rescanSeconds`; a loop ends when its system loses its pull binding. start() begins the loops;
 * close() stops them and waits.
 *
 * Several gateway processes on one state store all run loops, but only one of them polls a system
 * at a time: before each poll a loop takes or extends the system's polling lease (two intervals
 * plus the request timeout), and a loop without it waits an interval and asks again. A stopped
 * loop gives its lease up; a process that dies leaves it to expire, and another takes over.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../core/index.ts';
import type { SystemEntry, SystemRegistry } from '../registry/index.ts';
import { type PollDeps, type PollOutcome, pollOnce } from './poller.ts';

/** What the scheduler needs besides what a poll needs. */
export interface PullSchedulerDeps extends PollDeps {
  registry: Pick<SystemRegistry, 'systems' | 'byId'>;
  logger: Logger;
  /** Seconds between polls of an idle feed when neither the registry nor the manifest says (default 30). */
  defaultIntervalSeconds?: number;
  /** Seconds between looks at the registry for newly pulled systems (default 10). */
  rescanSeconds?: number;
}

/** Runs the polling loops of every pulled system. */
export class PullScheduler {
  private controller: AbortController | null = null;
  /** The running loop of each pulled system, and the registry watcher. */
  private readonly loops = new Map<string, Promise<void>>();
  private watcher: Promise<void> | null = null;
  /** Bindings already reported as invalid, so a bad entry is logged once, not at every rescan. */
  private readonly reported = new Set<string>();
  private readonly listeners: ((systemId: string, outcome: PollOutcome) => void)[] = [];
  /** This scheduler's name as the holder of polling leases. */
  private readonly holder = randomUUID();

  constructor(private readonly deps: PullSchedulerDeps) {}

  /** Calls `listener` after every poll (for tests and metrics). */
  onPoll(listener: (systemId: string, outcome: PollOutcome) => void): void {
    this.listeners.push(listener);
  }

  /** The systems polled: those whose adapter binding declares pull. */
  pulledSystems(): SystemEntry[] {
    return this.deps.registry.systems().filter((s) => s.adapter?.pull !== undefined);
  }

  async start(): Promise<void> {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    this.startNewLoops(controller.signal);
    this.watcher = (async () => {
      while (!controller.signal.aborted) {
        await sleep((this.deps.rescanSeconds ?? 10) * 1000, controller.signal);
        if (!controller.signal.aborted) this.startNewLoops(controller.signal);
      }
    })();
  }

  async close(): Promise<void> {
    this.controller?.abort();
    this.controller = null;
    await Promise.allSettled([...this.loops.values(), this.watcher]);
    this.loops.clear();
    this.watcher = null;
  }

  /** Starts a loop for every pulled system that has none and a valid binding. */
  private startNewLoops(signal: AbortSignal): void {
    for (const system of this.pulledSystems()) {
      if (this.loops.has(system.id)) continue;
      const binding = system.adapter!;
      const problems = this.deps.adapters.checkConfig(binding.id, binding.config ?? {});
      if (!this.deps.adapters.get(binding.id)?.pull)
        problems.push({
          pointer: '/adapter/id',
          keyword: 'pull',
          message: { zh: '该适配器不支持拉取模式', en: 'the adapter has no pull mode' },
        });
      if (problems.length > 0) {
        // One system's bad binding must not keep the others from being pulled.
        const key = `${system.id}\u0000${JSON.stringify(binding)}`;
        if (!this.reported.has(key)) {
          this.reported.add(key);
          this.deps.logger.error('pull not started for a system: its adapter binding is invalid', {
            systemId: system.id,
            adapter: binding.id,
            problems: problems.map((p) => `${p.pointer} ${p.message.en}`),
          });
        }
        continue;
      }
      const loop = this.loop(system.id, signal).finally(() => this.loops.delete(system.id));
      this.loops.set(system.id, loop);
    }
  }

  private intervalMs(system: SystemEntry): number {
    const manifestSeconds = system.adapter ? this.deps.adapters.get(system.adapter.id)?.manifest.pull?.intervalSeconds : undefined;
    return (system.adapter?.pull?.intervalSeconds ?? manifestSeconds ?? this.deps.defaultIntervalSeconds ?? 30) * 1000;
  }

  /** How long a polling lease lasts: longer than the holder's longest pause between two polls. */
  private leaseMs(system: SystemEntry): number {
    return 2 * this.intervalMs(system) + (system.adapter?.pull?.timeoutSeconds ?? 10) * 1000;
  }

  private async loop(systemId: string, signal: AbortSignal): Promise<void> {
    try {
      await this.pollWhileRunning(systemId, signal);
    } finally {
      await this.deps.cursors.releasePolling(systemId, this.holder).catch(() => {});
    }
  }

  private async pollWhileRunning(systemId: string, signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      // Read the entry each time, so a registry reload's new binding applies to the next poll.
      const system = this.deps.registry.byId(systemId);
      if (!system?.adapter?.pull) return;
      const leased = await this.deps.cursors
        .leasePolling(systemId, this.holder, this.leaseMs(system), (this.deps.now ?? Date.now)())
        .catch((error: unknown) => error as Error);
      if (leased === false) {
        // Another process polls this system; ask again after an interval.
        await sleep(this.intervalMs(system), signal);
        continue;
      }
      const outcome: PollOutcome =
        leased instanceof Error ? { kind: 'failed', error: `polling lease: ${leased.message}` } : await pollOnce(system, this.deps, signal);
      if (signal.aborted) return;
      for (const listener of this.listeners) listener(systemId, outcome);
      const interval = this.intervalMs(system);
      let waitMs: number;
      if (outcome.kind === 'failed') {
        failures += 1;
        waitMs = Math.min(interval, 1000 * 2 ** (failures - 1));
        this.deps.logger.warn('pull failed', { systemId, error: outcome.error, retryInMs: waitMs });
        await this.deps.cursors.recordFailure(systemId, outcome.error, (this.deps.now ?? Date.now)()).catch(() => {});
      } else {
        failures = 0;
        if (outcome.kind === 'page' && outcome.rejected.length > 0) {
          this.deps.logger.warn('pulled records refused by the standard', { systemId, refused: outcome.rejected.length });
        }
        // A page that moved the cursor may have more behind it: ask again at once.
        waitMs = outcome.kind === 'page' && outcome.moved ? 0 : interval;
      }
      await sleep(waitMs, signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
