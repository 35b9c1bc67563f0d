/**
 * The seeded indicator catalogue: key indicators per process (§4.1.1), quantifiable and measurable
 * (§4.1.2): unit, direction, target, the interval at which readings are expected, the warning and
 * critical bounds of their rules (§5.3.2), and how their seeded readings look. indicators.ts
 * writes them with their rules; readings.ts draws their readings.
 */
import type { Direction, IndicatorKind } from "../../packages/server/src/generated/prisma/enums.js";

export type Bound = number | readonly [low: number, high: number];

/** How the seeded readings of an indicator look (readings.ts). */
export interface SeriesShape {
  base: number; // level at the start of the window
  drift: number; // change over the whole window (slow trend)
  weekly: number; // amplitude of the weekly season
  daily?: number; // amplitude of the daily season (hourly series)
  sd: number; // standard deviation of the noise
  decimals: number;
  min?: number;
  max?: number;
  /** Force the last readings into this state, so the dashboard opens with something to show. */
  endState?: "WARNING" | "CRITICAL";
}

export interface IndicatorSeed {
  code: string;
  name: string;
  nameEn: string;
  process: string;
  step?: number;
  kind: IndicatorKind;
  unit: string;
  direction: Direction;
  target: number;
  band?: readonly [number, number];
  interval: number; // expected minutes between readings
  warn: Bound;
  crit: Bound;
  noData?: boolean;
  trend?: boolean;
  series: SeriesShape;
}

export const HOURLY = 60;
const DAILY = 1440;

