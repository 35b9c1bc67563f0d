/**
 * Evaluations (§4.3): computed from the period's data as a DRAFT, adjusted by the process office
 * with reasons kept, then finalised and fed back (§4.4.1). A FAIL is finalised only with a
 * rectification (§4.3.3). A recomputation makes a new draft; a final is never rewritten (a newer
 * final of the same period supersedes it, figures untouched).
 */
import type { EvaluationMethod, ProcessCategory } from "../../generated/prisma/enums.js";
import { actorOf, type Viewer } from "../../context.js";
import { audited } from "../../lib/audit.js";
import type { Prisma, PrismaClient, Tx } from "../../lib/db.js";
import { badInput, DomainError, forbidden, notFound } from "../../lib/errors.js";
import type { NotificationMessage } from "../../lib/pubsub.js";
import { processWhere } from "../access/visibility.js";
import { parsePeriod } from "../common/periods.js";
import { notifyUnitHeadAndOffice } from "../information/inbox.js";
import { evaluationFinalText } from "../information/notice-text.js";
import { checkRectification, createRectification, type RectificationInput } from "./actions.js";
import { type CriterionRow, evaluatePeriod, figures, score } from "./compute.js";
import { configFor } from "./config.js";
import { type CriterionScores, type GradeCutoffs, whyBadCutoffs, whyBadWeights } from "./grade.js";
import { whyCannotCompute, whyCannotJudge } from "./permissions.js";

export interface Written {
  id: string;
  notifications: NotificationMessage[];
}

const userOf = (viewer: Viewer) => {
  if (viewer.kind !== "user") throw forbidden("Only a person may do this.");
  return viewer.user;
};

/**
 * A race is a CONFLICT, not a crash: a unique index (two drafts, two finals of one period), or a
 * draft that another request finalised or superseded meanwhile (no row matched `status: DRAFT`).
 */
function conflictOnRace(error: unknown): never {
  const code = (error as { code?: string }).code;
  if (code === "P2002" || code === "P2025" || /unique/i.test(String((error as Error).message))) {
    throw new DomainError("CONFLICT", "Another evaluation of this process and period was saved at the same moment; try again.");
  }
  throw error;
}

async function draft(prisma: PrismaClient, viewer: Viewer, id: string) {
  const e = await prisma.evaluation.findFirst({ where: { id, process: processWhere(viewer) }, include: { process: true, config: true } });
  if (!e) throw notFound("Evaluation", id);
  if (e.status !== "DRAFT") {
    throw new DomainError("CONFLICT", `This evaluation is ${e.status}; only a DRAFT can change. Compute the period again for a new draft.`, { status: e.status });
  }
  return e;
}

/**
 * §4.3.2: a new DRAFT for a month (`2026-11`) or quarter (`2026-Q4`) from the period's
 * readings and findings, with the weights and cut-offs in force for the process's category.
 * An earlier draft of the period is superseded.
 */
async function compute(prisma: PrismaClient, viewer: Viewer, input: { processId: string; period: string; method?: EvaluationMethod | null }, now = new Date()): Promise<Written> {
  const why = whyCannotCompute(viewer);
  if (why) throw forbidden(why);
  const user = userOf(viewer);
  const period = parsePeriod(input.period);
  if (period.start > now) throw badInput("The period has not begun yet.", "period");
  const process = await prisma.process.findFirst({ where: { AND: [{ id: input.processId, archivedAt: null }, processWhere(viewer)] } });
  if (!process) throw new DomainError("NOT_FOUND", `Process ${input.processId} was not found.`, { field: "processId" });
  return audited(prisma, actorOf(viewer), "computeEvaluation", async (tx, record) => {
    const config = await configFor(tx, process.category);
    const scored = await evaluatePeriod(tx, process.id, period, config.weights, config.cutoffs);
    const stale = await tx.evaluation.updateManyAndReturn({
      where: { processId: process.id, period: period.period, status: "DRAFT" },
      data: { status: "SUPERSEDED" },
      select: { id: true },
    });
    for (const s of stale) record({ entity: "Evaluation", entityId: s.id, changes: { status: { from: "DRAFT", to: "SUPERSEDED" } } });
    const e = await tx.evaluation
      .create({
        data: {
          processId: process.id,
          period: period.period,
          periodStart: period.start,
          periodEnd: period.end,
          method: input.method ?? "KPI",
          status: "DRAFT",
          evaluatorId: user.id,
          configId: config.id,
          cutoffs: config.cutoffs as unknown as Prisma.InputJsonValue,
          ...figures(scored),
        },
      })
      .catch(conflictOnRace);
    record({
      entity: "Evaluation",
      entityId: e.id,
      changes: { processId: process.id, period: period.period, status: "DRAFT", totalScore: e.totalScore, grade: e.grade, configId: config.id },
    });
    return { id: e.id, notifications: [] };
  });
}

