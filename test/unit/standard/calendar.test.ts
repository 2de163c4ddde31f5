/**
 * Working days (工作日) as the procurement rules count them: the State Council's holiday
 * arrangement of each year (schemas/data/holidays.json), Monday to Friday otherwise.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HolidaySchedule } from '../../../gateway/standard/holiday-schedule.ts';
import { createStandard, examplePath, type Validation } from '../../../gateway/standard/index.ts';
import {
  addHolidayArrangements,
  addHolidayArrangementsFrom,
  cstDay,
  holidaySchedule,
  scheduleCaveat,
  WorkingCalendar,
  workingCalendar,
  workingDaysBetween,
} from '../../../gateway/standard/rules/calendar.ts';

const day = (date: string) => cstDay(`${date}T12:00:00+08:00`) ?? Number.NaN;
const between = (from: string, to: string) => workingDaysBetween(day(from), day(to));

describe('the shipped holiday arrangements', () => {
  it('skip the days off of a holiday: from the eve of National Day 2026 to the day after it is one working day', () => {
    // Wednesday 30 September to Thursday 8 October: 1 to 7 October are off.
    expect(between('2026-09-30', '2026-10-08')).toBe(1);
  });

  it('count the weekend days worked instead', () => {
    // Friday 18 September 2026 to Monday 21: Sunday 20 is worked (调休上班).
    expect(between('2026-09-18', '2026-09-21')).toBe(2);
    // Friday 13 February 2026 to Tuesday 24: Saturday 14 worked, 15 to 23 off (春节).
    expect(between('2026-02-13', '2026-02-24')).toBe(2);
    // 2024 and 2025 too: Sunday 4 February 2024 and Sunday 26 January 2025 were worked.
    expect(between('2024-02-02', '2024-02-05')).toBe(2);
    expect(between('2025-01-24', '2025-01-27')).toBe(2);
  });

  it('list New Year and National Day as days off every year they cover', () => {
    const schedule = JSON.parse(readFileSync(new URL('../../../schemas/data/holidays.json', import.meta.url), 'utf8')) as HolidaySchedule;
    expect(schedule.years.map((y) => y.year)).toEqual([2024, 2025, 2026]);
    for (const { year } of schedule.years) {
      expect(workingCalendar().isWorkingDay(day(`${year}-01-01`)), `${year}-01-01`).toBe(false);
      expect(workingCalendar().isWorkingDay(day(`${year}-10-01`)), `${year}-10-01`).toBe(false);
      expect(workingCalendar().unknownYear(day(`${year}-01-01`), day(`${year}-12-31`))).toBeUndefined();
    }
  });

  it('count Monday to Friday in a year without an arrangement, and say so', () => {
    // 1 October 2027 is a Friday; no arrangement for 2027 is shipped.
    expect(between('2027-09-30', '2027-10-04')).toBe(2);
    expect(workingCalendar().unknownYear(day('2026-12-30'), day('2027-01-05'))).toBe(2027);
    expect(scheduleCaveat(day('2026-12-30'), day('2027-01-05'))).toEqual({
      zh: '（2027 年放假调休安排未收录，按周一至周五计）',
      en: ' (no holiday arrangement for 2027: Monday to Friday counted)',
    });
    expect(scheduleCaveat(day('2026-09-30'), day('2026-10-08'))).toEqual({ zh: '', en: '' });
  });
});

describe('a holiday schedule with a mistake', () => {
  const year = (entry: Partial<HolidaySchedule['years'][number]>) => ({
    year: 2026,
    document: 'test',
    published: '2025-11-04',
    daysOff: [],
    weekendWorkdays: [],
    ...entry,
  });

  it.each([
    ['a date that does not exist', [year({ daysOff: ['2026-02-30'] })], "'2026-02-30' is not a yyyy-mm-dd date"],
    ['a range outside its year', [year({ daysOff: ['2026-12-31/2027-01-02'] })], '2026-12-31/2027-01-02 is not in 2026'],
    ['a range ending before it begins', [year({ daysOff: ['2026-10-07/2026-10-01'] })], 'ends before it begins'],
    [
      'a weekday listed as a weekend day worked',
      [year({ weekendWorkdays: ['2026-09-21'] })],
      '2026-09-21 is worked instead of a weekend day but is no weekend day',
    ],
    [
      'a day both off and worked',
      [year({ daysOff: ['2026-10-01/2026-10-11'], weekendWorkdays: ['2026-10-10'] })],
      '2026-10-10 is both a day off and a day worked',
    ],
    ['a year given twice', [year({}), year({})], '2026 appears twice'],
  ])('is refused when built: %s', (_what, years, message) => {
    expect(() => new WorkingCalendar({ years })).toThrow(message);
  });
});

describe('rules counting working days', () => {
  const standard = createStandard();
  const example = (name: string) => JSON.parse(readFileSync(examplePath(`valid/${name}.json`), 'utf8'));
  const inquiry = (issued: string, deadline: string) => {
    const notice = example('notice-competitive');
    notice.date = issued;
    notice.tender.procurementMethod = 'inquiry';
    notice.tender.documentsAccess.period = { startDate: issued, endDate: deadline };
    notice.tender.tenderPeriod.endDate = deadline;
    return notice;
  };
  const keywords = (r: Validation) => (r.ok ? r.warnings : r.issues).map((i) => `${i.keyword} ${i.severity}`);

  it('reject an inquiry whose 3 working days fall in the National Day holiday (PX-R013)', () => {
    // Issued Wednesday 30 September 2026, due Friday 9 October: 2 working days (8 and 9 October).
    const result = standard.validate(inquiry('2026-09-30T09:00:00+08:00', '2026-10-09T09:00:00+08:00'));
    expect(result.ok).toBe(false);
    expect(keywords(result)).toEqual(['PX-R013 error']);
    const issue = result.ok ? undefined : result.issues[0];
    expect(issue?.message.zh).toBe('询价响应截止时间距文件发出仅 2 个工作日，不得少于 3 个工作日');
    expect(issue?.message.en).toBe(
      'the request for quotations response deadline is only 2 working days after the documents are issued; at least 3 are required',
    );
  });

  it('accept one due on the Saturday worked after it (10 October 2026)', () => {
    expect(standard.validate(inquiry('2026-09-30T09:00:00+08:00', '2026-10-10T09:00:00+08:00'))).toMatchObject({ ok: true, warnings: [] });
  });

  it('do not count the days off between an award decision and its notice (PX-R004)', () => {
    const award = example('notice-award');
    for (const a of award.awards) a.date = '2026-09-30T17:00:00+08:00';
    award.date = '2026-10-09T10:00:00+08:00';
    expect(standard.validate(award)).toMatchObject({ ok: true, warnings: [] });
    award.date = '2026-10-12T10:00:00+08:00';
    const late = standard.validate(award);
    expect(keywords(late)).toEqual(['PX-R004 warning', 'PX-R004 warning']);
    expect(late.ok && late.warnings[0]?.message.en).toBe(
      'the result was published 4 working days after the winner was determined; the limit is 2',
    );
  });

  it('name the year whose arrangement is missing in the message', () => {
    const result = standard.validate(inquiry('2027-03-01T09:00:00+08:00', '2027-03-03T09:00:00+08:00'));
    const issue = result.ok ? undefined : result.issues[0];
    expect(issue?.message.zh).toBe(
      '询价响应截止时间距文件发出仅 2 个工作日，不得少于 3 个工作日（2027 年放假调休安排未收录，按周一至周五计）',
    );
    expect(issue?.message.en).toContain('(no holiday arrangement for 2027: Monday to Friday counted)');
  });
});

describe('arrangements added by the operator (PXG_HOLIDAYS)', () => {
  // A made-up arrangement for a year the standard does not ship: the test needs its shape, not its dates.
  const year2027 = {
    year: 2027,
    document: 'test',
    published: '2026-11-01',
    daysOff: ['2027-10-01/2027-10-07'],
    weekendWorkdays: ['2027-09-26'],
  };
  afterEach(() => addHolidayArrangements(null));

  it('count with an added year, and no longer call it unknown', () => {
    expect(between('2027-09-30', '2027-10-08')).toBe(6);
    addHolidayArrangements({ years: [year2027] });
    expect(between('2027-09-30', '2027-10-08')).toBe(1);
    expect(between('2027-09-24', '2027-09-27')).toBe(2);
    expect(scheduleCaveat(day('2027-09-30'), day('2027-10-08'))).toEqual({ zh: '', en: '' });
    // The shipped years stay.
    expect(between('2026-09-30', '2026-10-08')).toBe(1);
  });

  it('replace a shipped year as a whole', () => {
    addHolidayArrangements({ years: [{ ...year2027, year: 2026, daysOff: ['2026-10-01'], weekendWorkdays: [] }] });
    // Only 1 October 2026 is off now: 2, 5, 6, 7 and 8 October count.
    expect(between('2026-09-30', '2026-10-08')).toBe(5);
  });

  it('refuse a file that is not a schedule, naming the file and the problem, and keep the calendar as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pxg-holidays-'));
    try {
      const file = join(dir, 'holidays.json');
      writeFileSync(file, JSON.stringify({ years: [{ ...year2027, weekendWorkdays: ['2027-09-27'] }] }));
      expect(() => addHolidayArrangementsFrom(file)).toThrow(
        `${file}: holiday schedule: 2027-09-27 is worked instead of a weekend day but is no weekend day`,
      );
      writeFileSync(file, '{"years": [{"year": "2027"}]}');
      expect(() => addHolidayArrangementsFrom(file)).toThrow(`${file}: years[0].year is not a whole number`);
      writeFileSync(file, 'not json');
      expect(() => addHolidayArrangementsFrom(file)).toThrow(file);
      expect(between('2027-09-30', '2027-10-08')).toBe(6);
      writeFileSync(file, JSON.stringify({ years: [year2027] }));
      expect(addHolidayArrangementsFrom(file)).toEqual([2027]);
      expect(between('2027-09-30', '2027-10-08')).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('check the shape of every entry', () => {
    expect(() => holidaySchedule([])).toThrow('an object with an array "years"');
    expect(() => holidaySchedule({ years: [null] })).toThrow('years[0] is not an object');
    expect(() => holidaySchedule({ years: [{ ...year2027, document: '' }] })).toThrow('years[0].document is not a non-empty string');
    expect(() => holidaySchedule({ years: [{ ...year2027, daysOff: [20271001] }] })).toThrow('years[0].daysOff is not an array of dates');
  });
});
