/**
 * Rule preview (issue 14 item 6, §5.3.2): a would-be rule evaluated against an indicator's
 * recorded history before anyone saves it. It loads the readings the viewer may read and
 * replays them through the engine's own evaluation (`engine/replay.ts` → `evaluateBatch`), so
 * the preview and the live engine cannot disagree. Read-only: nothing is written.
 */
import type { Viewer } from "../../context.js";
import type { PrismaClient } from "../../lib/db.js";
import { badInput, DomainError } from "../../lib/errors.js";
import { indicatorWhere } from "../access/visibility.js";
import { raise } from "../indicator/catalog.js";
import { ruleProblem } from "../indicator/rule-validation.js";
import { replayRule, type ReplayFiring } from "./engine/replay.js";
import type { RuleSpec } from "./rules.js";

const DAY = 86_400_000;
/** The default range: the last 30 days (issue 14 item 6). */
export const DEFAULT_PREVIEW_DAYS = 30;
/** At most this many readings are replayed: a longer history needs a shorter range. */
export const MAX_PREVIEW_READINGS = 100_000;

export interface PreviewInput {
  indicatorId: string;
  rule: RuleSpec;
  from: Date | null;
  to: Date | null;
}

export interface RulePreview {
  from: Date;
  to: Date;
  /** How many readings were evaluated. */
  readings: number;
  firings: ReplayFiring[];
  count: number;
}

/** Replays the rule over the indicator's readings in [from, to]; NOT_FOUND for an unreadable indicator (§6.4). */
export async function previewRule(prisma: PrismaClient, viewer: Viewer, input: PreviewInput, now = new Date()): Promise<RulePreview> {
  const to = input.to ?? now;
  const from = input.from ?? new Date(to.getTime() - DEFAULT_PREVIEW_DAYS * DAY);
  if (from >= to) throw badInput("from must be before to.", "from");
  const indicator = await prisma.indicator.findFirst({
    where: { AND: [{ id: input.indicatorId }, indicatorWhere(viewer)] },
    include: { process: { select: { ownerUnitId: true } } },
  });
  if (!indicator) throw new DomainError("NOT_FOUND", `Indicator ${input.indicatorId} was not found.`, { field: "indicatorId" });
  // The same checks as saving the rule (the indicator's other rules aside: the preview shows this one).
  raise(ruleProblem(input.rule, indicator, []));

  const select = { value: true, observedAt: true } as const;
  const readings = await prisma.reading.findMany({
    where: { indicatorId: indicator.id, observedAt: { gte: from, lte: to } },
    select,
    orderBy: [{ observedAt: "asc" }, { id: "asc" }],
    take: MAX_PREVIEW_READINGS + 1,
  });
  if (readings.length > MAX_PREVIEW_READINGS) throw badInput(`The range holds more than ${MAX_PREVIEW_READINGS} readings; choose a shorter one.`, "from");
  const before = await prisma.reading.findMany({
    where: { indicatorId: indicator.id, observedAt: { lt: from } },
    select,
    orderBy: [{ observedAt: "desc" }, { id: "desc" }],
    take: input.rule.kind === "TREND" ? Math.max(1, (input.rule.trendWindow ?? 10) - 1) : 1,
  });
  const firings = replayRule({
    rule: input.rule,
    indicator: {
      id: indicator.id,
      code: indicator.code,
      unit: indicator.unit,
      processId: indicator.processId,
      unitId: indicator.process.ownerUnitId,
      expectedIntervalMinutes: indicator.expectedIntervalMinutes,
    },
    warmup: input.rule.kind === "TREND" ? [...before].reverse() : [],
    readings,
    // NO_DATA counts from the last reading before the range, else from the indicator's creation, as the scheduler does.
    lastObservedAt: before[0]?.observedAt ?? null,
    createdAt: indicator.createdAt,
    until: to < now ? to : now,
  });
  return { from, to, readings: readings.length, firings, count: firings.length };
}
