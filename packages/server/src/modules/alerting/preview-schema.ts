import { builder } from "../../builder.js";
import { parseId } from "../common/ids.js";
import { RULE_FIELD, ruleSpecOf } from "../indicator/rule-input.js";
import { AlertLevelEnum, ComparatorEnum, RuleKindEnum } from "../common/schema.js";
import type { ReplayFiring } from "./engine/replay.js";
import { previewRule, type RulePreview } from "./preview.js";

// ───────────── rule preview against history (issue 14 item 6, §5.3.2) ─────────────

const RuleFiring = builder.objectRef<ReplayFiring>("RuleFiring").implement({
  description: "A period a previewed rule would have been firing.",
  fields: (t) => ({
    startedAt: t.expose("startedAt", { type: "DateTime" }),
    endedAt: t.expose("endedAt", { type: "DateTime", nullable: true, description: "When it would have resolved; null while still firing at the end of the range." }),
    level: t.expose("level", { type: AlertLevelEnum }),
    value: t.exposeFloat("value", { nullable: true, description: "The reading that fired it (null for NO_DATA)." }),
    resolvedValue: t.exposeFloat("resolvedValue", { nullable: true, description: "The reading that resolved it." }),
    predictedAt: t.expose("predictedAt", { type: "DateTime", nullable: true, description: "TREND: the predicted crossing when it fired." }),
  }),
});

const RulePreviewRef = builder.objectRef<RulePreview>("RulePreview").implement({
  description: "What a rule would have done over a range of an indicator's readings, by the engine's own evaluation.",
  fields: (t) => ({
    from: t.expose("from", { type: "DateTime" }),
    to: t.expose("to", { type: "DateTime" }),
    readings: t.exposeInt("readings", { description: "Readings evaluated." }),
    count: t.exposeInt("count", { description: "How many times it would have fired." }),
    firings: t.expose("firings", { type: [RuleFiring] }),
  }),
});

const PreviewThresholdRuleInput = builder.inputType("PreviewThresholdRuleInput", {
  fields: (t) => ({
    indicatorId: t.id({ required: true }),
    kind: t.field({ type: RuleKindEnum, required: true }),
    level: t.field({ type: AlertLevelEnum, required: true }),
    comparator: t.field({ type: ComparatorEnum }),
    value: t.float({ validate: RULE_FIELD.value }),
    upperValue: t.float({ validate: RULE_FIELD.value }),
    clearValue: t.float({ validate: RULE_FIELD.value }),
    clearUpperValue: t.float({ validate: RULE_FIELD.value }),
    consecutive: t.int({ defaultValue: 1, validate: RULE_FIELD.consecutive }),
    pendingMinutes: t.int({ defaultValue: 0, validate: RULE_FIELD.minutes }),
    keepFiringMinutes: t.int({ defaultValue: 0, validate: RULE_FIELD.minutes }),
    noDataFactor: t.float({ defaultValue: 2, validate: RULE_FIELD.noDataFactor }),
    trendWindow: t.int({ validate: RULE_FIELD.trendWindow }),
    trendHorizonMinutes: t.int({ validate: RULE_FIELD.minutes }),
    from: t.field({ type: "DateTime", description: "Default: 30 days before `to`." }),
    to: t.field({ type: "DateTime", description: "Default: now." }),
  }),
});

builder.queryField("previewThresholdRule", (t) =>
  t.field({
    type: RulePreviewRef,
    description: "Evaluates a would-be rule against the indicator's readings (default: the last 30 days), with the engine's own code: when it would have fired and resolved.",
    authScopes: { reader: true },
    complexity: 50,
    args: { input: t.arg({ type: PreviewThresholdRuleInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      previewRule(ctx.prisma, ctx.viewer, {
        indicatorId: parseId(input.indicatorId, "Indicator", "indicatorId"),
        from: input.from ?? null,
        to: input.to ?? null,
        rule: ruleSpecOf(input),
      }),
  }),
);
