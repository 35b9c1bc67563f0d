import { builder } from "../../builder.js";
import * as Enums from "../../generated/prisma/enums.js";

// Every enum of the domain, as Prisma defines it; the GraphQL names match the Prisma names.
export const ClassificationEnum = builder.enumType(Enums.Classification, { name: "Classification" });
export const RoleEnum = builder.enumType(Enums.Role, { name: "Role" });
export const OrgUnitKindEnum = builder.enumType(Enums.OrgUnitKind, { name: "OrgUnitKind" });
export const ApiTokenKindEnum = builder.enumType(Enums.ApiTokenKind, { name: "ApiTokenKind" });
export const ProcessCategoryEnum = builder.enumType(Enums.ProcessCategory, { name: "ProcessCategory" });
export const ProcessStatusEnum = builder.enumType(Enums.ProcessStatus, { name: "ProcessStatus" });
export const ChangeStatusEnum = builder.enumType(Enums.ChangeStatus, { name: "ChangeStatus" });
export const IndicatorKindEnum = builder.enumType(Enums.IndicatorKind, { name: "IndicatorKind" });
export const DirectionEnum = builder.enumType(Enums.Direction, { name: "Direction" });
export const IndicatorStatusEnum = builder.enumType(Enums.IndicatorStatus, { name: "IndicatorStatus" });
export const RuleKindEnum = builder.enumType(Enums.RuleKind, { name: "RuleKind" });
export const AlertLevelEnum = builder.enumType(Enums.AlertLevel, { name: "AlertLevel" });
export const ComparatorEnum = builder.enumType(Enums.Comparator, { name: "Comparator" });
export const AlertStateEnum = builder.enumType(Enums.AlertState, { name: "AlertState" });
export const AlertEventTypeEnum = builder.enumType(Enums.AlertEventType, { name: "AlertEventType" });
export const MonitoringMethodEnum = builder.enumType(Enums.MonitoringMethod, { name: "MonitoringMethod" });
export const CadenceEnum = builder.enumType(Enums.Cadence, { name: "Cadence" });
export const SeverityEnum = builder.enumType(Enums.Severity, { name: "Severity" });
export const FindingStatusEnum = builder.enumType(Enums.FindingStatus, { name: "FindingStatus" });
export const EvaluationMethodEnum = builder.enumType(Enums.EvaluationMethod, { name: "EvaluationMethod" });
export const GradeEnum = builder.enumType(Enums.Grade, { name: "Grade" });
export const ActionKindEnum = builder.enumType(Enums.ActionKind, { name: "ActionKind" });
export const ActionStatusEnum = builder.enumType(Enums.ActionStatus, { name: "ActionStatus" });
export const RiskCategoryEnum = builder.enumType(Enums.RiskCategory, { name: "RiskCategory" });
export const RiskLevelEnum = builder.enumType(Enums.RiskLevel, { name: "RiskLevel" });
export const RiskStatusEnum = builder.enumType(Enums.RiskStatus, { name: "RiskStatus" });
export const ResponseStrategyEnum = builder.enumType(Enums.ResponseStrategy, { name: "ResponseStrategy" });
export const PlanStatusEnum = builder.enumType(Enums.PlanStatus, { name: "PlanStatus" });
export const IncidentStatusEnum = builder.enumType(Enums.IncidentStatus, { name: "IncidentStatus" });
export const FeedbackStatusEnum = builder.enumType(Enums.FeedbackStatus, { name: "FeedbackStatus" });
export const ChannelEnum = builder.enumType(Enums.Channel, { name: "Channel" });
export const DeliveryStatusEnum = builder.enumType(Enums.DeliveryStatus, { name: "DeliveryStatus" });

export const OrderDirection = builder.enumType("OrderDirection", { values: ["ASC", "DESC"] as const });

/** A half-open time range `[from, to)`; either end may be left open. */
export const TimeRange = builder.inputType("TimeRange", {
  fields: (t) => ({
    from: t.field({ type: "DateTime" }),
    to: t.field({ type: "DateTime" }),
  }),
});

export { timeFilter } from "./input.js";

export const dir = (d: "ASC" | "DESC" | null | undefined) => (d === "ASC" ? "asc" : "desc") as "asc" | "desc";

/**
 * Complexity of a connection: each node costs its selection times the page size asked for, so a
 * query's cost grows with `first`/`last` as its work does (§6.4 abuse limits).
 */
export const pageComplexity = (args: { first?: number | null; last?: number | null }) => ({
  field: 1,
  multiplier: Math.max(1, Math.min(args.first ?? args.last ?? 20, 500)),
});
