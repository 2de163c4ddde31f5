/**
 * Day arithmetic in China Standard Time (UTC+8, no daylight saving), as the procurement
 * rules count days. Working days are Monday to Friday: public holidays and their
 * make-up working days are not modelled, so rules that count working days warn rather than reject.
 */

const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3_600_000;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * Milliseconds since the epoch of an RFC 3339 date-time, or undefined. Hand-parsed: records
 * have passed the date-time format already, and Date.parse costs more than all other rules.
 */
export function instant(dateTime: string | undefined): number | undefined {
  if (typeof dateTime !== 'string') return undefined;
  const m = RFC3339.exec(dateTime);
  if (!m) return undefined;
  const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  const local = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) + Math.floor(fraction);
  const offset = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) * 60_000 : 0;
  const ms = local - offset;
  return Number.isFinite(ms) ? ms : undefined;
}

/** Day number (days since 1970-01-01 in UTC+8) of an RFC 3339 date-time, or undefined if unparsable. */
export function cstDay(dateTime: string | undefined): number | undefined {
  const ms = instant(dateTime);
  return ms === undefined ? undefined : Math.floor((ms + CST_OFFSET_MS) / DAY_MS);
}

/** True if the day is Monday to Friday (1970-01-01, day 0, was a Thursday). */
export function isWorkingDay(day: number): boolean {
  const weekday = (((day + 4) % 7) + 7) % 7;
  return weekday !== 0 && weekday !== 6;
}

/** Number of working days after `from` up to and including `to` (0 if `to` <= `from`). */
export function workingDaysBetween(from: number, to: number): number {
  let count = 0;
  for (let d = from + 1; d <= to && count < 10_000; d++) if (isWorkingDay(d)) count++;
  return count;
}
