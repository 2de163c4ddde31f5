/**
 * Sync health of the publishing systems, as the ministry sees it: when each last pushed (accepted
 * and rejected), how fresh that is against its expected cadence, how much it pushed and how much
 * was refused over the last hour and day, why, and a status: OK, WARN (late, or many rejections)
 * or SILENT (nothing accepted for several cadences, or ever).
 */
import type { Config } from '../config/index.ts';
import type { SystemEntry } from '../registry/index.ts';
import type { MonitorStore } from '../store/index.ts';
import { cadenceSeconds } from './time.ts';

/** A system's sync status. */
export type SystemStatus = 'OK' | 'WARN' | 'SILENT';

/** Why a system is not OK. */
export type SystemReason = 'never_accepted' | 'silent' | 'late' | 'rejections';

/** Accepted and rejected pushes over a window. */
export interface WindowCounts {
  accepted: number;
  rejected: number;
}

/** One system's health. */
export interface SystemHealth {
  id: string;
  name: string;
  kind: SystemEntry['kind'];
  status: SystemStatus;
  reasons: SystemReason[];
  expectedCadenceS: number;
  lastAcceptedAt: string | null;
  lastRejectedAt: string | null;
  /** Seconds since the last accepted push (null: never). */
  ageS: number | null;
  counts: { '1h': WindowCounts; '24h': WindowCounts };
  /** The most frequent rejection codes of the last 24 hours. */
  topRejectionCodes: { code: string; count: number }[];
  /** Accepted and rejected per hour over the last 24 hours, oldest first. */
  trend: { bucketS: number; accepted: number[]; rejected: number[] };
}

const HOUR_MS = 3600_000;
const TREND_BUCKETS = 24;
const TOP_CODES = 5;

/** The thresholds that decide a system's status. */
export type SystemThresholds = Pick<Config['monitor'], 'defaultCadenceS' | 'latePercent' | 'silentPercent' | 'rejectWarnPercent'>;

/** The status and reasons of a system from its figures. */
export function systemStatus(
  input: { cadenceS: number; ageS: number | null; lastHour: WindowCounts },
  thresholds: SystemThresholds,
): { status: SystemStatus; reasons: SystemReason[] } {
  const reasons: SystemReason[] = [];
  if (input.ageS === null) reasons.push('never_accepted');
  else if (input.ageS * 100 > input.cadenceS * thresholds.silentPercent) reasons.push('silent');
  else if (input.ageS * 100 > input.cadenceS * thresholds.latePercent) reasons.push('late');
  const { accepted, rejected } = input.lastHour;
  if (rejected > 0 && rejected * 100 >= (accepted + rejected) * thresholds.rejectWarnPercent) reasons.push('rejections');
  const status: SystemStatus =
    reasons.includes('never_accepted') || reasons.includes('silent') ? 'SILENT' : reasons.length > 0 ? 'WARN' : 'OK';
  return { status, reasons };
}

/** Health of every system that publishes (or has pushed anything), in registry order. */
export async function systemsHealth(
  systems: readonly SystemEntry[],
  store: MonitorStore,
  thresholds: SystemThresholds,
  nowMs: number,
): Promise<SystemHealth[]> {
  const trendStart = Math.floor(nowMs / HOUR_MS) * HOUR_MS - (TREND_BUCKETS - 1) * HOUR_MS;
  const [last, hour, day, codes, buckets] = await Promise.all([
    store.lastActivity(),
    store.counts(nowMs - HOUR_MS),
    store.counts(nowMs - 24 * HOUR_MS),
    store.rejectionCodes(nowMs - 24 * HOUR_MS),
    store.buckets(trendStart, HOUR_MS),
  ]);
  const lastOf = new Map(last.map((l) => [l.systemId, l]));
  const hourOf = new Map(hour.map((c) => [c.systemId, c]));
  const dayOf = new Map(day.map((c) => [c.systemId, c]));
  const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
  return systems
    .filter((s) => s.publish !== undefined || lastOf.has(s.id))
    .map((system) => {
      const activity = lastOf.get(system.id);
      const cadenceS = cadenceSeconds(system.expectedCadence) ?? thresholds.defaultCadenceS;
      const ageS = activity?.lastAcceptedMs != null ? Math.max(0, (nowMs - activity.lastAcceptedMs) / 1000) : null;
      const lastHour = counted(hourOf.get(system.id));
      const trend = {
        bucketS: HOUR_MS / 1000,
        accepted: new Array<number>(TREND_BUCKETS).fill(0),
        rejected: new Array<number>(TREND_BUCKETS).fill(0),
      };
      for (const b of buckets) {
        if (b.systemId !== system.id) continue;
        const i = Math.round((b.bucketStartMs - trendStart) / HOUR_MS);
        if (i < 0 || i >= TREND_BUCKETS) continue;
        trend.accepted[i] = b.accepted;
        trend.rejected[i] = b.rejected;
      }
      return {
        id: system.id,
        name: system.name,
        kind: system.kind,
        ...systemStatus({ cadenceS, ageS, lastHour }, thresholds),
        expectedCadenceS: cadenceS,
        lastAcceptedAt: iso(activity?.lastAcceptedMs),
        lastRejectedAt: iso(activity?.lastRejectedMs),
        ageS: ageS === null ? null : Math.round(ageS),
        counts: { '1h': lastHour, '24h': counted(dayOf.get(system.id)) },
        topRejectionCodes: codes
          .filter((c) => c.systemId === system.id)
          .slice(0, TOP_CODES)
          .map(({ code, count }) => ({ code, count })),
        trend,
      };
    });
}

function counted(c: WindowCounts | undefined): WindowCounts {
  return { accepted: c?.accepted ?? 0, rejected: c?.rejected ?? 0 };
}
