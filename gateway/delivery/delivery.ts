/**
 * The delivery layer, assembled: subscriptions, webhook workers, pull and stream feeds, dead
 * letters. Built once by the composition root. Construction does no I/O and does not even read
 * the config yet (it may come from the registry, loaded at start-up): the parts are built on
 * first use. start() syncs the registry's subscriptions and starts the workers; close() stops
 * them and closes the connection pools.
 */

import type { SubscriptionSpec } from '../registry/sections.ts';
import type { DeliveryStore, JournalStore } from '../store/port.ts';
import type { DeliveryConfig } from './config.ts';
import { DeadLetters } from './dead-letters.ts';
import type { FeedContext } from './feed.ts';
import { FeedReader } from './feed-reader.ts';
import type { OutboundFormats } from './format.ts';
import { JournalNotifier } from './notifier.ts';
import { syncRegistry } from './registry-sync.ts';
import { WebhookSender } from './sender.ts';
import { TargetGuard } from './ssrf.ts';
import { type SubscriberDirectory, Subscriptions, type SubscriptionsContext } from './subscriptions.ts';
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
  /** The settings, or how to get them once the registry is loaded. */
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
  config: DeliveryConfig;
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

  get config(): DeliveryConfig {
    return this.parts.config;
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

  private build(): Parts {
    const { deps } = this;
    const config = typeof deps.config === 'function' ? deps.config() : deps.config;
    const clock = deps.clock ?? (() => new Date());
    const guard = new TargetGuard(config.allowTargets);
    const sender = new WebhookSender(guard, {
      connections: config.connectionsPerEndpoint,
      requestTimeoutMs: config.policy.requestTimeoutMs,
    });
    const entitlement = (systemId: string) => deps.directory(systemId)?.read ?? null;
    const onError = (error: unknown, id: string) => this.onError(error, id);
    const workers = new WebhookWorkers(
      {
        store: deps.store,
        journal: deps.journal,
        notifier: this.notifier,
        sender,
        adapters: deps.adapters,
        entitlement,
        policy: config.policy,
        lanes: config.lanes,
        batchSize: config.batchSize,
        pollMs: config.pollMs,
        clock,
        onError,
      },
      config.leaseTtlMs,
    );
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
      rotationGraceMs: config.rotationGraceMs,
      clock,
      changed,
    };
    const subscriptions = new Subscriptions(subscriptionsContext);
    const deadLetters = new DeadLetters({ store: deps.store, sender, adapters: deps.adapters, clock, changed });
    const feed: FeedContext = { journal: deps.journal, notifier: this.notifier, entitlement, pollMs: config.pollMs };
    const feeds = new FeedReader({ subscriptions, store: deps.store, feed, adapters: deps.adapters });
    return { config, guard, sender, workers, subscriptions, subscriptionsContext, deadLetters, feed, feeds };
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

  /** Re-syncs the registry's subscriptions after a reload; problems are reported, nothing changes then. */
  async syncRegistry(): Promise<void> {
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
