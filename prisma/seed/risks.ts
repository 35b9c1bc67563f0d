/**
 * The risk register (§5) written to the database: the risks of risk-register.ts with their
 * assessments on the 5×5 matrix (§5.1.2), responses (§5.2.1), contingency plans for high risks
 * (§5.2.2), and an incident with its review (§5.4).
 */
import type { PrismaClient } from "../../packages/server/src/lib/db.js";
import { riskLevel, riskScore } from "../../packages/server/src/modules/risk/matrix.js";
import type { IndicatorIds } from "./indicators.js";
import { UNITS, type UnitIds } from "./org.js";
import { stepKey, type ProcessIds } from "./processes.js";
import { type Assessment, RISKS } from "./risk-register.js";
import { upsertByKey } from "./rows.js";
import type { UserIds } from "./users.js";

const DAY = 86_400_000;
const unitName = (code: string) => UNITS.find((u) => u.code === code)?.name ?? code;
/** `P-FIN#3` → the step id */
const stepId = (ids: ProcessIds, ref: string) => {
  const [code, position] = ref.split("#");
  return ids.step[stepKey(code, Number(position))];
};

export interface RiskIds {
  risk: Record<string, string>;
  plan: Record<string, string>;
}

export async function seedRisks(prisma: PrismaClient, now: Date, units: UnitIds, users: UserIds, ids: ProcessIds, indicators: IndicatorIds): Promise<RiskIds> {
  const out: RiskIds = { risk: {}, plan: {} };
  for (const r of RISKS) {
    const processes = r.processes.map((c) => ({ id: ids.process[c] }));
    const steps = (r.steps ?? []).map((ref) => ({ id: stepId(ids, ref) }));
    const kri = (r.kri ?? []).map((c) => ({ id: indicators[c] }));
    const data = {
      title: r.title,
      titleEn: r.titleEn,
      description: r.description,
      category: r.category,
      classification: r.classification ?? "INTERNAL",
      status: "OPEN" as const,
      ownerUnitId: units[r.owner],
      ownerId: r.ownerUser ? users[r.ownerUser] : null,
    };
    const risk = await prisma.risk.upsert({
      where: { code: r.code },
      create: { code: r.code, ...data, processes: { connect: processes }, steps: { connect: steps }, keyIndicators: { connect: kri } },
      update: { ...data, processes: { set: processes }, steps: { set: steps }, keyIndicators: { set: kri } },
      select: { id: true },
    });
    out.risk[r.code] = risk.id;

    if ((await prisma.riskAssessment.count({ where: { riskId: risk.id } })) === 0) {
      const [older, latest] = r.assessments;
      const row = ([likelihood, impact, expectedLoss]: Assessment, at: Date, by: string, rationale: string) => ({
        riskId: risk.id,
        likelihood,
        impact,
        score: riskScore(likelihood, impact),
        level: riskLevel(likelihood, impact),
        expectedLoss,
        assessedAt: at,
        assessedById: by,
        rationale,
      });
      await prisma.riskAssessment.createMany({
        data: [
          row(older, new Date(now.getTime() - 90 * DAY), users.analyst, "季度風險評估:依據歷史事件頻率與業務影響定性評估。"),
          row(latest, new Date(now.getTime() - 7 * DAY), users.office, "本季複評:結合關鍵風險指標讀數與損失數據定量修正。"),
        ],
      });
    }
    // The register lists and sorts by the latest assessment (as the risk service keeps it).
    const latest = await prisma.riskAssessment.findFirst({
      where: { riskId: risk.id },
      orderBy: [{ assessedAt: "desc" }, { createdAt: "desc" }],
      select: { score: true, level: true },
    });
    await prisma.risk.update({
      where: { id: risk.id },
      data: { currentScore: latest?.score ?? null, currentLevel: latest?.level ?? null },
    });
    for (const [strategy, measures] of r.responses) {
      await upsertByKey(prisma.riskResponse, { riskId: risk.id, strategy }, { measures, ownerUnitId: units[r.owner] }, { dueAt: new Date(now.getTime() + 60 * DAY) });
    }
    if (r.plan) {
      const title = `${r.title}應急預案`;
      const approved = r.plan === "APPROVED";
      const d = {
        measures: `一、觸發條件:關鍵風險指標達到預警閾值或風險事件發生。二、處置措施:${r.responses[0][1]}三、事後總結與預案修訂。`,
        responsibilities: `牽頭:${unitName(r.owner)}負責人;協同:流程歸口管理部門、風險合規部;決策:總公司管理層。`,
        status: r.plan,
        approvedById: approved ? users.management : null,
        approvedAt: approved ? new Date(now.getTime() - 60 * DAY) : null,
      };
      out.plan[r.code] = await upsertByKey(prisma.contingencyPlan, { riskId: risk.id, title }, d);
    }
  }
  await seedIncident(prisma, now, units, users, out);
  return out;
}

/** §5.4: the core system went down, the plan was followed, and the review led to an improvement. */
async function seedIncident(prisma: PrismaClient, now: Date, units: UnitIds, users: UserIds, ids: RiskIds) {
  const title = "核心業務系統存儲故障導致訂單與收款中斷";
  const at = (minutes: number) => new Date(now.getTime() - 40 * DAY + minutes * 60_000);
  const timeline = [
    { at: at(0), event: "監控告警:核心業務系統可用率跌破 99%,訂單提交失敗", by: "系統" },
    { at: at(8), event: "行政部啟動《核心業務系統中斷應急預案》,通知管理層", by: "行政部" },
    { at: at(25), event: "切換至同城災備環境,訂單與收款服務恢復", by: "行政部信息組" },
    { at: at(120), event: "向受影響客戶及南北區分公司發出說明", by: "市場營銷部" },
    { at: at(330), event: "存儲陣列更換完成,業務切回生產環境", by: "行政部信息組" },
    { at: at(360), event: "事件關閉,統計損失並提交事後總結", by: "流程歸口管理部門" },
  ].map((e) => ({ ...e, at: e.at.toISOString() }));
  const data = {
    riskId: ids.risk["R-OPS-01"],
    planId: ids.plan["R-OPS-01"],
    status: "CLOSED" as const,
    description: "存儲陣列控制器故障,ERP 與訂單系統中斷約 6 小時,其間 25 分鐘無法接單。",
    occurredAt: at(0),
    closedAt: at(360),
    loss: 35,
    timeline,
  };
  const incident = { id: await upsertByKey(prisma.riskIncident, { title }, data) };
  const review = await prisma.postIncidentReview.upsert({
    where: { incidentId: incident.id },
    create: {
      incidentId: incident.id,
      effectiveness: 4,
      reviewedById: users.office,
      reviewedAt: at(3 * 1440),
      lessons: "預案啟動及時,災備切換在 25 分鐘內完成;但存儲設備缺少預測性監控,客戶通知晚於內部恢復約 1.5 小時。",
    },
    update: {},
    select: { id: true },
  });
  const actionTitle = "建立存儲設備預測性監控並每季度演練災備切換";
  if (!(await prisma.action.findFirst({ where: { kind: "IMPROVEMENT", title: actionTitle } }))) {
    await prisma.action.create({
      data: {
        kind: "IMPROVEMENT",
        title: actionTitle,
        reviewId: review.id,
        ownerUnitId: units.ADM,
        description: "將存儲與主機健康指標接入監控;每季度開展一次災備切換演練;客戶通知納入預案第一小時動作。",
        deadline: new Date(now.getTime() + 45 * DAY),
        progress: 40,
        status: "IN_PROGRESS",
      },
    });
  }
}
