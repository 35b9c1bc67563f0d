/** Defining indicators (§4.1): create, update, archive. The catalogue's rules are in `catalog.ts`. */
import { builder } from "../../builder.js";
import { parseId } from "../common/ids.js";
import { given } from "../common/input.js";
import { updatePayload } from "../common/payload.js";
import { DirectionEnum, IndicatorKindEnum } from "../common/schema.js";
import { CODE, int, MEASURE, NAME } from "../common/validation.js";
import { createCatalogService } from "./catalog.js";

/** One validation per field, for create and update alike. */
const INDICATOR = {
  code: CODE,
  name: NAME,
  unit: NAME,
  target: MEASURE,
  expectedIntervalMinutes: int(1, 525_600),
};

const CreateIndicatorInput = builder.inputType("CreateIndicatorInput", {
  fields: (t) => ({
    processId: t.id({ required: true }),
    stepId: t.id(),
    code: t.string({ required: true, validate: INDICATOR.code }),
    name: t.string({ required: true, validate: INDICATOR.name }),
    nameEn: t.string({ validate: INDICATOR.name }),
    unit: t.string({ required: true, validate: INDICATOR.unit }),
    kind: t.field({ type: IndicatorKindEnum, required: true }),
    direction: t.field({ type: DirectionEnum, required: true }),
    target: t.float({ validate: INDICATOR.target }),
    targetLow: t.float({ validate: INDICATOR.target, description: "Lower bound of a TARGET_BAND." }),
    targetHigh: t.float({ validate: INDICATOR.target, description: "Upper bound of a TARGET_BAND." }),
    expectedIntervalMinutes: t.int({ validate: INDICATOR.expectedIntervalMinutes, description: "How often readings should arrive; NO_DATA rules use it." }),
  }),
});

const UpdateIndicatorInput = builder.inputType("UpdateIndicatorInput", {
  fields: (t) => ({
    id: t.id({ required: true }),
    stepId: t.id(),
    code: t.string({ validate: INDICATOR.code }),
    name: t.string({ validate: INDICATOR.name }),
    nameEn: t.string({ validate: INDICATOR.name }),
    unit: t.string({ validate: INDICATOR.unit }),
    kind: t.field({ type: IndicatorKindEnum }),
    direction: t.field({ type: DirectionEnum }),
    target: t.float({ validate: INDICATOR.target }),
    targetLow: t.float({ validate: INDICATOR.target }),
    targetHigh: t.float({ validate: INDICATOR.target }),
    expectedIntervalMinutes: t.int({ validate: INDICATOR.expectedIntervalMinutes }),
  }),
});

const UpdateIndicatorPayload = updatePayload("UpdateIndicatorPayload", "Indicator", "indicator");

builder.mutationFields((t) => ({
  createIndicator: t.prismaField({
    type: "Indicator",
    description: "Defines a key indicator on a process or step (§4.1).",
    authScopes: { editor: true },
    args: { input: t.arg({ type: CreateIndicatorInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const processId = parseId(input.processId, "Process", "processId");
      const i = await createCatalogService(ctx.prisma).createIndicator(ctx.viewer, {
        processId,
        stepId: input.stepId ? parseId(input.stepId, "ProcessStep", "stepId") : null,
        code: input.code.trim(),
        name: input.name.trim(),
        nameEn: input.nameEn?.trim() ?? "",
        unit: input.unit.trim(),
        kind: input.kind,
        direction: input.direction,
        target: input.target ?? null,
        targetLow: input.targetLow ?? null,
        targetHigh: input.targetHigh ?? null,
        expectedIntervalMinutes: input.expectedIntervalMinutes ?? null,
      });
      return ctx.prisma.indicator.findUniqueOrThrow({ ...query, where: { id: i.id } });
    },
  }),
  updateIndicator: t.field({
    type: UpdateIndicatorPayload,
    description: "Changes an indicator's definition; its rules must stay consistent with it.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: UpdateIndicatorInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createCatalogService(ctx.prisma).updateIndicator(ctx.viewer, parseId(input.id, "Indicator"), {
        ...given(input, ["code", "name", "nameEn", "unit", "kind", "direction", "target", "targetLow", "targetHigh", "expectedIntervalMinutes"]),
        ...(input.stepId ? { stepId: parseId(input.stepId, "ProcessStep", "stepId") } : {}),
      } as never),
  }),
  archiveIndicator: t.prismaField({
    type: "Indicator",
    description: "Archives an indicator: no more readings are accepted, history stays.",
    authScopes: { editor: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const i = await createCatalogService(ctx.prisma).archiveIndicator(ctx.viewer, parseId(args.id, "Indicator"));
      return ctx.prisma.indicator.findUniqueOrThrow({ ...query, where: { id: i.id } });
    },
  }),
}));
