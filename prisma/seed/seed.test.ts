import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, PrismaClient } from "../../packages/server/src/lib/db.js";
import { verifyPassword } from "../../packages/server/src/modules/access/password.js";
import { gradeFor } from "../../packages/server/src/modules/evaluation/grade.js";
import { riskLevel } from "../../packages/server/src/modules/risk/matrix.js";
import { createTestDatabase } from "../../packages/server/test/helpers/test-db.js";
import { lastFullQuarter } from "./monitoring.js";
import { seed, type SeedSummary } from "./seed.js";

const NOW = new Date("2026-11-27T12:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PASSWORD = "seed-test-password";
const SLOW = 120_000;

type Rule = { comparator: string | null; value: number | null; upperValue: number | null };
const breaches = (rule: Rule, v: number) =>
  rule.comparator === "BELOW" ? v < rule.value! : rule.comparator === "ABOVE" ? v > rule.value! : v < rule.value! || v > rule.upperValue!;

describe("seed: the policy as data", () => {
  let db: Database;
  let prisma: PrismaClient;
  let summary: SeedSummary;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = db.prisma;
    summary = await seed(prisma, { now: NOW, password: PASSWORD }); // default readingsDays: 90
  }, SLOW);
  afterAll(async () => {
    await db?.close();
  });

  it("§1.2 builds the org tree: head office, ≥6 departments with the process office, two branches", async () => {
    const units = await prisma.orgUnit.findMany({ include: { parent: true } });
    const ho = units.find((u) => u.code === "HO")!;
    expect(ho).toMatchObject({ name: "總公司", kind: "HEAD_OFFICE", parentId: null });
    const departments = units.filter((u) => u.kind === "DEPARTMENT");
    expect(departments.length).toBeGreaterThanOrEqual(6);
    expect(departments.every((u) => u.parentId === ho.id)).toBe(true);
    expect(departments.map((u) => u.code)).toEqual(expect.arrayContaining(["PMO", "STR", "MKT", "FIN", "HR", "ADM"]));
    expect(units.filter((u) => u.isProcessOffice).map((u) => u.code)).toEqual(["PMO"]);
    expect(units.find((u) => u.code === "PMO")!.name).toBe("流程歸口管理部門");
    expect(units.filter((u) => u.kind === "BRANCH" && u.parentId === ho.id)).toHaveLength(2);
    expect(units.every((u) => u.nameEn.length > 0)).toBe(true);
  });

  it("§2 seeds one user per role, each in a unit, all with the seed password", async () => {
    const users = await prisma.user.findMany({ include: { unit: true } });
    const byEmail = Object.fromEntries(users.map((u) => [u.email, u]));
    const expected: [string, string, string][] = [
      ["management@example.com", "MANAGEMENT", "HO"],
      ["finance.head@example.com", "DEPARTMENT_HEAD", "FIN"],
      ["hr.head@example.com", "DEPARTMENT_HEAD", "HR"],
      ["office@example.com", "PROCESS_OFFICE", "PMO"],
      ["employee@example.com", "EMPLOYEE", "FIN"],
      ["analyst@example.com", "ANALYST", "STR"],
      ["admin@example.com", "ADMIN", "HO"],
    ];
    for (const [email, role, unit] of expected) {
      expect(byEmail[email]?.roles).toEqual([role]);
      expect(byEmail[email].unit.code).toBe(unit);
    }
    expect(new Set(users.map((u) => u.passwordHash)).size).toBe(1); // hashed once
    expect(await verifyPassword(users[0].passwordHash, PASSWORD)).toBe(true);
    expect(await verifyPassword(users[0].passwordHash, "wrong")).toBe(false);
  });

  it("§3.1-§3.5 seeds the five processes with their goals and steps in order, and §6.1.1 what each step collects", async () => {
    const processes = await prisma.process.findMany({
      orderBy: { code: "asc" },
      include: { ownerUnit: true, steps: { orderBy: { position: "asc" }, include: { informationRequirements: true } } },
    });
    const steps: Record<string, string[]> = {
      "P-STR": ["市場調研與分析", "內部資源評估", "戰略制定", "戰略評審與調整", "戰略實施與監控"],
      "P-MKT": ["市場定位與目標客戶確定", "營銷策劃", "營銷活動執行", "銷售線索獲取與跟進", "銷售成交與合同簽訂", "售后服務"],
      "P-FIN": ["財務預算編制", "預算審批與下達", "資金籌集與管理", "成本核算與控制", "財務報表編制與分析", "財務審計與監督"],
      "P-HR": ["人力資源規劃", "招聘與選拔", "員工培訓與發展", "績效考核與激勵", "薪酬福利管理", "員工關系管理"],
      "P-ADM": ["辦公用品采購與管理", "會議組織與安排", "文件管理", "車輛管理", "辦公設施設備維護", "安全保衛管理"],
    };
    expect(processes.map((p) => p.code).sort()).toEqual(Object.keys(steps).sort());
    for (const p of processes) {
      expect(p.steps.map((s) => s.name)).toEqual(steps[p.code]);
      expect(p.steps.map((s) => s.position)).toEqual(steps[p.code].map((_, i) => i + 1));
      for (const s of p.steps) {
        expect(s.nameEn).not.toBe("");
        expect(s.description).toMatch(/。$/);
        expect(s.responsibleUnitId).not.toBeNull();
        expect(s.informationRequirements.length).toBeGreaterThanOrEqual(1);
        for (const r of s.informationRequirements) expect([r.content, r.format, r.channel].every(Boolean)).toBe(true);
      }
      expect(p.goalEn).not.toBe("");
      expect(p.classification).toBe(p.code === "P-ADM" ? "PUBLIC" : "INTERNAL");
    }
    const byCode = Object.fromEntries(processes.map((p) => [p.code, p]));
    expect(byCode["P-STR"]).toMatchObject({ category: "STRATEGY", major: true, goal: "明確公司發展方向和戰略目標,為公司各項業務活動提供指導。" });
    expect(byCode["P-FIN"]).toMatchObject({ category: "FINANCE", major: true });
    expect(byCode["P-ADM"]).toMatchObject({ category: "ADMINISTRATION", common: true });
    expect(byCode["P-MKT"].ownerUnit.code).toBe("MKT");
    expect(byCode["P-HR"].ownerUnit.code).toBe("HR");
    expect(byCode["P-MKT"].steps[0].description).toBe("分析市場需求和競爭態勢,明確公司產品或服務的市場定位,確定目標客戶群體。");
  });

  it("§4.1.1 §4.1.2 gives every process ≥3 measurable indicators, some on a step", async () => {
    const indicators = await prisma.indicator.findMany({ include: { process: true } });
    for (const code of ["P-STR", "P-MKT", "P-FIN", "P-HR", "P-ADM"]) {
      expect(indicators.filter((i) => i.process.code === code).length).toBeGreaterThanOrEqual(3);
    }
    expect(new Set(indicators.map((i) => i.kind))).toEqual(new Set(["SALES", "FINANCIAL", "EFFICIENCY", "SATISFACTION", "RISK"]));
    expect(indicators.filter((i) => i.stepId).length).toBeGreaterThan(0);
    for (const i of indicators) {
      expect(i.unit).not.toBe("");
      expect(i.nameEn).not.toBe("");
      expect([60, 1440]).toContain(i.expectedIntervalMinutes);
      if (i.direction === "TARGET_BAND") expect(i.targetLow!).toBeLessThan(i.targetHigh!);
      else expect(i.target).not.toBeNull();
    }
  });

  it("§5.3.2 gives every indicator WARNING and CRITICAL thresholds that agree with its direction, plus NO_DATA and TREND rules", async () => {
    const indicators = await prisma.indicator.findMany({ include: { rules: true } });
    const comparator = { HIGHER_IS_BETTER: "BELOW", LOWER_IS_BETTER: "ABOVE", TARGET_BAND: "OUTSIDE" } as const;
    for (const ind of indicators) {
      const thresholds = ind.rules.filter((r) => r.kind === "THRESHOLD");
      const warn = thresholds.find((r) => r.level === "WARNING")!;
      const crit = thresholds.find((r) => r.level === "CRITICAL")!;
      expect(thresholds).toHaveLength(2);
      for (const r of thresholds) {
        expect(r.comparator).toBe(comparator[ind.direction]);
        expect(r.consecutive).toBeGreaterThanOrEqual(1);
        expect(r.consecutive).toBeLessThanOrEqual(3);
        if (r.comparator === "BELOW") expect(r.clearValue!).toBeGreaterThan(r.value!);
        if (r.comparator === "ABOVE") expect(r.clearValue!).toBeLessThan(r.value!);
        if (r.comparator === "OUTSIDE") {
          expect(r.clearValue!).toBeGreaterThan(r.value!);
          expect(r.clearUpperValue!).toBeLessThan(r.upperValue!);
        }
      }
      if (warn.comparator === "BELOW") expect(crit.value!).toBeLessThan(warn.value!);
      if (warn.comparator === "ABOVE") expect(crit.value!).toBeGreaterThan(warn.value!);
      if (warn.comparator === "OUTSIDE") expect(crit.upperValue! - crit.value!).toBeGreaterThan(warn.upperValue! - warn.value!);
    }
    const rules = indicators.flatMap((i) => i.rules);
    expect(rules.filter((r) => r.kind === "NO_DATA").length).toBeGreaterThanOrEqual(2);
    const trends = rules.filter((r) => r.kind === "TREND");
    expect(trends.length).toBeGreaterThanOrEqual(2);
    for (const t of trends) expect(t).toMatchObject({ trendWindow: 24, trendHorizonMinutes: 720, comparator: expect.any(String) });
  });

  it("§4.2.4 records 90 days of readings by default, ending at now, and sets the indicator's last value", async () => {
    const ind = await prisma.indicator.findUniqueOrThrow({ where: { code: "MKT-01" } });
    expect(ind.expectedIntervalMinutes).toBe(60);
    const readings = await prisma.reading.findMany({ where: { indicatorId: ind.id }, orderBy: { observedAt: "asc" } });
    expect(readings).toHaveLength(90 * 24);
    expect(readings.at(-1)!.observedAt).toEqual(NOW);
    expect(readings[0].observedAt.getTime()).toBe(NOW.getTime() - (90 * 24 - 1) * HOUR);
    expect(readings.every((r, i) => i === 0 || r.observedAt.getTime() - readings[i - 1].observedAt.getTime() === HOUR)).toBe(true);
    expect(readings.every((r) => r.key?.startsWith("seed:MKT-01:"))).toBe(true);
    expect(ind.lastValue).toBe(readings.at(-1)!.value);
    expect(ind.lastObservedAt).toEqual(NOW);
    const daily = await prisma.indicator.findUniqueOrThrow({ where: { code: "STR-01" }, include: { _count: { select: { readings: true } } } });
    expect(daily._count.readings).toBe(90);
    expect(summary.counts.readings).toBeLessThanOrEqual(50_000);
  });

  it("§5.3.2 readings breach the WARNING and CRITICAL thresholds in a few short excursions, and the status follows the last value", async () => {
    const indicators = await prisma.indicator.findMany({ include: { rules: true, readings: true } });
    let critical = 0;
    for (const ind of indicators) {
      const warn = ind.rules.find((r) => r.kind === "THRESHOLD" && r.level === "WARNING")!;
      const crit = ind.rules.find((r) => r.kind === "THRESHOLD" && r.level === "CRITICAL")!;
      const warnings = ind.readings.filter((r) => breaches(warn, r.value)).length;
      expect(warnings).toBeGreaterThan(0);
      expect(warnings / ind.readings.length).toBeLessThan(0.2); // excursions, not the norm
      if (ind.readings.some((r) => breaches(crit, r.value))) critical++;
      const expected = breaches(crit, ind.lastValue!) ? "CRITICAL" : breaches(warn, ind.lastValue!) ? "WARNING" : "OK";
      expect(ind.status).toBe(expected);
    }
    expect(critical).toBeGreaterThan(indicators.length / 2);
    const statuses = indicators.map((i) => i.status);
    expect(statuses).toContain("WARNING");
    expect(statuses).toContain("CRITICAL");
  });

  it("§5.1.1 §5.1.2 registers ≥12 risks across the four categories, each assessed on the matrix at least twice", async () => {
    const risks = await prisma.risk.findMany({ include: { assessments: { orderBy: { assessedAt: "asc" } }, processes: true } });
    expect(risks.length).toBeGreaterThanOrEqual(12);
    for (const category of ["MARKET", "FINANCIAL", "OPERATIONAL", "LEGAL"]) {
      expect(risks.filter((r) => r.category === category).length).toBeGreaterThanOrEqual(3);
    }
    expect(risks.filter((r) => r.classification === "SECRET")).toHaveLength(1);
    expect(risks.filter((r) => r.classification === "CONFIDENTIAL")).toHaveLength(1);
    expect(risks.filter((r) => r.classification === "INTERNAL")).toHaveLength(risks.length - 2);
    for (const r of risks) {
      expect(r.processes.length).toBeGreaterThan(0);
      expect(r.titleEn).not.toBe("");
      expect(r.assessments.length).toBeGreaterThanOrEqual(2);
      expect(r.assessments[0].assessedAt.getTime()).toBe(NOW.getTime() - 90 * DAY);
      for (const a of r.assessments) {
        expect(a.score).toBe(a.likelihood * a.impact);
        expect(a.level).toBe(riskLevel(a.likelihood, a.impact));
        expect(a.expectedLoss).toBeGreaterThan(0);
      }
    }
    for (const r of risks) {
      expect(r.currentScore).toBe(r.assessments.at(-1)!.score);
      expect(r.currentLevel).toBe(r.assessments.at(-1)!.level);
    }
    const levels = new Set(risks.map((r) => r.assessments.at(-1)!.level));
    expect(levels).toEqual(new Set(["LOW", "MEDIUM", "HIGH", "EXTREME"]));
  });

  it("§5.2.1 §5.2.2 responds to every risk and has an approved plan for all high risks but one", async () => {
    const risks = await prisma.risk.findMany({
      include: { responses: true, contingencyPlans: true, assessments: { orderBy: { assessedAt: "desc" }, take: 1 } },
    });
    expect(risks.every((r) => r.responses.length > 0)).toBe(true);
    expect(new Set(risks.flatMap((r) => r.responses.map((x) => x.strategy)))).toEqual(new Set(["AVOID", "REDUCE", "TRANSFER", "ACCEPT"]));
    const high = risks.filter((r) => ["HIGH", "EXTREME"].includes(r.assessments[0].level));
    const uncovered = high.filter((r) => !r.contingencyPlans.some((p) => p.status === "APPROVED"));
    expect(high.length).toBeGreaterThanOrEqual(4);
    expect(uncovered).toHaveLength(1);
    expect(uncovered[0].assessments[0].level).toBe("HIGH");
    for (const p of high.flatMap((r) => r.contingencyPlans).filter((p) => p.status === "APPROVED")) {
      expect(p.approvedById).not.toBeNull();
      expect(p.responsibilities).not.toBe("");
    }
  });

  it("§5.3.1 links key risk indicators to risks", async () => {
    const kris = await prisma.indicator.findMany({ where: { kind: "RISK" }, include: { risks: true } });
    expect(kris.filter((i) => i.risks.length > 0).length).toBeGreaterThanOrEqual(3);
  });

  it("§5.4.1 §5.4.2 records an incident handled by its plan, with a timeline and a review that led to an improvement", async () => {
    const incidents = await prisma.riskIncident.findMany({ include: { plan: true, review: { include: { actions: true } } } });
    expect(incidents).toHaveLength(1);
    const [incident] = incidents;
    expect(incident.plan?.status).toBe("APPROVED");
    expect(Array.isArray(incident.timeline) && incident.timeline.length).toBeGreaterThanOrEqual(3);
    expect(incident.loss).toBeGreaterThan(0);
    expect(incident.review?.actions.map((a) => a.kind)).toEqual(["IMPROVEMENT"]);
  });

  it("§4.2.1 §4.2.2 plans a periodic inspection by the process office and a data analysis for every process, one overdue", async () => {
    const pmo = await prisma.orgUnit.findUniqueOrThrow({ where: { code: "PMO" } });
    const plans = await prisma.monitoringPlan.findMany();
    const processes = await prisma.process.findMany();
    for (const p of processes) {
      const periodic = plans.find((x) => x.processId === p.id && x.method === "PERIODIC_INSPECTION")!;
      expect(periodic.unitId).toBe(pmo.id);
      expect(["MONTHLY", "QUARTERLY"]).toContain(periodic.cadence);
      expect(periodic.nextDueAt).not.toBeNull();
      expect(plans.some((x) => x.processId === p.id && x.method === "DATA_ANALYSIS")).toBe(true);
    }
    expect(plans.filter((x) => x.nextDueAt! < NOW)).toHaveLength(1);
  });

  it("§4.2.3 §4.2.5 §2.3.2 records inspections with findings: periodic, a spot check by management, an on-site observation", async () => {
    const inspections = await prisma.inspection.findMany({ include: { findings: true, inspector: true } });
    expect(inspections.every((i) => i.findings.length > 0)).toBe(true);
    const spot = inspections.filter((i) => i.method === "SPOT_CHECK");
    expect(spot).toHaveLength(1);
    expect(spot[0].inspector.roles).toContain("MANAGEMENT");
    expect(spot[0].planId).toBeNull();
    expect(inspections.filter((i) => i.method === "ONSITE_OBSERVATION")).toHaveLength(1);
    expect(inspections.filter((i) => i.method === "PERIODIC_INSPECTION").length).toBeGreaterThanOrEqual(2);
    const rectified = await prisma.action.findMany({ where: { kind: "RECTIFICATION", findingId: { not: null } } });
    expect(rectified.length).toBeGreaterThan(0);
  });

  it("§4.3.1-§4.3.3 evaluates every process for the last full quarter; the one FAIL has a cause analysis and a rectification with a deadline", async () => {
    const evaluations = await prisma.evaluation.findMany({ where: { status: "FINAL" }, include: { process: true, actions: true } });
    expect(evaluations).toHaveLength(5);
    for (const e of evaluations) {
      expect(e).toMatchObject({ period: "2026-Q3", periodStart: new Date("2026-07-01T00:00:00Z"), periodEnd: new Date("2026-10-01T00:00:00Z") });
      const w = e.weights as Record<string, number>;
      expect(w).toEqual({ attainment: 0.4, compliance: 0.2, efficiency: 0.2, effectiveness: 0.2 });
      const total = e.attainmentScore * w.attainment + e.complianceScore * w.compliance + e.efficiencyScore * w.efficiency + e.effectivenessScore * w.effectiveness;
      expect(e.totalScore).toBeCloseTo(total, 1);
      expect(e.grade).toBe(gradeFor(e.totalScore));
      expect(e.maturityLevel).toBeGreaterThanOrEqual(1);
      expect(e.maturityLevel).toBeLessThanOrEqual(5);
    }
    expect(new Set(evaluations.map((e) => e.method))).toEqual(new Set(["GOAL", "KPI", "MATURITY"]));
    const fails = evaluations.filter((e) => e.grade === "FAIL");
    expect(fails.map((e) => e.process.code)).toEqual(["P-MKT"]);
    expect(fails[0].causeAnalysis).toBeTruthy();
    const rectification = fails[0].actions.find((a) => a.kind === "RECTIFICATION")!;
    expect(rectification.deadline!.getTime()).toBeGreaterThan(NOW.getTime());
    expect(rectification.ownerUnitId).toBe(fails[0].process.ownerUnitId);
    expect(lastFullQuarter(new Date("2027-01-15T00:00:00Z")).period).toBe("2026-Q4");
  });

  it("§4.3.2 computes this month's draft of every process from the seeded readings, with working whose points make the total", async () => {
    const drafts = await prisma.evaluation.findMany({ where: { status: "DRAFT" }, include: { process: { include: { indicators: true } } } });
    expect(drafts.map((d) => d.period)).toEqual(Array(5).fill("2026-11"));
    for (const d of drafts) {
      const rows = d.criteria as { criterion: string; indicatorId: string | null; count: number; attainment: number | null; points: number }[];
      expect(rows.reduce((s, r) => s + r.points, 0)).toBeCloseTo(d.totalScore, 1);
      expect(d.grade).toBe(gradeFor(d.totalScore));
      const graded = d.process.indicators
        .filter((i) => i.kind !== "RISK")
        .map((i) => i.id)
        .sort();
      expect(
        rows
          .filter((r) => r.criterion === "ATTAINMENT")
          .map((r) => r.indicatorId)
          .sort(),
      ).toEqual(graded);
      expect(rows.filter((r) => r.criterion === "ATTAINMENT").every((r) => r.count > 0 && r.attainment !== null)).toBe(true);
    }
  });

  it("§4.4.2 tracks an improvement action on another evaluation", async () => {
    const improvements = await prisma.action.findMany({ where: { kind: "IMPROVEMENT", evaluationId: { not: null } }, include: { evaluation: true } });
    expect(improvements.length).toBeGreaterThanOrEqual(1);
    expect(improvements[0].evaluation!.grade).not.toBe("FAIL");
    expect(improvements[0].deadline).not.toBeNull();
  });

  it("§6.1.2 §2.4.3 §6.2.2 stores classified records, an employee's feedback to the process office and notification routes", async () => {
    const records = await prisma.informationRecord.findMany();
    const classes = records.map((r) => r.classification);
    expect(classes.filter((c) => c === "SECRET")).toHaveLength(1);
    expect(classes.filter((c) => c === "CONFIDENTIAL")).toHaveLength(1);
    expect(classes).toEqual(expect.arrayContaining(["INTERNAL", "PUBLIC"]));
    const feedback = await prisma.feedback.findMany({ include: { author: true, recipientUnit: true } });
    expect(feedback).toHaveLength(1);
    expect(feedback[0].author.email).toBe("employee@example.com");
    expect(feedback[0].recipientUnit.isProcessOffice).toBe(true);
    expect(await prisma.notificationRoute.count()).toBeGreaterThanOrEqual(1);
  });

  it(
    "is idempotent: a second run changes no count and keeps the users' password hashes",
    async () => {
      const hashes = await prisma.user.findMany({ select: { email: true, passwordHash: true }, orderBy: { email: "asc" } });
      const again = await seed(prisma, { now: NOW, password: "another-password" });
      expect(again.counts).toEqual(summary.counts);
      expect(again.readingsInserted).toBe(0);
      expect(await prisma.user.findMany({ select: { email: true, passwordHash: true }, orderBy: { email: "asc" } })).toEqual(hashes);
    },
    SLOW,
  );
});

