/**
 * A report's period (§2.2.3, §6.3.1): a month `2026-10`, a quarter `2026-Q4` (as evaluations),
 * or a year `2026`. The last period started before a moment, for schedules ("last month").
 */
import { badInput } from "../../lib/errors.js";
import { type Period, parsePeriod } from "../common/periods.js";

export type ReportPeriodKind = "MONTH" | "QUARTER" | "YEAR";

/** Parses `2026-10`, `2026-Q4` or `2026`; BAD_USER_INPUT naming `field` otherwise. */
export function parseReportPeriod(text: string, field = "period"): Period {
  const value = text.trim();
  const year = /^(\d{4})$/.exec(value);
  if (!year) {
    try {
      return parsePeriod(value, field);
    } catch {
      throw badInput(`${field} must be a month (2026-10), a quarter (2026-Q4) or a year (2026).`, field);
    }
  }
  const y = Number(year[1]);
  if (y < 2000 || y > 2100) throw badInput(`${field} must lie between 2000 and 2100.`, field);
  return { period: value, start: new Date(Date.UTC(y, 0, 1)), end: new Date(Date.UTC(y + 1, 0, 1)) };
}

/** The last whole period of this kind before `at` (UTC): what a schedule firing at `at` reports on. */
export function previousPeriod(kind: ReportPeriodKind, at: Date): string {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  if (kind === "YEAR") return String(y - 1);
  if (kind === "QUARTER") {
    const q = Math.floor(m / 3);
    return q === 0 ? `${y - 1}-Q4` : `${y}-Q${q}`;
  }
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, "0")}`;
}
