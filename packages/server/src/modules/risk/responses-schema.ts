/** The API of risk responses (§5.2.1); the service is `responses.ts`. */
import { builder } from "../../builder.js";
import * as Enums from "../../generated/prisma/enums.js";
import { parseId } from "../common/ids.js";
import { ResponseStrategyEnum } from "../common/schema.js";
import { DATE, NAME, TEXT } from "../common/validation.js";
import { acceptanceInEffect, createResponseService } from "./responses.js";

export const ResponseStatusEnum = builder.enumType(Enums.ResponseStatus, { name: "RiskResponseStatus" });

builder.prismaObjectFields("RiskResponse", (t) => ({
  status: t.expose("status", { type: ResponseStatusEnum }),
  owner: t.relation("owner", { nullable: true }),
  closedAt: t.expose("closedAt", { type: "DateTime", nullable: true }),
  acceptanceApprovedAt: t.expose("acceptanceApprovedAt", { type: "DateTime", nullable: true, description: "When management approved this ACCEPT response (§5.2.1)." }),
  acceptanceApprovedBy: t.relation("acceptanceApprovedBy", { nullable: true }),
  acceptanceExpiresAt: t.expose("acceptanceExpiresAt", { type: "DateTime", nullable: true, description: "The acceptance ends here; the risk is due for review (§5.1.2)." }),
  inEffect: t.boolean({
    description: "AVOID / REDUCE / TRANSFER: while not closed; ACCEPT: only while approved by management and not expired (§5.2.1).",
    select: { strategy: true, status: true, acceptanceApprovedAt: true, acceptanceExpiresAt: true },
    resolve: (r) => (r.strategy === "ACCEPT" ? acceptanceInEffect(r) : r.status !== "CLOSED"),
  }),
}));

builder.prismaObjectFields("Risk", (t) => ({
  acceptedUntil: t.field({
    type: "DateTime",
    nullable: true,
    description: "While an approved ACCEPT response is in effect: when it expires (§5.2.1). An unapproved one has no effect.",
    select: {
      responses: {
        where: { strategy: "ACCEPT", acceptanceApprovedAt: { not: null } },
        select: { strategy: true, status: true, acceptanceApprovedAt: true, acceptanceExpiresAt: true },
      },
    },
    resolve: (r) =>
      r.responses
        .filter((x) => acceptanceInEffect(x))
        .map((x) => x.acceptanceExpiresAt!)
        .sort((a, b) => +a - +b)[0] ?? null,
  }),
}));

const CreateRiskResponseInput = builder.inputType("CreateRiskResponseInput", {
  fields: (t) => ({
    riskId: t.id({ required: true }),
    strategy: t.field({ type: ResponseStrategyEnum, required: true }),
    measures: t.string({ required: true, validate: NAME }),
    ownerUnitId: t.id({ required: true }),
    ownerId: t.id(),
    dueAt: t.field({ type: "DateTime", validate: DATE }),
  }),
});

const UpdateRiskResponseInput = builder.inputType("UpdateRiskResponseInput", {
  fields: (t) => ({
    responseId: t.id({ required: true }),
    strategy: t.field({ type: ResponseStrategyEnum, description: "A new strategy needs a new approval if it is ACCEPT." }),
    measures: t.string({ validate: TEXT }),
    ownerUnitId: t.id(),
    ownerId: t.id(),
    dueAt: t.field({ type: "DateTime", validate: DATE }),
    status: t.field({ type: ResponseStatusEnum, description: "CLOSED closes the response." }),
  }),
});

const ApproveRiskAcceptanceInput = builder.inputType("ApproveRiskAcceptanceInput", {
  fields: (t) => ({
    responseId: t.id({ required: true }),
    expiresAt: t.field({ type: "DateTime", required: true, validate: DATE }),
  }),
});

builder.mutationFields((t) => ({
  createRiskResponse: t.prismaField({
    type: "RiskResponse",
    description: "Records a response to a risk (§5.2.1); an ACCEPT response waits for management's approval.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: CreateRiskResponseInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const r = await createResponseService(ctx.prisma).create(ctx.viewer, parseId(input.riskId, "Risk", "riskId"), {
        strategy: input.strategy,
        measures: input.measures.trim(),
        ownerUnitId: parseId(input.ownerUnitId, "OrgUnit", "ownerUnitId"),
        ownerId: input.ownerId ? parseId(input.ownerId, "User", "ownerId") : null,
        dueAt: input.dueAt ?? null,
        status: "PLANNED",
      });
      return ctx.prisma.riskResponse.findUniqueOrThrow({ ...query, where: { id: r.id } });
    },
  }),
  updateRiskResponse: t.prismaField({
    type: "RiskResponse",
    description: "Changes or closes a response (§5.2.1).",
    authScopes: { editor: true },
    args: { input: t.arg({ type: UpdateRiskResponseInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const r = await createResponseService(ctx.prisma).update(ctx.viewer, parseId(input.responseId, "RiskResponse", "responseId"), {
        ...(input.strategy ? { strategy: input.strategy } : {}),
        ...(input.measures != null ? { measures: input.measures.trim() } : {}),
        ...(input.ownerUnitId ? { ownerUnitId: parseId(input.ownerUnitId, "OrgUnit", "ownerUnitId") } : {}),
        ...(input.ownerId !== undefined ? { ownerId: input.ownerId ? parseId(input.ownerId, "User", "ownerId") : null } : {}),
        ...(input.dueAt !== undefined ? { dueAt: input.dueAt ?? null } : {}),
        ...(input.status ? { status: input.status } : {}),
      });
      return ctx.prisma.riskResponse.findUniqueOrThrow({ ...query, where: { id: r.id } });
    },
  }),
  approveRiskAcceptance: t.prismaField({
    type: "RiskResponse",
    description: "Management approves an ACCEPT response until its expiry (§5.2.1); the risk is due for review then.",
    authScopes: { role: ["MANAGEMENT"] },
    args: { input: t.arg({ type: ApproveRiskAcceptanceInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const r = await createResponseService(ctx.prisma).approveAcceptance(ctx.viewer, parseId(input.responseId, "RiskResponse", "responseId"), input.expiresAt);
      return ctx.prisma.riskResponse.findUniqueOrThrow({ ...query, where: { id: r.id } });
    },
  }),
}));
