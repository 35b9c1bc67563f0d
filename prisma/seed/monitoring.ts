/**
 * Monitoring and evaluation (§4.2-§4.4): a periodic inspection plan by the process office and a
 * data analysis plan per process; inspections with findings (periodic, a management spot check,
 * an on-site observation); one evaluation per process for the last full quarter, with a
 * rectification for the one that failed and an improvement for another; and this month's draft
 * evaluations, computed from the seeded readings by the same code as computeEvaluation.
 */
import type { PrismaClient } from "../../packages/server/src/lib/db.js";
import type { Cadence, EvaluationMethod, FindingStatus, MonitoringMethod, Severity } from "../../packages/server/src/generated/prisma/enums.js";
import { DEFAULT_GRADE_CUTOFFS, DEFAULT_WEIGHTS, gradeFor, totalScore } from "../../packages/server/src/modules/evaluation/grade.js";
import { evaluatePeriod, figures } from "../../packages/server/src/modules/evaluation/compute.js";
import { parsePeriod } from "../../packages/server/src/modules/common/periods.js";
import type { UnitIds } from "./org.js";
import { PROCESSES, stepKey, type ProcessIds } from "./processes.js";
import { upsertByKey } from "./rows.js";
import type { UserIds } from "./users.js";

const DAY = 86_400_000;
const days = (now: Date, n: number) => new Date(now.getTime() + n * DAY);

/** Periodic inspection cadence, and when it was last done / is next due, in days from now. */
const INSPECTION_PLANS: Record<string, { cadence: Cadence; last: number; next: number }> = {
  "P-STR": { cadence: "QUARTERLY", last: -50, next: 40 },
  "P-MKT": { cadence: "MONTHLY", last: -35, next: 2 },
  "P-FIN": { cadence: "MONTHLY", last: -20, next: 10 },
  "P-HR": { cadence: "QUARTERLY", last: -96, next: -6 }, // overdue (§4.2.2)
  "P-ADM": { cadence: "QUARTERLY", last: -30, next: 60 },
};

interface FindingSeed {
  step?: number;
  severity: Severity;
  status: FindingStatus;
  description: string;
}
interface InspectionSeed {
  process: string;
  method: MonitoringMethod;
  inspector: keyof UserIds;
  daysAgo: number;
  summary: string;
  observations: string;
  findings: FindingSeed[];
}

const INSPECTIONS: readonly InspectionSeed[] = [
  {
    process: "P-FIN",
    method: "PERIODIC_INSPECTION",
    inspector: "office",
    daysAgo: 20,
    summary: "財務管理流程月度定期檢查",
    observations: "抽查本月費用報銷單 120 份、資金日報 20 份、月度財務分析報告 1 份。",
    findings: [
      { step: 4, severity: "MEDIUM", status: "RECTIFYING", description: "部分費用報銷單缺少預算科目編碼,成本歸集口徑不一致。" },
      { step: 5, severity: "LOW", status: "OPEN", description: "月度財務分析報告晚於規定時間 2 個工作日提交。" },
    ],
  },
  {
    process: "P-MKT",
    method: "PERIODIC_INSPECTION",
    inspector: "office",
    daysAgo: 35,
    summary: "市場營銷流程月度定期檢查",
    observations: "核查 CRM 線索記錄 300 條、促銷審批單 12 份、銷售合同 25 份。",
    findings: [
      { step: 4, severity: "HIGH", status: "OPEN", description: "銷售線索分配平均耗時 3.5 天,超過 1 個工作日的要求,約 15% 的線索無人跟進。" },
      { step: 2, severity: "MEDIUM", status: "OPEN", description: "兩項促銷價格調整未經審批即執行。" },
    ],
  },
  {
    process: "P-HR",
    method: "PERIODIC_INSPECTION",
    inspector: "office",
    daysAgo: 96,
    summary: "人力資源管理流程季度定期檢查",
    observations: "核查新員工入職檔案 30 份、培訓記錄 45 份。",
    findings: [{ step: 3, severity: "LOW", status: "CLOSED", description: "部分新員工入職培訓簽到記錄缺失。" }],
  },
  // §4.2.3: unscheduled, by management
  {
    process: "P-FIN",
    method: "SPOT_CHECK",
    inspector: "management",
    daysAgo: 25,
    summary: "大額資金支付審批不定期抽查",
    observations: "隨機抽取近三個月 15 筆 100 萬元以上的資金支付。",
    findings: [{ step: 3, severity: "HIGH", status: "CLOSED", description: "1 筆大額付款缺少分管副總經理審批簽字即已支付。" }],
  },
  // §4.2.5: on site
  {
    process: "P-ADM",
    method: "ONSITE_OBSERVATION",
    inspector: "office",
    daysAgo: 12,
    summary: "行政辦公流程現場觀察",
    observations: "在總部辦公區觀察辦公用品領用、會議室使用和夜間巡邏交接。",
    findings: [
      { step: 1, severity: "LOW", status: "OPEN", description: "辦公用品領用登記與庫存盤點數量不一致。" },
      { step: 6, severity: "MEDIUM", status: "OPEN", description: "近兩週有兩晚夜間巡邏記錄缺失。" },
    ],
  },
];

