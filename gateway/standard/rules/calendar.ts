/**
 * Day arithmetic in China Standard Time (UTC+8, no daylight saving), as the procurement
 * rules count days. Working days (工作日) follow the State Council's yearly holiday arrangement
 * (schemas/data/holidays.json, plus the years an operator adds with PXG_HOLIDAYS): its days off
 * are not working days, its weekend days worked are; otherwise Monday to Friday. A year without an
 * entry counts Monday to Friday, and `scheduleCaveat` tells the rules so, for them to say it.
 */
import { readFileSync } from 'node:fs';
import type { HolidaySchedule, HolidayYear } from '../holiday-schedule.ts';
import { holidayArrangements } from '../reference-data.ts';

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
  if (typeof dateTime !== 'string' || dateTime.length < 20 || dateTime.charCodeAt(4) !== 45 || dateTime.charCodeAt(7) !== 45)
    return undefined;
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
  const local = Date.UTC(
    digits(dateTime, 0, 4),
    digits(dateTime, 5, 2) - 1,
    digits(dateTime, 8, 2),
    digits(dateTime, 11, 2),
    digits(dateTime, 14, 2),
    digits(dateTime, 17, 2),
  );
  const result = local + Math.floor(ms) - offset;
  return Number.isFinite(result) ? result : undefined;
}

/** Day number (days since 1970-01-01 in UTC+8) of an RFC 3339 date-time, or undefined if unparsable. */
export function cstDay(dateTime: string | undefined): number | undefined {
  const ms = instant(dateTime);
  return ms === undefined ? undefined : Math.floor((ms + CST_OFFSET_MS) / DAY_MS);
}

/** Day number of a `yyyy-mm-dd` date, or throws. */
function dayOfDate(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || new Date(ms).toISOString().slice(0, 10) !== date) throw new Error(`holiday schedule: '${date}' is not a yyyy-mm-dd date`);
  return ms / DAY_MS;
}

/** Calendar year of a day number. */
export function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

function weekday(day: number): number {
  // 1970-01-01, day 0, was a Thursday.
  return (((day + 4) % 7) + 7) % 7;
}

/** Working days per a holiday schedule; checks the schedule when built and throws on a mistake. */
export class WorkingCalendar {
  private readonly off = new Set<number>();
  private readonly worked = new Set<number>();
  private readonly known = new Set<number>();

  constructor(schedule: HolidaySchedule) {
    for (const entry of schedule.years) {
      if (this.known.has(entry.year)) throw new Error(`holiday schedule: ${entry.year} appears twice`);
      this.known.add(entry.year);
      const inYear = (day: number, text: string) => {
        if (yearOf(day) !== entry.year) throw new Error(`holiday schedule: ${text} is not in ${entry.year}`);
        return day;
      };
      for (const range of entry.daysOff) {
        const [first, last = first] = range.split('/') as [string, string?];
        const from = inYear(dayOfDate(first), range);
        const to = inYear(dayOfDate(last), range);
        if (to < from) throw new Error(`holiday schedule: ${range} ends before it begins`);
        for (let d = from; d <= to; d++) this.off.add(d);
      }
      for (const date of entry.weekendWorkdays) {
        const day = inYear(dayOfDate(date), date);
        if (weekday(day) !== 0 && weekday(day) !== 6)
          throw new Error(`holiday schedule: ${date} is worked instead of a weekend day but is no weekend day`);
        if (this.off.has(day)) throw new Error(`holiday schedule: ${date} is both a day off and a day worked`);
        this.worked.add(day);
      }
    }
  }

  /** True if the day is a working day. */
  isWorkingDay(day: number): boolean {
    if (this.worked.has(day)) return true;
    if (this.off.has(day)) return false;
    const w = weekday(day);
    return w !== 0 && w !== 6;
  }

  /** Number of working days after `from` up to and including `to` (0 if `to` <= `from`). */
  workingDaysBetween(from: number, to: number): number {
    let count = 0;
    for (let d = from + 1; d <= to && count < 10_000; d++) if (this.isWorkingDay(d)) count++;
    return count;
  }

  /**
   * The first year from the year of `from` to the year of `to` that has no arrangement (its
   * working days were counted Monday to Friday), or undefined when every one has.
   */
  unknownYear(from: number, to: number): number | undefined {
    for (let year = yearOf(Math.min(from, to)); year <= yearOf(Math.max(from, to)); year++) if (!this.known.has(year)) return year;
    return undefined;
  }
}

let current: WorkingCalendar | undefined;

/** The calendar the rules count with: the shipped schedule (schemas/data/holidays.json) and any added years. */
export function workingCalendar(): WorkingCalendar {
  current ??= new WorkingCalendar(holidayArrangements());
  return current;
}

/**
 * Checks that a value is a holiday schedule (the format of schemas/data/holidays.json) and
 * returns it; throws an Error naming the first problem. Dates are checked by WorkingCalendar.
 */
export function holidaySchedule(value: unknown): HolidaySchedule {
  const years = (value as { years?: unknown } | null)?.years;
  if (!Array.isArray(years)) throw new Error('a holiday schedule is an object with an array "years"');
  for (const [i, entry] of years.entries()) {
    const e = entry as Partial<Record<keyof HolidayYear, unknown>> | null;
    const where = `years[${i}]`;
    if (typeof e !== 'object' || e === null) throw new Error(`${where} is not an object`);
    if (!Number.isInteger(e.year)) throw new Error(`${where}.year is not a whole number`);
    for (const field of ['document', 'published'] as const)
      if (typeof e[field] !== 'string' || e[field] === '') throw new Error(`${where}.${field} is not a non-empty string`);
    for (const field of ['daysOff', 'weekendWorkdays'] as const) {
      if (!Array.isArray(e[field]) || !(e[field] as unknown[]).every((d) => typeof d === 'string'))
        throw new Error(`${where}.${field} is not an array of dates`);
    }
  }
  return value as HolidaySchedule;
}

/**
 * Adds the arrangements of years the standard does not ship yet (or replaces shipped ones, year
 * by year), for every rule of this process; `null` goes back to the shipped schedule. Throws,
 * changing nothing, when the result is not a valid schedule.
 */
export function addHolidayArrangements(extra: HolidaySchedule | null): void {
  const shipped = holidayArrangements();
  if (!extra) {
    current = new WorkingCalendar(shipped);
    return;
  }
  const replaced = new Set(extra.years.map((y) => y.year));
  current = new WorkingCalendar({ years: [...shipped.years.filter((y) => !replaced.has(y.year)), ...extra.years] });
}

/** Reads a holiday schedule file (PXG_HOLIDAYS) and adds its years; throws naming the file and the problem. */
export function addHolidayArrangementsFrom(file: string): number[] {
  try {
    const extra = holidaySchedule(JSON.parse(readFileSync(file, 'utf8')));
    addHolidayArrangements(extra);
    return extra.years.map((y) => y.year);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

/** Number of working days after `from` up to and including `to` by the shipped schedule (0 if `to` <= `from`). */
export function workingDaysBetween(from: number, to: number): number {
  return workingCalendar().workingDaysBetween(from, to);
}

/**
 * What a message counting working days from `from` to `to` adds when a year between has no
 * holiday arrangement: that Monday to Friday were counted. Empty when every year is known.
 */
export function scheduleCaveat(from: number, to: number): { zh: string; en: string } {
  const year = workingCalendar().unknownYear(from, to);
  return year === undefined
    ? { zh: '', en: '' }
    : { zh: `（${year} 年放假调休安排未收录，按周一至周五计）`, en: ` (no holiday arrangement for ${year}: Monday to Friday counted)` };
}
