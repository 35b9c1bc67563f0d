import pino from "pino";

/** Structured JSON logs (pino); `LOG_LEVEL` sets the level, tests default to silent. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info"),
  base: { service: "controlroom" },
});