type Scores = { attainment: number; compliance: number; efficiency: number; effectiveness: number };
const EVALUATIONS: Record<string, { method: EvaluationMethod; scores: Scores; maturity: number; cause?: string }> = {
  "P-STR": { method: "GOAL", scores: { attainment: 86, compliance: 88, efficiency: 80, effectiveness: 84 }, maturity: 3 },
  "P-MKT": {
    method: "KPI",
    scores: { attainment: 48, compliance: 62, efficiency: 55, effectiveness: 58 },
    maturity: 2,
    cause: "銷售線索轉化率連續下滑至 18% 以下;線索分配平均耗時 3.5 天,部分線索無人跟進;促銷價格調整未經審批即執行,營銷費用投放與目標客戶定位脫節。",
  },
  "P-FIN": { method: "KPI", scores: { attainment: 94, compliance: 92, efficiency: 88, effectiveness: 90 }, maturity: 4 },
  "P-HR": { method: "MATURITY", scores: { attainment: 72, compliance: 78, efficiency: 65, effectiveness: 70 }, maturity: 3 },
  "P-ADM": { method: "MATURITY", scores: { attainment: 85, compliance: 90, efficiency: 82, effectiveness: 80 }, maturity: 3 },
};

/** The last full calendar quarter (UTC) before `now`; `end` is the first instant after it. */
export function lastFullQuarter(now: Date): { period: string; start: Date; end: Date } {
  const current = Math.floor(now.getUTCMonth() / 3);
  const year = current === 0 ? now.getUTCFullYear() - 1 : now.getUTCFullYear();
  const q = current === 0 ? 4 : current; // 1-4
  return {
    period: `${year}-Q${q}`,
    start: new Date(Date.UTC(year, (q - 1) * 3, 1)),
    end: new Date(Date.UTC(year, q * 3, 1)),
  };
}

async function ensureAction(prisma: PrismaClient, data: Parameters<PrismaClient["action"]["create"]>[0]["data"]) {
  const found = await prisma.action.findFirst({ where: { kind: data.kind, title: data.title }, select: { id: true } });
  if (!found) await prisma.action.create({ data });
}

export async function seedMonitoring(prisma: PrismaClient, now: Date, units: UnitIds, users: UserIds, ids: ProcessIds): Promise<void> {
  const planIds = await seedPlans(prisma, now, units, ids);
  await seedInspections(prisma, now, units, users, ids, planIds);
  await seedEvaluations(prisma, now, units, users, ids);
}

/** The monitoring plans of each process; returns their ids by `<process code>:<method>`. */
async function seedPlans(prisma: PrismaClient, now: Date, units: UnitIds, ids: ProcessIds): Promise<Record<string, string>> {
  // §4.2.1, §4.2.2: plans
  const planIds: Record<string, string> = {};
  for (const p of PROCESSES) {
    const inspection = INSPECTION_PLANS[p.code];
    const plans: { method: MonitoringMethod; cadence: Cadence; description: string; lastDoneAt: Date; nextDueAt: Date }[] = [
      {
        method: "PERIODIC_INSPECTION",
        cadence: inspection.cadence,
        description: `流程歸口管理部門對${p.name}執行情況的定期全面檢查。`,
        lastDoneAt: days(now, inspection.last),
        nextDueAt: days(now, inspection.next),
      },
      {
        method: "DATA_ANALYSIS",
        cadence: "MONTHLY",
        description: `收集、整理和分析${p.name}的運行數據,評估運行效果。`,
        lastDoneAt: days(now, -15),
        nextDueAt: days(now, 15),
      },
    ];
    for (const { method, ...plan } of plans) {
      const processId = ids.process[p.code];
      planIds[`${p.code}:${method}`] = await upsertByKey(prisma.monitoringPlan, { processId, method }, { ...plan, unitId: units.PMO, active: true });
    }
  }
  return planIds;
}

