import type { IndicatorStatus } from "./queries";

export type { IndicatorStatus, IndicatorSummary } from "./queries";

export const STATUS_RANK: Record<IndicatorStatus, number> = { CRITICAL: 0, WARNING: 1, NO_DATA: 2, UNKNOWN: 3, OK: 4 };