/** §4.3: the process office changes one criterion row's attainment, with a reason that is kept. */
async function adjust(prisma: PrismaClient, viewer: Viewer, input: { evaluationId: string; key: string; attainment: number; reason: string }, now = new Date()): Promise<Written> {
  const why = whyCannotJudge(viewer);
  if (why) throw forbidden(why);
  const user = userOf(viewer);
  if (!Number.isFinite(input.attainment) || input.attainment < 0 || input.attainment > 100) throw badInput("attainment must lie between 0 and 100.", "attainment");
  if (!input.reason.trim()) throw badInput("An adjustment needs a reason.", "reason");
  const before = await draft(prisma, viewer, input.evaluationId);
  const rows = before.criteria as unknown as CriterionRow[];
  const target = rows.find((r) => r.key === input.key);
  if (!target) throw badInput(`This evaluation has no criterion ${input.key}.`, "key");
  const adjusted = rows.map((r) =>
    r.key === input.key ? { ...r, adjustment: { attainment: input.attainment, reason: input.reason.trim(), byId: user.id, at: now.toISOString() } } : r,
  );
  const cutoffs = before.cutoffs as unknown as GradeCutoffs;
  const weights = before.config ? (before.config.weights as unknown as CriterionScores) : (await configFor(prisma, before.process.category)).weights;
  const scored = score(adjusted, weights, cutoffs);
  return audited(prisma, actorOf(viewer), "adjustEvaluation", async (tx, record) => {
    const after = await tx.evaluation.update({ where: { id: before.id, status: "DRAFT" }, data: figures(scored) }).catch(conflictOnRace);
    record({
      entity: "Evaluation",
      entityId: before.id,
      changes: {
        criterion: input.key,
        attainment: { from: target.attainment, to: input.attainment },
        reason: input.reason.trim(),
        totalScore: { from: before.totalScore, to: after.totalScore },
        grade: { from: before.grade, to: after.grade },
      },
    });
    return { id: before.id, notifications: [] };
  });
}

/**
 * §4.3.3, §4.4.1: finalises a draft. A FAIL needs a rectification (cause analysis, measures,
 * owner unit and person, deadline); with one, a RECTIFICATION action is opened, linked to the
 * indicator that attained least. The owner unit's head and the process office are notified.
 */
async function finalize(
  prisma: PrismaClient,
  viewer: Viewer,
  input: { evaluationId: string; rectification: Partial<RectificationInput> | null },
  now = new Date(),
): Promise<Written> {
  const why = whyCannotJudge(viewer);
  if (why) throw forbidden(why);
  const user = userOf(viewer);
  const e = await draft(prisma, viewer, input.evaluationId);
  const given = input.rectification ? await checkRectification(prisma, input.rectification, now) : null;
  if (e.grade === "FAIL" && !given) {
    throw new DomainError("BAD_USER_INPUT", "A FAIL cannot be finalised without a rectification (§4.3.3): give causeAnalysis, measures, ownerUnitId, ownerId and deadline.", {
      field: "rectification",
      missing: ["causeAnalysis", "measures", "ownerUnitId", "ownerId", "deadline"],
    });
  }
  const rows = e.criteria as unknown as CriterionRow[];
  const worst = rows.filter((r) => r.criterion === "ATTAINMENT" && r.indicatorId && r.attainment != null && r.attainment < 100).sort((a, b) => a.attainment! - b.attainment!)[0];
  return audited(prisma, actorOf(viewer), "finalizeEvaluation", async (tx: Tx, record) => {
    const previous = await tx.evaluation.updateManyAndReturn({
      where: { processId: e.processId, period: e.period, status: "FINAL" },
      data: { status: "SUPERSEDED" },
      select: { id: true },
    });
    for (const p of previous) record({ entity: "Evaluation", entityId: p.id, changes: { status: { from: "FINAL", to: "SUPERSEDED" } } });
    let actionId: string | null = null;
    if (given) {
      const action = await createRectification(
        tx,
        {
          ...given,
          title: `Rectification: ${e.process.code} ${e.period} (${e.grade})`,
          evaluationId: e.id,
          processId: e.processId,
          indicatorId: given.indicatorId ?? worst?.indicatorId ?? null,
        },
        user.id,
        record,
        now,
      );
      actionId = action.id;
    }
    const after = await tx.evaluation
      .update({
        where: { id: e.id, status: "DRAFT" },
        data: { status: "FINAL", finalizedAt: now, finalizedById: user.id, causeAnalysis: given?.causeAnalysis?.trim() || e.causeAnalysis },
      })
      .catch(conflictOnRace);
    record({ entity: "Evaluation", entityId: e.id, changes: { status: { from: "DRAFT", to: "FINAL" }, grade: after.grade, rectificationId: actionId } });
    const notifications = await notifyUnitHeadAndOffice(
      tx,
      e.process.ownerUnitId,
      {
        ...evaluationFinalText({
          ...e.process,
          period: e.period,
          grade: after.grade,
          totalScore: String(after.totalScore),
          maturityLevel: String(after.maturityLevel ?? "—"),
          rectification: !!actionId,
        }),
        evaluationId: e.id,
        actionId,
      },
      record,
      now,
    );
    return { id: e.id, notifications };
  });
}

/** §4.3.2, §4.3.3: new weights and cut-offs for a category (or for all); the old ones stay as history. */
async function setConfig(prisma: PrismaClient, viewer: Viewer, input: { category: ProcessCategory | null; weights: CriterionScores; cutoffs: GradeCutoffs; reason: string }) {
  const why = whyCannotJudge(viewer);
  if (why) throw forbidden(why);
  const user = userOf(viewer);
  const badWeights = whyBadWeights(input.weights);
  if (badWeights) throw badInput(badWeights, "weights");
  const badCutoffs = whyBadCutoffs(input.cutoffs);
  if (badCutoffs) throw badInput(badCutoffs, "cutoffs");
  return audited(prisma, actorOf(viewer), "setEvaluationConfig", async (tx, record) => {
    const row = await tx.evaluationConfig.create({
      data: {
        category: input.category,
        weights: { ...input.weights },
        cutoffs: { ...input.cutoffs },
        reason: input.reason.trim(),
        createdById: user.id,
      },
    });
    record({ entity: "EvaluationConfig", entityId: row.id, changes: { category: input.category, weights: input.weights, cutoffs: input.cutoffs, reason: row.reason } });
    return row;
  });
}

export function createEvaluationService(prisma: PrismaClient) {
  return {
    compute: compute.bind(null, prisma),
    adjust: adjust.bind(null, prisma),
    finalize: finalize.bind(null, prisma),
    setConfig: setConfig.bind(null, prisma),
  };
}
