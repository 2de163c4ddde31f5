/**
 * The delivery layer, assembled: subscriptions, webhook workers, pull and stream feeds, dead
 * letters. Built once by the composition root. Construction does no I/O and does not even read
 * the config yet (it may come from the registry, loaded at start-up): the parts are built on
 * first use, and read the current settings at every use, so a registry reload applies at once.
 * start() syncs the registry's subscriptions and starts the workers; close() stops them and
 * closes the connection pools.
 */
import type { AuditLog } from '../audit/index.ts';
import type { SubscriptionSpec } from '../registry/index.ts';
import type { DeliveryStore, JournalStore } from '../store/index.ts';
import type { DeliveryConfig } from './config.ts';
import { DeadLetters } from './dead-letters.ts';
import type { FeedContext } from './feed.ts';
import { FeedReader } from './feed-reader.ts';
import type { OutboundFormats } from './format.ts';
import { JournalNotifier } from './notifier.ts';
import { planRegistry, syncRegistry } from './registry-sync.ts';
import { WebhookSender } from './sender.ts';
import { allowListProblems, TargetGuard } from './ssrf.ts';
import { type SubscriberDirectory, Subscriptions, type SubscriptionsContext } from './subscriptions.ts';
import type { WorkerContext } from './worker-context.ts';
import { WebhookWorkers } from './workers.ts';

/** What the delivery layer is built from. */
export interface DeliveryDeps {
  store: DeliveryStore;
  /** The journal every feed reads. */
  journal: JournalStore;
  /** Woken by the projection path of this process (gateway/ingest/projection-path.ts); one is made when absent. */
  notifier?: JournalNotifier;
  adapters: OutboundFormats;
  directory: SubscriberDirectory;
  /** Where administrative actions on subscriptions and dead letters are recorded. */
  audit: AuditLog;
  /** The settings, or how to get the current ones (asked at every use, so a registry reload applies at once). */
  config: DeliveryConfig | (() => DeliveryConfig);
  /** The registry's `subscriptions` section, read at start(). */
  registrySubscriptions?: () => readonly SubscriptionSpec[];
  env?: Record<string, string | undefined>;
  clock?: () => Date;
  onError?: (error: unknown, subscriptionId: string) => void;
  /** Run webhook workers in this process (default true). */
  workers?: boolean;
}

interface Parts {
  guard: TargetGuard;
  sender: WebhookSender;
  workers: WebhookWorkers;
  subscriptions: Subscriptions;
  subscriptionsContext: SubscriptionsContext;
  deadLetters: DeadLetters;
  feed: FeedContext;
  feeds: FeedReader;
}

