/** Defining threshold rules (§5.3.2): create, update, archive. Their validation is in `rule-validation.ts`. */
import { builder } from "../../builder.js";
import { parseId } from "../common/ids.js";
import { given } from "../common/input.js";
import { updatePayload } from "../common/payload.js";
import { AlertLevelEnum, ComparatorEnum, RuleKindEnum } from "../common/schema.js";
import { RULE_FIELD, ruleSpecOf } from "./rule-input.js";
import { createCatalogService, RULE_UPDATABLE_FIELDS } from "./catalog.js";

const CreateThresholdRuleInput = builder.inputType("CreateThresholdRuleInput", {
  fields: (t) => ({
    indicatorId: t.id({ required: true }),
    kind: t.field({ type: RuleKindEnum, required: true }),
    level: t.field({ type: AlertLevelEnum, required: true }),
    comparator: t.field({ type: ComparatorEnum }),
    value: t.float({ validate: RULE_FIELD.value, description: "The threshold; for OUTSIDE the lower bound." }),
    upperValue: t.float({ validate: RULE_FIELD.value, description: "OUTSIDE only: the upper bound of the band." }),
    clearValue: t.float({ validate: RULE_FIELD.value, description: "Hysteresis: the value must come back past this to clear." }),
    clearUpperValue: t.float({ validate: RULE_FIELD.value, description: "OUTSIDE only: upper bound of the clear band." }),
    consecutive: t.int({ defaultValue: 1, validate: RULE_FIELD.consecutive, description: "Breaches in a row before firing." }),
    pendingMinutes: t.int({ defaultValue: 0, validate: RULE_FIELD.minutes, description: "Minutes a breach must last before firing." }),
    keepFiringMinutes: t.int({ defaultValue: 0, validate: RULE_FIELD.minutes, description: "Minutes to keep firing after the value clears." }),
    noDataFactor: t.float({ defaultValue: 2, validate: RULE_FIELD.noDataFactor }),
    trendWindow: t.int({ validate: RULE_FIELD.trendWindow, description: "TREND: readings in the least-squares fit." }),
    trendHorizonMinutes: t.int({ validate: RULE_FIELD.minutes, description: "TREND: how far ahead a crossing counts." }),
    enabled: t.boolean({ defaultValue: true }),
  }),
});

const UpdateThresholdRuleInput = builder.inputType("UpdateThresholdRuleInput", {
  fields: (t) => ({
    id: t.id({ required: true }),
    level: t.field({ type: AlertLevelEnum }),
    comparator: t.field({ type: ComparatorEnum }),
    value: t.float({ validate: RULE_FIELD.value }),
    upperValue: t.float({ validate: RULE_FIELD.value }),
    clearValue: t.float({ validate: RULE_FIELD.value }),
    clearUpperValue: t.float({ validate: RULE_FIELD.value }),
    consecutive: t.int({ validate: RULE_FIELD.consecutive }),
    pendingMinutes: t.int({ validate: RULE_FIELD.minutes }),
    keepFiringMinutes: t.int({ validate: RULE_FIELD.minutes }),
    noDataFactor: t.float({ validate: RULE_FIELD.noDataFactor }),
    trendWindow: t.int({ validate: RULE_FIELD.trendWindow }),
    trendHorizonMinutes: t.int({ validate: RULE_FIELD.minutes }),
    enabled: t.boolean(),
  }),
});

const UpdateThresholdRulePayload = updatePayload("UpdateThresholdRulePayload", "ThresholdRule", "rule");

builder.mutationFields((t) => ({
  createThresholdRule: t.prismaField({
    type: "ThresholdRule",
    description: "Adds a warning threshold to an indicator (§5.3.2); it must agree with the indicator's direction.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: CreateThresholdRuleInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const r = await createCatalogService(ctx.prisma).createRule(ctx.viewer, {
        indicatorId: parseId(input.indicatorId, "Indicator", "indicatorId"),
        ...ruleSpecOf(input),
        enabled: input.enabled ?? true,
      });
      return ctx.prisma.thresholdRule.findUniqueOrThrow({ ...query, where: { id: r.id } });
    },
  }),
  updateThresholdRule: t.field({
    type: UpdateThresholdRulePayload,
    description: "Changes a threshold rule; says which fields changed.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: UpdateThresholdRuleInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createCatalogService(ctx.prisma).updateRule(ctx.viewer, parseId(input.id, "ThresholdRule"), given(input, [...RULE_UPDATABLE_FIELDS]) as never),
  }),
  archiveThresholdRule: t.prismaField({
    type: "ThresholdRule",
    description: "Archives a threshold rule; it stops firing.",
    authScopes: { editor: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const r = await createCatalogService(ctx.prisma).archiveRule(ctx.viewer, parseId(args.id, "ThresholdRule"));
      return ctx.prisma.thresholdRule.findUniqueOrThrow({ ...query, where: { id: r.id } });
    },
  }),
}));