/** Inspections with their findings, and the rectifications two of the findings called for. */
async function seedInspections(prisma: PrismaClient, now: Date, units: UnitIds, users: UserIds, ids: ProcessIds, planIds: Record<string, string>): Promise<void> {
  // §2.3.2, §4.2.3, §4.2.5: inspections and findings
  const findingIds: Record<string, string> = {};
  for (const ins of INSPECTIONS) {
    const processId = ids.process[ins.process];
    const owner = PROCESSES.find((p) => p.code === ins.process)!.owner;
    const data = {
      planId: planIds[`${ins.process}:${ins.method}`] ?? null,
      unitId: units[owner],
      method: ins.method,
      inspectorId: users[ins.inspector],
      performedAt: days(now, -ins.daysAgo),
      observations: ins.observations,
    };
    const inspection = { id: await upsertByKey(prisma.inspection, { processId, summary: ins.summary }, data) };
    for (const f of ins.findings) {
      const existing = await prisma.finding.findFirst({
        where: { inspectionId: inspection.id, description: f.description },
        select: { id: true },
      });
      const row =
        existing ??
        (await prisma.finding.create({
          data: {
            inspectionId: inspection.id,
            description: f.description,
            severity: f.severity,
            status: f.status,
            stepId: f.step ? ids.step[stepKey(ins.process, f.step)] : null,
          },
          select: { id: true },
        }));
      findingIds[f.description] = row.id;
    }
  }
  const [finFinding] = INSPECTIONS[0].findings;
  await ensureAction(prisma, {
    kind: "RECTIFICATION",
    title: "統一費用報銷預算科目編碼",
    findingId: findingIds[finFinding.description],
    description: "在 ERP 報銷單中將預算科目設為必填,並對本季度已報銷單據補錄科目。",
    ownerUnitId: units.FIN,
    ownerId: users.financeHead,
    deadline: days(now, 14),
    progress: 60,
    status: "IN_PROGRESS",
  });
  const spot = INSPECTIONS[3].findings[0];
  await ensureAction(prisma, {
    kind: "RECTIFICATION",
    title: "補簽大額付款審批並在資金系統中強制審批節點",
    findingId: findingIds[spot.description],
    description: "補齊缺失的審批簽字;資金系統對 100 萬元以上付款增加分管副總經理審批節點。",
    ownerUnitId: units.FIN,
    ownerId: users.financeHead,
    deadline: days(now, -5),
    progress: 100,
    status: "VERIFIED",
    completedAt: days(now, -10),
    verifiedById: users.office,
    verifiedAt: days(now, -8),
    verificationNote: "已抽查系統配置及補簽單據,整改到位。",
  });
}

/** Last quarter's final evaluations, this month's drafts, and the actions two evaluations called for. */
async function seedEvaluations(prisma: PrismaClient, now: Date, units: UnitIds, users: UserIds, ids: ProcessIds): Promise<void> {
  // §4.3: evaluations for the last full quarter
  const quarter = lastFullQuarter(now);
  const evaluationIds: Record<string, string> = {};
  for (const p of PROCESSES) {
    const e = EVALUATIONS[p.code];
    const total = totalScore(e.scores, DEFAULT_WEIGHTS);
    const data = {
      periodStart: quarter.start,
      periodEnd: quarter.end,
      method: e.method,
      attainmentScore: e.scores.attainment,
      complianceScore: e.scores.compliance,
      efficiencyScore: e.scores.efficiency,
      effectivenessScore: e.scores.effectiveness,
      weights: { ...DEFAULT_WEIGHTS },
      totalScore: total,
      grade: gradeFor(total),
      maturityLevel: e.maturity,
      causeAnalysis: e.cause ?? null,
      evaluatorId: users.office,
    };
    const processId = ids.process[p.code];
    evaluationIds[p.code] = await upsertByKey(prisma.evaluation, { processId, period: quarter.period, status: "FINAL" as const }, data);
  }
  // §4.3.2: this month's drafts, computed from the seeded readings and findings by the code
  // computeEvaluation runs, with their working (the quarter's finals above keep the story's grades).
  const month = parsePeriod(now.toISOString().slice(0, 7));
  for (const p of PROCESSES) {
    const processId = ids.process[p.code];
    const scored = await evaluatePeriod(prisma, processId, month, DEFAULT_WEIGHTS, DEFAULT_GRADE_CUTOFFS);
    const data = {
      periodStart: month.start,
      periodEnd: month.end,
      method: EVALUATIONS[p.code].method,
      evaluatorId: users.office,
      cutoffs: { ...DEFAULT_GRADE_CUTOFFS },
      ...figures(scored),
    };
    await upsertByKey(prisma.evaluation, { processId, period: month.period, status: "DRAFT" as const }, data);
  }

  // §4.3.3: the fail needs a rectification with a deadline
  await ensureAction(prisma, {
    kind: "RECTIFICATION",
    title: `市場營銷流程${quarter.period}評估不合格整改`,
    evaluationId: evaluationIds["P-MKT"],
    description: "一、線索分配時限壓縮至 1 個工作日並在 CRM 中自動提醒;二、促銷價格調整一律走 OA 審批;三、按目標客戶重新配置營銷預算。",
    ownerUnitId: units.MKT,
    deadline: days(now, 30),
    progress: 20,
    status: "IN_PROGRESS",
  });
  // §4.4.2: an improvement on a process that passed
  await ensureAction(prisma, {
    kind: "IMPROVEMENT",
    title: "縮短招聘周期:建立人才庫與面試官排班制度",
    evaluationId: evaluationIds["P-HR"],
    description: "針對評估中效率性得分偏低,建立關鍵崗位人才庫,固定每週面試時段,目標將平均招聘周期降至 30 天以內。",
    ownerUnitId: units.HR,
    ownerId: users.hrHead,
    deadline: days(now, 60),
    status: "OPEN",
  });
}
