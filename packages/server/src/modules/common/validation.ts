import { z } from "zod";

/** A required human-readable name: not blank, at most 200 characters. */
export const NAME = { schema: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters") };
/** A short code such as `P-FIN` or `FIN-01`. */
export const CODE = {
  schema: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(40, "must be at most 40 characters")
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "may contain letters, digits, '-', '_' and '.' only"),
};
/** Free text up to 10,000 characters. */
export const TEXT = { schema: z.string().max(10_000, "must be at most 10,000 characters") };
export const FINITE = { schema: z.number().finite("must be a finite number") };

/** A positive number from the environment, or the default. */
function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * The largest magnitude a measured value (a reading, a target, a threshold) may have
 * (`READING_MAX_ABS`): far beyond any indicator of the policy, far below where sums and averages
 * over many readings could overflow a double.
 */
export const READING_MAX_ABS = envNumber("READING_MAX_ABS", 1e12);
/** The span of time a reading, an assessment, a silence or an acknowledgement may name. */
export const EARLIEST = new Date("2000-01-01T00:00:00.000Z");
export const LATEST = new Date("2100-01-01T00:00:00.000Z");

/** Why a measured value is refused, or null. */
export function measureProblem(value: number): string | null {
  if (!Number.isFinite(value)) return "must be a finite number";
  if (Math.abs(value) > READING_MAX_ABS) return `must lie between -${READING_MAX_ABS} and ${READING_MAX_ABS}`;
  return null;
}

/** Why a point in time is refused, or null. */
export function dateProblem(date: Date): string | null {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) return "is not a valid time";
  if (date < EARLIEST || date >= LATEST) return `must lie between ${EARLIEST.getUTCFullYear()} and ${LATEST.getUTCFullYear() - 1}`;
  return null;
}

/** A measured value: a target, a threshold, a loss (see `measureProblem`). */
export const MEASURE = {
  schema: z.number().superRefine((v, ctx) => {
    const problem = measureProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
};
/** A point in time within EARLIEST..LATEST. */
export const DATE = {
  schema: z.date().superRefine((d, ctx) => {
    const problem = dateProblem(d);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
};
/** A whole number in a range, the same on create and update. */
export const int = (min: number, max: number) => ({
  schema: z.number().int("must be a whole number").min(min, `must be from ${min} to ${max}`).max(max, `must be from ${min} to ${max}`),
});
/** Minutes up to a year. */
export const MINUTES = int(0, 525_600);
