/**
 * Health of every subscription, in the manner of Burrow's consumer-lag evaluation: lag in events
 * and in seconds (journal head against the subscription's cursor, counting only what it admits),
 * webhook success rate and latency over the last hour, dead-letter depth and endpoint state, and
 * a status: OK, WARN (lagging, failing briefly, dead letters, low success rate), STALLED (events
 * wait and nothing was delivered for a long time) or ERROR (endpoint disabled or failing too long).
 */
import type { Config } from '../config/index.ts';
import { admits } from '../delivery/index.ts';
import type { DeliveryStore, EndpointState, FeedFilter, JournalStore, Subscription } from '../store/index.ts';

/** A subscription's status. */
export type SubscriptionStatus = 'OK' | 'WARN' | 'STALLED' | 'ERROR';

/** Why a subscription is not OK. */
export type SubscriptionReason = 'endpoint_disabled' | 'endpoint_failing' | 'stalled' | 'lagging' | 'dead_letters' | 'low_success_rate';

/** One subscription's health. */
export interface SubscriptionHealth {
  id: string;
  systemId: string;
  mode: Subscription['mode'];
  status: SubscriptionStatus;
  reasons: SubscriptionReason[];
  /** Null for pull and SSE subscriptions: their clients hold their cursors. */
  lag: { events: number; seconds: number; capped: boolean; cursor: number; head: number } | null;
  delivery: {
    attempts1h: number;
    successRate: number | null;
    latencyMs: { p50: number; p95: number } | null;
    lastSuccessAt: string | null;
    lastFailureAt: string | null;
  };
  deadLetters: number;
  endpoint: Pick<EndpointState, 'status' | 'reason' | 'since'> | null;
}

/** The thresholds that decide a subscription's status. */
export type SubscriptionThresholds = Pick<
  Config['monitor'],
  'lagWarnS' | 'lagWarnEvents' | 'stallS' | 'errorFailingS' | 'successWarnPercent'
>;

/** Journal entries scanned per subscription to count its lag; beyond, the count is a lower bound. */
const LAG_SCAN_CAP = 10_000;
/** Dead letters counted per subscription; beyond, the depth is a lower bound. */
const DEAD_LETTER_CAP = 1_000;
/** Attempts read per subscription for the success rate and latency. */
const ATTEMPTS_READ = 1_000;

/** What the health of a subscription is computed from. */
export interface SubscriptionSources {
  delivery: DeliveryStore;
  journal: JournalStore;
  /** The read entitlement of a system (null: nothing). */
  entitlement: (systemId: string) => FeedFilter | null;
}

/** The status and reasons of a subscription from its figures. */
export function subscriptionStatus(
  input: Pick<SubscriptionHealth, 'lag' | 'deadLetters' | 'endpoint' | 'delivery'>,
  thresholds: SubscriptionThresholds,
  nowMs: number,
): { status: SubscriptionStatus; reasons: SubscriptionReason[] } {
  const reasons: SubscriptionReason[] = [];
  const endpoint = input.endpoint;
  const failingForS = endpoint?.status === 'failing' ? (nowMs - Date.parse(endpoint.since)) / 1000 : 0;
  if (endpoint?.status === 'disabled') reasons.push('endpoint_disabled');
  else if (endpoint?.status === 'failing') reasons.push('endpoint_failing');
  const lastSuccessMs = input.delivery.lastSuccessAt ? Date.parse(input.delivery.lastSuccessAt) : null;
  const waiting = input.lag !== null && input.lag.events > 0;
  const stalled =
    waiting && input.lag!.seconds >= thresholds.stallS && (lastSuccessMs === null || nowMs - lastSuccessMs >= thresholds.stallS * 1000);
  if (stalled) reasons.push('stalled');
  else if (input.lag && (input.lag.seconds >= thresholds.lagWarnS || input.lag.events >= thresholds.lagWarnEvents)) reasons.push('lagging');
  if (input.deadLetters > 0) reasons.push('dead_letters');
  if (input.delivery.successRate !== null && input.delivery.successRate * 100 < thresholds.successWarnPercent)
    reasons.push('low_success_rate');
  const error = endpoint?.status === 'disabled' || (endpoint?.status === 'failing' && failingForS >= thresholds.errorFailingS);
  const status: SubscriptionStatus = error ? 'ERROR' : stalled ? 'STALLED' : reasons.length > 0 ? 'WARN' : 'OK';
  return { status, reasons };
}

/** Health of one subscription. */
export async function subscriptionHealth(
  subscription: Subscription,
  sources: SubscriptionSources,
  head: number,
  thresholds: SubscriptionThresholds,
  nowMs: number,
): Promise<SubscriptionHealth> {
  const webhook = subscription.mode === 'webhook';
  const [lag, endpoint, attempts, deadLetters] = await Promise.all([
    webhook ? lagOf(subscription, sources, head, nowMs) : null,
    webhook ? sources.delivery.endpointState(subscription.id) : null,
    webhook ? sources.delivery.attempts(subscription.id, { limit: ATTEMPTS_READ }) : [],
    sources.delivery.deadLetters({ subscriptionId: subscription.id, limit: DEAD_LETTER_CAP }),
  ]);
  const recent = attempts.filter((a) => nowMs - Date.parse(a.at) <= 3600_000);
  const delivered = recent.filter((a) => a.outcome === 'delivered').length;
  const latencies = recent.map((a) => a.latencyMs).sort((a, b) => a - b);
  const delivery = {
    attempts1h: recent.length,
    successRate: recent.length > 0 ? delivered / recent.length : null,
    latencyMs: latencies.length > 0 ? { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95) } : null,
    lastSuccessAt: endpoint?.lastSuccessAt ?? null,
    lastFailureAt: endpoint?.lastFailureAt ?? null,
  };
  const figures = {
    lag,
    deadLetters: deadLetters.length,
    endpoint: endpoint ? { status: endpoint.status, reason: endpoint.reason, since: endpoint.since } : null,
    delivery,
  };
  return {
    id: subscription.id,
    systemId: subscription.systemId,
    mode: subscription.mode,
    ...subscriptionStatus(figures, thresholds, nowMs),
    ...figures,
  };
}

/** Events after the cursor the subscription admits, and the wait of the oldest. */
async function lagOf(
  subscription: Subscription,
  sources: SubscriptionSources,
  head: number,
  nowMs: number,
): Promise<NonNullable<SubscriptionHealth['lag']>> {
  const cursor = (await sources.delivery.cursor(subscription.id)).seq;
  const entitlement = sources.entitlement(subscription.systemId);
  let events = 0;
  let oldestMs: number | null = null;
  let scanned = 0;
  let after = cursor;
  while (after < head && scanned < LAG_SCAN_CAP) {
    const page = await sources.journal.readJournal(after, Math.min(1000, LAG_SCAN_CAP - scanned));
    if (page.length === 0) break;
    for (const entry of page) {
      if (!admits(subscription.filter, entitlement, entry.envelope)) continue;
      events++;
      oldestMs ??= Date.parse(entry.envelope.time);
    }
    scanned += page.length;
    after = page[page.length - 1]!.seq;
  }
  return {
    events,
    seconds: oldestMs === null ? 0 : Math.max(0, Math.round((nowMs - oldestMs) / 1000)),
    capped: after < head,
    cursor,
    head,
  };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
