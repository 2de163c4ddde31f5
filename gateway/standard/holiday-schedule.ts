/** The shape of the holiday arrangements (节假日安排) the working-day rules count with, shared by the shipped reference data and the calendar. */

/** One year of schemas/data/holidays.json. */
export interface HolidayYear {
  year: number;
  /** The State Council notice fixing the year's arrangement. */
  document: string;
  published: string;
  /** Days off: `yyyy-mm-dd`, or a range `yyyy-mm-dd/yyyy-mm-dd` (both ends included). */
  daysOff: string[];
  /** Saturdays and Sundays worked instead (调休上班). */
  weekendWorkdays: string[];
}

/** The holiday arrangements the rules count with. */
export interface HolidaySchedule {
  years: HolidayYear[];
}