describe("seed: determinism", () => {
  it(
    "§4.2.4 produces identical readings in two fresh databases",
    async () => {
      const read = async () => {
        const db = await createTestDatabase();
        try {
          const result = await seed(db.prisma, { now: NOW, password: PASSWORD, readingsDays: 7 });
          const rows = await db.prisma.reading.findMany({
            select: { key: true, value: true, observedAt: true, indicator: { select: { code: true } } },
            orderBy: [{ indicator: { code: "asc" } }, { observedAt: "asc" }],
          });
          return { counts: result.counts, rows };
        } finally {
          await db.close();
        }
      };
      const first = await read();
      const second = await read();
      expect(first.rows.length).toBe(6 * 7 * 24 + 13 * 7);
      expect(second.rows).toEqual(first.rows);
      expect(second.counts).toEqual(first.counts);
    },
    SLOW,
  );
});

describe("§5.3.2 the seed's last readings went through the live engine", () => {
  it("every indicator in WARNING or CRITICAL has an open alert of that level, and the log has its events", async () => {
    const { createTestDatabase } = await import("../../packages/server/test/helpers/test-db.js");
    const { seed } = await import("./seed.js");
    const db = await createTestDatabase();
    try {
      await seed(db.prisma, { readingsDays: 14, now: new Date("2026-11-02T08:00:00Z") });
      const flagged = await db.prisma.indicator.findMany({ where: { status: { in: ["WARNING", "CRITICAL"] } }, include: { alerts: { where: { state: { not: "RESOLVED" } } } } });
      expect(flagged.length).toBeGreaterThan(0);
      for (const ind of flagged) {
        expect(
          ind.alerts.map((a) => a.level),
          ind.code,
        ).toContain(ind.status);
      }
      expect(await db.prisma.alertEvent.count()).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });
});
