/**
 * Day arithmetic in China Standard Time (UTC+8, no daylight saving), as the procurement
 * rules count days. Working days are Monday to Friday: public holidays and their
 * make-up working days are not modelled, so rules that count working days warn rather than reject.
 */

const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3_600_000;

/** Day number (days since 1970-01-01 in UTC+8) of an RFC 3339 date-time, or undefined if unparsable. */
export function cstDay(dateTime: string | undefined): number | undefined {
  if (typeof dateTime !== 'string') return undefined;
  const ms = Date.parse(dateTime);
  return Number.isNaN(ms) ? undefined : Math.floor((ms + CST_OFFSET_MS) / DAY_MS);
}

/** Milliseconds since the epoch, or undefined. */
export function instant(dateTime: string | undefined): number | undefined {
  if (typeof dateTime !== 'string') return undefined;
  const ms = Date.parse(dateTime);
  return Number.isNaN(ms) ? undefined : ms;
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
