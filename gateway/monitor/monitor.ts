/**
 * The ministry's monitor, assembled: the ingest observer, the accepted-record index, system and
 * subscription health with their thresholds, reconciliation manifests, readiness, the observable
 * gauges of /metrics, and the dashboard's tokens. Built once by the composition root; start()
 * indexes the journal and keeps indexing; close() stops.
 */
import { randomBytes } from 'node:crypto';
import type { BatchObservableResult } from '@opentelemetry/api';
import type { Config } from '../config/index.ts';
import { admits } from '../delivery/index.ts';
import { type IngestObserver, PROJECTOR_GROUP } from '../ingest/index.ts';
import type { RecordLog } from '../log/index.ts';
import type { SystemEntry } from '../registry/index.ts';
import type { DeliveryStore, FeedFilter, JournalEntry, JournalStore, MonitorStore, Subscription } from '../store/index.ts';
import { instruments } from '../telemetry/index.ts';
import { AcceptedIndexer } from './indexer.ts';
import { LogLag } from './log-lag.ts';
import { monitorObserver } from './observer.ts';
import { ReadinessCheck } from './readiness.ts';
import type { ManifestEntry } from './reconciliation.ts';
import { type SubscriptionHealth, subscriptionHealth } from './subscriptions.ts';
import { type SystemHealth, systemsHealth } from './systems.ts';
import { dayBounds } from './time.ts';
import { DashboardTokens } from './tokens.ts';

/** What the monitor reads. */
export interface MonitorDeps {
  settings: Config['monitor'];
  systems: () => readonly SystemEntry[];
  store: MonitorStore;
  delivery: DeliveryStore;
  journal: JournalStore;
  log: Pick<RecordLog, 'writable' | 'backlog'>;
  /** True when the receipt signing key is loaded. */
  signingKeyLoaded: () => boolean;
  /** The read entitlement of a system (null: nothing). */
  entitlement: (systemId: string) => FeedFilter | null;
  onError: (error: unknown) => void;
  now?: () => number;
}

/** A moment's view of everything the dashboard shows. */
export interface MonitorSnapshot {
  generatedAt: string;
  systems: SystemHealth[];
  subscriptions: (SubscriptionHealth & { lagTrend: number[] })[];
  log: LogHealth;
}

/** The projection of the log into the journal, as the dashboard and the API show it. */
export interface LogHealth {
  /** Versions this process appended that the journal does not show yet, and the age of the oldest. */
  lagEvents: number;
  lagSeconds: number;
  /** Events of the whole log the projector group (every process) has yet to consume; null when the log cannot be asked now. */
  backlogEvents: number | null;
}

/** How often the index catches up with journal entries written by other processes. */
const INDEX_POLL_MS = 2_000;
/** Snapshots younger than this are reused (dashboards, scrapes and API calls at the same moment). */
const SNAPSHOT_REUSE_MS = 500;
/** Lag samples kept per subscription for the dashboard's sparklines. */
const LAG_SAMPLES = 60;

/** The monitor. Construction does no I/O. */
export class Monitor {
  readonly logLag = new LogLag();
  readonly observer: IngestObserver;
  readonly indexer: AcceptedIndexer;
  readonly readiness: ReadinessCheck;
  readonly tokens: DashboardTokens;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private snapshotCache: { atMs: number; value: Promise<MonitorSnapshot> } | null = null;
  private readonly lagSamples = new Map<string, { atMs: number; values: number[] }>();
  private gauges: { unregister(): void } | null = null;
  private closer = new AbortController();
  private lastPruneMs = 0;

  constructor(private readonly deps: MonitorDeps) {
    this.now = deps.now ?? Date.now;
    this.observer = monitorObserver({ store: deps.store, logLag: this.logLag, onError: deps.onError, now: this.now });
    this.indexer = new AcceptedIndexer(deps.journal, deps.store);
    this.readiness = new ReadinessCheck(
      { log: deps.log, journal: deps.journal, signingKeyLoaded: deps.signingKeyLoaded },
      deps.settings.readyCacheMs,
      this.now,
    );
    this.tokens = new DashboardTokens(deps.settings.tokenSecret, 15 * 60_000);
  }

  /** Aborted when the monitor closes: live streams end. */
  get closing(): AbortSignal {
    return this.closer.signal;
  }

  get settings(): Config['monitor'] {
    return this.deps.settings;
  }

  async start(): Promise<void> {
    if (this.closer.signal.aborted) this.closer = new AbortController();
    // Without a configured key, the processes sharing the store agree on one kept there.
    if (!this.deps.settings.tokenSecret)
      this.tokens.useSecret(await this.deps.store.sharedSecret('dashboard-tokens', randomBytes(32).toString('base64url')));
    await this.indexer.catchUp();
    this.timer = setInterval(() => void this.tick(), INDEX_POLL_MS);
    this.timer.unref();
    this.gauges = this.registerGauges();
  }

