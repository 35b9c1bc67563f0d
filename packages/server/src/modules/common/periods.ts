/**
 * Business periods (UTC calendar months, quarters, halves, years): the units in which plans fall
 * due (§4.2.2) and evaluations are made (§4.3).
 */
import { badInput } from "../../lib/errors.js";

export type CadenceName = "MONTHLY" | "QUARTERLY" | "SEMI_ANNUAL" | "ANNUAL" | "AD_HOC";

export const CADENCE_MONTHS: Record<Exclude<CadenceName, "AD_HOC">, number> = { MONTHLY: 1, QUARTERLY: 3, SEMI_ANNUAL: 6, ANNUAL: 12 };

const monthIndex = (d: Date) => d.getUTCFullYear() * 12 + d.getUTCMonth();
const fromMonthIndex = (m: number) => new Date(Date.UTC(Math.floor(m / 12), m % 12, 1));

/** The first instant of the period of `months` months (aligned to the calendar year) containing `at`. */
export function periodStart(at: Date, months: number): Date {
  const m = monthIndex(at);
  return fromMonthIndex(m - (m % months));
}

/** The last instant (millisecond) of the period containing `at`. */
export function periodEnd(at: Date, months: number): Date {
  return new Date(fromMonthIndex(monthIndex(periodStart(at, months)) + months).getTime() - 1);
}

/**
 * When a plan is due again after an inspection done at `doneAt` for the period due at `dueAt`
 * (§4.2.2), in business periods: the end of the period after the one that was due, so a monthly
 * plan done late is due again at the end of the next month, not 30 days after; an inspection so
 * late that it falls past that period leaves the plan due at the end of the period it was done
 * in, never already overdue. AD_HOC plans have no due date.
 */
export function nextDueAfter(cadence: CadenceName, dueAt: Date | null, doneAt: Date): Date | null {
  if (cadence === "AD_HOC") return null;
  const months = CADENCE_MONTHS[cadence];
  const afterDue = periodEnd(fromMonthIndex(monthIndex(periodStart(dueAt ?? doneAt, months)) + months), months);
  const ofDone = periodEnd(doneAt, months);
  return afterDue > ofDone ? afterDue : ofDone;
}

export interface Period {
  /** `2026-11` (a month) or `2026-Q4` (a quarter). */
  period: string;
  start: Date;
  /** The first instant after the period. */
  end: Date;
}

/** Parses an evaluation period, `YYYY-MM` or `YYYY-Qn` (§4.3); anything else is BAD_USER_INPUT. */
export function parsePeriod(text: string, field = "period"): Period {
  const value = text.trim();
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value);
  const quarter = /^(\d{4})-Q([1-4])$/.exec(value);
  if (!month && !quarter) throw badInput(`${field} must be a month (2026-11) or a quarter (2026-Q4).`, field);
  const year = Number((month ?? quarter)![1]);
  if (year < 2000 || year > 2100) throw badInput(`${field} must lie between 2000 and 2100.`, field);
  const first = month ? Number(month[2]) - 1 : (Number(quarter![2]) - 1) * 3;
  const months = month ? 1 : 3;
  return { period: value, start: new Date(Date.UTC(year, first, 1)), end: new Date(Date.UTC(year, first + months, 1)) };
}
