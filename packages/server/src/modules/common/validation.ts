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