  async close(): Promise<void> {
    this.closer.abort();
    this.indexer.stop();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.gauges?.unregister();
    this.gauges = null;
  }

  /** Called with every batch this process projects (`fresh`: the entries it added): index them. */
  projected(eventIds: string[], fresh: JournalEntry[]): void {
    this.logLag.projected(eventIds);
    // After close() the stores are about to close: the next start indexes what is left.
    if (!this.closer.signal.aborted) void this.indexer.offer(fresh).catch(this.deps.onError);
  }

  private async tick(): Promise<void> {
    try {
      await this.indexer.catchUp();
      const nowMs = this.now();
      if (nowMs - this.lastPruneMs > 3600_000) {
        this.lastPruneMs = nowMs;
        await this.deps.store.pruneRejections(nowMs - this.deps.settings.rejectionRetentionDays * 86_400_000);
      }
    } catch (error) {
      this.deps.onError(error);
    }
  }

  /** Health of every publishing system. */
  async systems(): Promise<SystemHealth[]> {
    await this.indexer.catchUp();
    return systemsHealth(this.deps.systems(), this.deps.store, this.deps.settings, this.now());
  }

  /** Health of every subscription, with each one's recent lag samples. */
  async subscriptions(): Promise<MonitorSnapshot['subscriptions']> {
    const nowMs = this.now();
    const [subscriptions, head] = await Promise.all([this.deps.delivery.subscriptions(), this.deps.journal.journalHead()]);
    const health = await Promise.all(subscriptions.map((s) => subscriptionHealth(s, this.deps, head, this.deps.settings, nowMs)));
    return health.map((h) => ({ ...h, lagTrend: this.sampleLag(h, nowMs) }));
  }

  /** This process's projection lag and the projector group's backlog over the whole log. */
  async logHealth(nowMs = this.now()): Promise<LogHealth> {
    const [lag, backlogEvents] = await Promise.all([
      this.logLag.measure(this.deps.journal, nowMs),
      this.deps.log.backlog(PROJECTOR_GROUP).catch(() => null),
    ]);
    return { lagEvents: lag.events, lagSeconds: lag.seconds, backlogEvents };
  }

  /** Everything at once (reused for half a second). */
  snapshot(): Promise<MonitorSnapshot> {
    const nowMs = this.now();
    if (this.snapshotCache && nowMs - this.snapshotCache.atMs < SNAPSHOT_REUSE_MS) return this.snapshotCache.value;
    const value = (async () => {
      const [systems, subscriptions, log] = await Promise.all([this.systems(), this.subscriptions(), this.logHealth(nowMs)]);
      return { generatedAt: new Date(nowMs).toISOString(), systems, subscriptions, log };
    })();
    value.catch(() => {
      if (this.snapshotCache?.value === value) this.snapshotCache = null;
    });
    this.snapshotCache = { atMs: nowMs, value };
    return value;
  }

  private sampleLag(health: SubscriptionHealth, nowMs: number): number[] {
    let samples = this.lagSamples.get(health.id);
    if (!samples) {
      samples = { atMs: 0, values: [] };
      this.lagSamples.set(health.id, samples);
    }
    if (health.lag && nowMs - samples.atMs >= Math.min(this.deps.settings.refreshMs, 5_000) / 2) {
      samples.values.push(health.lag.events);
      if (samples.values.length > LAG_SAMPLES) samples.values.shift();
      samples.atMs = nowMs;
    }
    return [...samples.values];
  }

  /** The versions a system had accepted on a Shanghai day; null when the day is not a date. */
  async acceptedManifest(systemId: string, day: string): Promise<ManifestEntry[] | null> {
    if (!dayBounds(day)) return null;
    await this.indexer.catchUp();
    const rows = await this.deps.store.acceptedOn(systemId, day);
    return rows.map(({ recordId, version, contentHash }) => ({ recordId, version, contentHash }));
  }

  /**
   * What a subscription was sent of the versions accepted on a day: for webhooks, those it admits
   * up to its cursor that are not dead letters; for pull and SSE (whose clients hold their
   * cursors), all it admits. Null when the day is not a date.
   */
  async sentManifest(
    subscription: Subscription,
    day: string,
  ): Promise<{ basis: 'delivered' | 'available'; entries: (ManifestEntry & { seq: number })[] } | null> {
    if (!dayBounds(day)) return null;
    await this.indexer.catchUp();
    const rows = await this.deps.store.acceptedOn(null, day);
    const webhook = subscription.mode === 'webhook';
    const cursor = webhook ? (await this.deps.delivery.cursor(subscription.id)).seq : Number.MAX_SAFE_INTEGER;
    const wanted = new Set(rows.filter((r) => r.seq <= cursor).map((r) => r.seq));
    const dead = new Set<string>();
    if (webhook)
      for (const d of await this.deps.delivery.deadLetters({ subscriptionId: subscription.id, limit: 100_000 })) dead.add(d.eventId);
    const entitlement = this.deps.entitlement(subscription.systemId);
    const entries: (ManifestEntry & { seq: number })[] = [];
    for await (const entry of this.journalRange(wanted)) {
      if (dead.has(entry.envelope.id) || !admits(subscription.filter, entitlement, entry.envelope)) continue;
      entries.push({
        recordId: entry.envelope.subject,
        version: entry.envelope.recordversion,
        contentHash: entry.envelope.contenthash,
        seq: entry.seq,
      });
    }
    return { basis: webhook ? 'delivered' : 'available', entries };
  }

