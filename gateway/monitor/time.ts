/**
 * Time helpers of the monitor: expected cadences (seconds or ISO 8601 durations) and reporting
 * days, which follow China Standard Time (Asia/Shanghai, UTC+8 all year: no daylight saving).
 */

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** The day (`YYYY-MM-DD`, Asia/Shanghai) of an instant. */
export function shanghaiDay(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instants [start, end) of a Shanghai day, or null when `day` is not a real date. */
export function dayBounds(day: string): { startMs: number; endMs: number } | null {
  const match = DAY.exec(day);
  if (!match) return null;
  const utcMidnight = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(utcMidnight) || new Date(utcMidnight).toISOString().slice(0, 10) !== day) return null;
  return { startMs: utcMidnight - SHANGHAI_OFFSET_MS, endMs: utcMidnight - SHANGHAI_OFFSET_MS + 86_400_000 };
}

/**
 * Seconds of an expected cadence: a positive number of seconds, or an ISO 8601 duration with
 * weeks, days, hours, minutes and seconds (`PT15M`, `P1D`); null when it is neither.
 */
export function cadenceSeconds(cadence: number | string | undefined): number | null {
  if (cadence === undefined) return null;
  if (typeof cadence === 'number') return Number.isFinite(cadence) && cadence > 0 ? cadence : null;
  const match = DURATION.exec(cadence);
  if (!match || cadence === 'P' || cadence.endsWith('T')) return null;
  const [, w, d, h, m, s] = match.map((part) => (part === undefined ? 0 : Number(part))) as number[];
  const seconds = w! * 604_800 + d! * 86_400 + h! * 3600 + m! * 60 + s!;
  return seconds > 0 ? seconds : null;
}
