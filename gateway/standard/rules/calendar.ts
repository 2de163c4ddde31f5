/**
 * Day arithmetic in China Standard Time (UTC+8, no daylight saving), as the procurement
 * rules count days. Working days are Monday to Friday: public holidays and their
 * make-up working days are not modelled, so rules that count working days warn rather than reject.
 */

const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3_600_000;

/** Value of `count` ASCII digits at `at`, or NaN. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}

/**
 * Milliseconds since the epoch of an RFC 3339 date-time (yyyy-mm-ddThh:mm:ss[.fff](Z|±hh:mm)),
 * or undefined. Hand-parsed without allocating: Date.parse and a capturing RegExp cost more than
 * every other rule together.
 */
export function instant(dateTime: string | undefined): number | undefined {
  if (typeof dateTime !== 'string' || dateTime.length < 20 || dateTime.charCodeAt(4) !== 45 || dateTime.charCodeAt(7) !== 45) return undefined;
  let at = 19;
  let ms = 0;
  if (dateTime.charCodeAt(at) === 46) {
    let scale = 100;
    for (at++; at < dateTime.length; at++) {
      const d = dateTime.charCodeAt(at) - 48;
      if (d < 0 || d > 9) break;
      ms += d * scale;
      scale /= 10;
    }
  }
  let offset = 0;
  const sign = dateTime.charCodeAt(at);
  if (sign === 43 || sign === 45) {
    if (dateTime.length !== at + 6) return undefined;
    offset = (sign === 45 ? -1 : 1) * (digits(dateTime, at + 1, 2) * 60 + digits(dateTime, at + 4, 2)) * 60_000;
  } else if ((sign !== 90 && sign !== 122) || dateTime.length !== at + 1) return undefined;
  const local = Date.UTC(digits(dateTime, 0, 4), digits(dateTime, 5, 2) - 1, digits(dateTime, 8, 2), digits(dateTime, 11, 2), digits(dateTime, 14, 2), digits(dateTime, 17, 2));
  const result = local + Math.floor(ms) - offset;
  return Number.isFinite(result) ? result : undefined;
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