  /** The journal entries with the given seqs, in seq order. */
  private async *journalRange(seqs: Set<number>): AsyncGenerator<JournalEntry> {
    if (seqs.size === 0) return;
    const sorted = [...seqs].sort((a, b) => a - b);
    let after = sorted[0]! - 1;
    const last = sorted[sorted.length - 1]!;
    while (after < last) {
      const page = await this.deps.journal.readJournal(after, 1000);
      if (page.length === 0) return;
      for (const entry of page) if (seqs.has(entry.seq)) yield entry;
      after = page[page.length - 1]!.seq;
    }
  }

  /** The observable gauges of /metrics: log and subscriber lag, dead letters, endpoint and system states. */
  private registerGauges(): { unregister(): void } {
    const { meter } = instruments();
    const logLagEvents = meter.createObservableGauge('pxg_log_lag_events', {
      description: 'Record versions appended by this process and not yet in the journal.',
    });
    const logLagSeconds = meter.createObservableGauge('pxg_log_lag_seconds', {
      description: 'Age of the oldest record version appended by this process and not yet in the journal.',
    });
    const logBacklog = meter.createObservableGauge('pxg_log_backlog_events', {
      description: 'Events of the whole log the projector (every process) has yet to consume.',
    });
    const subLagEvents = meter.createObservableGauge('pxg_subscription_lag_events', {
      description: 'Events a webhook subscription has yet to receive.',
    });
    const subLagSeconds = meter.createObservableGauge('pxg_subscription_lag_seconds', {
      description: 'Wait of the oldest event a webhook subscription has yet to receive.',
    });
    const deadLetters = meter.createObservableGauge('pxg_dead_letters', { description: 'Dead letters waiting, by subscription.' });
    const endpointState = meter.createObservableGauge('pxg_endpoint_state', {
      description: '1 for the current state of each webhook endpoint (active, failing, disabled), else 0.',
    });
    const subscriptionStatus = meter.createObservableGauge('pxg_subscription_status', {
      description: '1 for the current status of each subscription (OK, WARN, STALLED, ERROR), else 0.',
    });
    const systemStatus = meter.createObservableGauge('pxg_system_status', {
      description: '1 for the current sync status of each publishing system (OK, WARN, SILENT), else 0.',
    });
    const lastAccepted = meter.createObservableGauge('pxg_system_last_accepted_timestamp_seconds', {
      description: 'When each system last had a record accepted (Unix time).',
    });
    const all = [
      logLagEvents,
      logLagSeconds,
      logBacklog,
      subLagEvents,
      subLagSeconds,
      deadLetters,
      endpointState,
      subscriptionStatus,
      systemStatus,
      lastAccepted,
    ];
    const observe = async (result: BatchObservableResult) => {
      const snap = await this.snapshot();
      result.observe(logLagEvents, snap.log.lagEvents);
      result.observe(logLagSeconds, snap.log.lagSeconds);
      if (snap.log.backlogEvents !== null) result.observe(logBacklog, snap.log.backlogEvents);
      for (const s of snap.subscriptions) {
        const labels = { subscription: s.id, system: s.systemId };
        result.observe(deadLetters, s.deadLetters, labels);
        for (const status of ['OK', 'WARN', 'STALLED', 'ERROR'])
          result.observe(subscriptionStatus, s.status === status ? 1 : 0, { ...labels, status });
        if (s.lag) {
          result.observe(subLagEvents, s.lag.events, labels);
          result.observe(subLagSeconds, s.lag.seconds, labels);
        }
        if (s.endpoint)
          for (const state of ['active', 'failing', 'disabled'])
            result.observe(endpointState, s.endpoint.status === state ? 1 : 0, { ...labels, state });
      }
      for (const s of snap.systems) {
        for (const status of ['OK', 'WARN', 'SILENT']) result.observe(systemStatus, s.status === status ? 1 : 0, { system: s.id, status });
        if (s.lastAcceptedAt) result.observe(lastAccepted, Date.parse(s.lastAcceptedAt) / 1000, { system: s.id });
      }
    };
    // A failing store must not fail the whole scrape: the other instruments are still exported.
    const batch = (result: BatchObservableResult) => observe(result).catch((error) => this.deps.onError(error));
    meter.addBatchObservableCallback(batch, all);
    return { unregister: () => meter.removeBatchObservableCallback(batch, all) };
  }
}
