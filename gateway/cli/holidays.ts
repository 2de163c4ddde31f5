/** The operator's holiday arrangements (PXG_HOLIDAYS), for the commands that count working days. */
import { addHolidayArrangementsFrom } from '../standard/index.ts';

/**
 * Adds the arrangements of `file` (a resolved path; none: nothing to add) and returns the years
 * added, or null after printing the problem as `pxg <command>: PXG_HOLIDAYS: …` (exit code 2).
 */
export function operatorHolidays(command: string, file: string | undefined): number[] | null {
  if (!file) return [];
  try {
    return addHolidayArrangementsFrom(file);
  } catch (error) {
    console.error(`pxg ${command}: PXG_HOLIDAYS: ${(error as Error).message}`);
    return null;
  }
}