export const INDICATORS: readonly IndicatorSeed[] = [
  // §3.1 戰略規劃
  {
    code: "STR-01",
    name: "年度經營計劃進度達成率",
    nameEn: "Operating plan progress attainment",
    process: "P-STR",
    step: 5,
    kind: "EFFICIENCY",
    unit: "%",
    direction: "HIGHER_IS_BETTER",
    target: 100,
    interval: DAILY,
    warn: 92,
    crit: 85,
    series: { base: 99, drift: -1, weekly: 0.3, sd: 1.2, decimals: 1 },
  },
  {
    code: "STR-02",
    name: "市場占有率",
    nameEn: "Market share",
    process: "P-STR",
    step: 1,
    kind: "SALES",
    unit: "%",
    direction: "HIGHER_IS_BETTER",
    target: 18,
    interval: DAILY,
    warn: 16.5,
    crit: 15.5,
    series: { base: 18.2, drift: 0.3, weekly: 0.05, sd: 0.25, decimals: 2 },
  },
  {
    code: "STR-03",
    name: "重點戰略項目按期完成率",
    nameEn: "Key initiatives completed on time",
    process: "P-STR",
    kind: "EFFICIENCY",
    unit: "%",
    direction: "HIGHER_IS_BETTER",
    target: 90,
    interval: DAILY,
    warn: 80,
    crit: 70,
    series: { base: 91, drift: -2, weekly: 0.5, sd: 2, decimals: 1, max: 100 },
  },
  // §3.2 市場營銷
  {
    code: "MKT-01",
    name: "滾動24小時銷售額",
    nameEn: "Rolling 24-hour sales revenue",
    process: "P-MKT",
    step: 5,
    kind: "SALES",
    unit: "萬元",
    direction: "HIGHER_IS_BETTER",
    target: 300,
    interval: HOURLY,
    warn: 255,
    crit: 225,
    noData: true,
    trend: true,
    series: { base: 305, drift: 10, weekly: 12, daily: 4, sd: 6, decimals: 1 },
  },
  {
    code: "MKT-02",
    name: "銷售線索轉化率",
    nameEn: "Lead conversion rate",
    process: "P-MKT",
    step: 4,
    kind: "SALES",
    unit: "%",
    direction: "HIGHER_IS_BETTER",
    target: 22,
    interval: DAILY,
    warn: 18,
    crit: 15,
    series: { base: 22.5, drift: -3, weekly: 0.4, sd: 0.8, decimals: 2, endState: "WARNING" },
  },
  {
    code: "MKT-03",
    name: "客戶滿意度",
    nameEn: "Customer satisfaction",
    process: "P-MKT",
    step: 6,
    kind: "SATISFACTION",
    unit: "score",
    direction: "HIGHER_IS_BETTER",
    target: 88,
    interval: DAILY,
    warn: 80,
    crit: 75,
    series: { base: 88.5, drift: -1, weekly: 0.5, sd: 1.2, decimals: 1, max: 100 },
  },
  {
    code: "MKT-04",
    name: "客戶投訴平均響應時長",
    nameEn: "Average complaint response time",
    process: "P-MKT",
    step: 6,
    kind: "EFFICIENCY",
    unit: "hours",
    direction: "LOWER_IS_BETTER",
    target: 4,
    interval: HOURLY,
    warn: 8,
    crit: 12,
    noData: true,
    series: { base: 4.2, drift: 0.3, weekly: 0.4, daily: 0.5, sd: 0.6, decimals: 2, min: 0.5 },
  },
  // §3.3 財務管理
  {
    code: "FIN-01",
    name: "預算執行偏差率",
    nameEn: "Budget execution variance",
    process: "P-FIN",
    step: 2,
    kind: "FINANCIAL",
    unit: "%",
    direction: "TARGET_BAND",
    target: 0,
    band: [-5, 5],
    interval: DAILY,
    warn: [-5, 5],
    crit: [-10, 10],
    series: { base: 0.5, drift: 1, weekly: 0.3, sd: 1, decimals: 2 },
  },
  {
    code: "FIN-02",
    name: "可用資金餘額",
    nameEn: "Available cash balance",
    process: "P-FIN",
    step: 3,
    kind: "FINANCIAL",
    unit: "萬元",
    direction: "HIGHER_IS_BETTER",
    target: 5000,
    interval: HOURLY,
    warn: 3500,
    crit: 2800,
    trend: true,
    series: { base: 5200, drift: -300, weekly: 150, daily: 60, sd: 180, decimals: 0 },
  },
  {
    code: "FIN-03",
    name: "成本費用率",
    nameEn: "Cost-to-revenue ratio",
    process: "P-FIN",
    step: 4,
    kind: "FINANCIAL",
    unit: "%",
    direction: "LOWER_IS_BETTER",
    target: 62,
    interval: DAILY,
    warn: 66,
    crit: 70,
    series: { base: 61.5, drift: 0.5, weekly: 0.3, sd: 0.8, decimals: 2 },
  },
  {
    code: "FIN-04",
    name: "應收賬款逾期率",
    nameEn: "Overdue receivables ratio",
    process: "P-FIN",
    kind: "RISK",
    unit: "%",
    direction: "LOWER_IS_BETTER",
    target: 5,
    interval: HOURLY,
    warn: 8,
    crit: 12,
    noData: true,
    series: { base: 5.2, drift: 0.8, weekly: 0.2, sd: 0.35, decimals: 2, min: 0, endState: "CRITICAL" },
  },
  {
    code: "FIN-05",
    name: "流動比率",
    nameEn: "Current ratio",
    process: "P-FIN",
    step: 3,
    kind: "RISK",
    unit: "ratio",
    direction: "HIGHER_IS_BETTER",
    target: 1.8,
    interval: DAILY,
    warn: 1.5,
    crit: 1.2,
    series: { base: 1.85, drift: -0.1, weekly: 0.01, sd: 0.04, decimals: 2 },
  },
  // §3.4 人力資源管理
  {
    code: "HR-01",
    name: "平均招聘周期",
    nameEn: "Average time to hire",
    process: "P-HR",
    step: 2,
    kind: "EFFICIENCY",
    unit: "days",
    direction: "LOWER_IS_BETTER",
    target: 30,
    interval: DAILY,
    warn: 40,
    crit: 50,
    series: { base: 31, drift: 2, weekly: 0.5, sd: 1.5, decimals: 1 },
  },
  {
    code: "HR-02",
    name: "員工年化流失率",
    nameEn: "Annualised staff turnover",
    process: "P-HR",
    step: 6,
    kind: "RISK",
    unit: "%",
    direction: "LOWER_IS_BETTER",
    target: 8,
    interval: DAILY,
    warn: 12,
    crit: 15,
    series: { base: 8.5, drift: 1, weekly: 0.1, sd: 0.5, decimals: 2, min: 0 },
  },
  {
    code: "HR-03",
    name: "培訓完成率",
    nameEn: "Training completion rate",
    process: "P-HR",
    step: 3,
    kind: "EFFICIENCY",
    unit: "%",
    direction: "HIGHER_IS_BETTER",
    target: 95,
    interval: DAILY,
    warn: 85,
    crit: 75,
    series: { base: 94, drift: 1, weekly: 0.5, sd: 1.5, decimals: 1, max: 100 },
  },
  // §3.5 行政辦公
  {
    code: "ADM-01",
    name: "報修平均響應時長",
    nameEn: "Average repair response time",
    process: "P-ADM",
    step: 5,
    kind: "EFFICIENCY",
    unit: "hours",
    direction: "LOWER_IS_BETTER",
    target: 4,
    interval: HOURLY,
    warn: 8,
    crit: 12,
    noData: true,
    series: { base: 3.8, drift: -0.3, weekly: 0.5, daily: 0.6, sd: 0.5, decimals: 2, min: 0.5 },
  },
  {
    code: "ADM-02",
    name: "會議室使用率",
    nameEn: "Meeting room utilisation",
    process: "P-ADM",
    step: 2,
    kind: "EFFICIENCY",
    unit: "%",
    direction: "TARGET_BAND",
    target: 72,
    band: [60, 85],
    interval: DAILY,
    warn: [55, 90],
    crit: [45, 95],
    series: { base: 72, drift: 2, weekly: 3, sd: 3, decimals: 1, min: 0, max: 100 },
  },
  {
    code: "ADM-03",
    name: "車輛完好率",
    nameEn: "Vehicle availability rate",
    process: "P-ADM",
    step: 4,
    kind: "EFFICIENCY",
    unit: "%",
    direction: "HIGHER_IS_BETTER",
    target: 92,
    interval: DAILY,
    warn: 85,
    crit: 80,
    series: { base: 93, drift: 0, weekly: 0.5, sd: 1.2, decimals: 1, max: 100 },
  },
  {
    code: "ADM-04",
    name: "核心業務系統可用率",
    nameEn: "Core business system availability",
    process: "P-ADM",
    kind: "RISK",
    unit: "%",
    direction: "HIGHER_IS_BETTER",
    target: 99.9,
    interval: HOURLY,
    warn: 99.5,
    crit: 99,
    series: { base: 99.93, drift: 0, weekly: 0, sd: 0.03, decimals: 3, max: 100 },
  },
];