/** The assembled delivery layer. */
export class Delivery {
  readonly notifier: JournalNotifier;
  readonly adapters: OutboundFormats;
  readonly #closing = new AbortController();
  #parts: Parts | null = null;
  #pruner: NodeJS.Timeout | null = null;
  #syncing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: DeliveryDeps) {
    this.notifier = deps.notifier ?? new JournalNotifier();
    this.adapters = deps.adapters;
  }

  private get parts(): Parts {
    this.#parts ??= this.build();
    return this.#parts;
  }

  /** Aborts when the delivery layer closes: open long-polls and streams end before the stores close. */
  get closing(): AbortSignal {
    return this.#closing.signal;
  }

  /** The current settings (a registry reload's apply at once). */
  get config(): DeliveryConfig {
    return this.current();
  }
  get guard(): TargetGuard {
    return this.parts.guard;
  }
  get sender(): WebhookSender {
    return this.parts.sender;
  }
  get workers(): WebhookWorkers {
    return this.parts.workers;
  }
  get subscriptions(): Subscriptions {
    return this.parts.subscriptions;
  }
  get deadLetters(): DeadLetters {
    return this.parts.deadLetters;
  }
  get feed(): FeedContext {
    return this.parts.feed;
  }
  /** Pull and stream feeds, for the feed routes. */
  get feeds(): FeedReader {
    return this.parts.feeds;
  }

  /** The current settings: with a function, what it returns now (after a registry reload, the new ones). */
  private current(): DeliveryConfig {
    return typeof this.deps.config === 'function' ? this.deps.config() : this.deps.config;
  }

  private build(): Parts {
    const { deps } = this;
    const current = () => this.current();
    const clock = deps.clock ?? (() => new Date());
    // Every part reads its settings through `current`, never a copy: a registry reload applies at the next use.
    const guard = new TargetGuard(() => current().allowTargets);
    const sender = new WebhookSender(guard, () => ({
      connections: current().connectionsPerEndpoint,
      requestTimeoutMs: current().policy.requestTimeoutMs,
    }));
    const entitlement = (systemId: string) => deps.directory(systemId)?.read ?? null;
    const onError = (error: unknown, id: string) => this.onError(error, id);
    const workerContext: WorkerContext = {
      store: deps.store,
      journal: deps.journal,
      notifier: this.notifier,
      sender,
      adapters: deps.adapters,
      entitlement,
      get policy() {
        return current().policy;
      },
      get lanes() {
        return current().lanes;
      },
      get batchSize() {
        return current().batchSize;
      },
      get pollMs() {
        return current().pollMs;
      },
      clock,
      onError,
    };
    const workers = new WebhookWorkers(workerContext, () => current().leaseTtlMs);
    const changed = () => {
      // Workers re-read subscriptions and endpoint states at each batch; a scan picks up new ones now.
      void workers.scan().catch((error) => onError(error, '*'));
      this.notifier.wake();
    };
    const subscriptionsContext: SubscriptionsContext = {
      store: deps.store,
      journal: deps.journal,
      guard,
      adapters: deps.adapters,
      directory: deps.directory,
      get rotationGraceMs() {
        return current().rotationGraceMs;
      },
      clock,
      changed,
      audit: deps.audit,
    };
    const subscriptions = new Subscriptions(subscriptionsContext);
    const deadLetters = new DeadLetters({ store: deps.store, sender, adapters: deps.adapters, clock, changed, audit: deps.audit });
    const feed: FeedContext = {
      journal: deps.journal,
      notifier: this.notifier,
      entitlement,
      pause: async (id) => (await deps.store.subscription(id))?.paused,
      get pollMs() {
        return current().pollMs;
      },
    };
    const feeds = new FeedReader({ subscriptions, store: deps.store, feed, adapters: deps.adapters });
    return { guard, sender, workers, subscriptions, subscriptionsContext, deadLetters, feed, feeds };
  }

  /**
   * Checks a candidate registry's delivery settings and declared subscriptions against the
   * candidate's own entitlements and allow-list, changing nothing; returns every problem.
   */
  async checkRegistry(candidate: {
    directory: SubscriberDirectory;
    config: DeliveryConfig;
    subscriptions: readonly SubscriptionSpec[];
  }): Promise<string[]> {
    const problems = allowListProblems(candidate.config.allowTargets).map((p) => `delivery: ${p}`);
    if (problems.length > 0) return problems;
    const ctx: SubscriptionsContext = {
      ...this.parts.subscriptionsContext,
      directory: candidate.directory,
      guard: new TargetGuard(candidate.config.allowTargets),
    };
    const plan = await planRegistry(ctx, candidate.subscriptions, this.deps.env ?? process.env);
    return plan.problems;
  }

  /** Syncs the registry's subscriptions (throws listing every problem) and starts the workers. */
  async start(): Promise<void> {
    const specs = this.deps.registrySubscriptions?.() ?? [];
    const problems = await syncRegistry(this.parts.subscriptionsContext, specs, this.deps.env ?? process.env);
    if (problems.length > 0) throw new Error(`invalid registry subscriptions:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    if (this.deps.workers !== false) this.workers.start();
    this.#pruner = setInterval(() => void this.pruneAttempts(), 3600_000);
    this.#pruner.unref();
  }

  /** Deletes delivery attempts older than the retention. */
  async pruneAttempts(): Promise<void> {
    const before = new Date((this.deps.clock ?? (() => new Date()))().getTime() - this.config.attemptRetentionMs).toISOString();
    await this.deps.store.pruneAttempts(before).catch((error) => this.onError(error, '*'));
  }

  /**
   * Re-syncs the registry's subscriptions after a reload; problems are reported, nothing changes then.
   * Syncs of this process run one after another, so a change is made (and audited) once.
   */
  syncRegistry(): Promise<void> {
    const next = this.#syncing.then(() => this.syncOnce());
    this.#syncing = next;
    return next;
  }

  private async syncOnce(): Promise<void> {
    if (!this.#parts || this.#closing.signal.aborted) return;
    try {
      const problems = await syncRegistry(
        this.parts.subscriptionsContext,
        this.deps.registrySubscriptions?.() ?? [],
        this.deps.env ?? process.env,
      );
      if (problems.length > 0) this.onError(new Error(`registry subscriptions not applied:\n${problems.join('\n')}`), '*');
    } catch (error) {
      this.onError(error, '*');
    }
  }

  private onError(error: unknown, subscriptionId: string): void {
    (this.deps.onError ?? ((e: unknown, id: string) => console.error(`delivery: subscription ${id}:`, e)))(error, subscriptionId);
  }

  async close(): Promise<void> {
    this.#closing.abort();
    if (this.#pruner) clearInterval(this.#pruner);
    if (!this.#parts) return;
    await this.#parts.workers.close();
    await this.#parts.sender.close();
  }
}
