import type { ChartRule } from "../../lib/thresholds";

export type IndicatorStatus = "OK" | "WARNING" | "CRITICAL" | "NO_DATA" | "UNKNOWN";

/** An indicator with what its tile and chart need. */
export interface IndicatorSummary {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  unit: string;
  kind: string;
  direction: "HIGHER_IS_BETTER" | "LOWER_IS_BETTER" | "TARGET_BAND";
  status: IndicatorStatus;
  lastValue: number | null;
  lastObservedAt: string | null;
  target: number | null;
  targetLow: number | null;
  targetHigh: number | null;
  expectedIntervalMinutes: number | null;
  process: { id: string; code: string; name: string; nameEn: string };
  rules: (ChartRule & { clearValue?: number | null; consecutive?: number; noDataFactor?: number })[];
}

export const STATUS_RANK: Record<IndicatorStatus, number> = { CRITICAL: 0, WARNING: 1, NO_DATA: 2, UNKNOWN: 3, OK: 4 };
