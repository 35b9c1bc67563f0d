import { builder } from "../../builder.js";
import { AlertSourceEnum } from "./alert-source.js";

/** A row as a member of the Node interface (the relay plugin resolves its type by __typename). */
const asNode = <T extends object>(row: T | null, typename: string) => (row ? ({ ...row, __typename: typename } as never) : null);

// The source and subject of an alert (§4.2.2, §4.3.3, §4.4.2, §5.2.2): a condition's alert has no
// indicator or rule; it names the process, action or risk it is about.
builder.prismaObjectFields("Alert", (t) => ({
  source: t.expose("source", { type: AlertSourceEnum }),
  subject: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: "What the alert is about: the action (ACTION_OVERDUE), the risk (RISK_*), else the process.",
    select: { actionId: true, riskId: true, processId: true, indicator: { select: { processId: true } } },
    resolve: async (a, _args, ctx) => {
      if (a.actionId) return asNode(await ctx.prisma.action.findUnique({ where: { id: a.actionId } }), "Action");
      if (a.riskId) return asNode(await ctx.prisma.risk.findUnique({ where: { id: a.riskId } }), "Risk");
      const processId = a.processId ?? a.indicator?.processId;
      return processId ? asNode(await ctx.prisma.process.findUnique({ where: { id: processId } }), "Process") : null;
    },
  }),
  process: t.relation("process", { nullable: true, description: "The process a condition's alert concerns (for a rule's alert see indicator.process)." }),
  monitoringPlan: t.relation("plan", { nullable: true, description: "MONITORING_PLAN_OVERDUE: the overdue plan." }),
  action: t.relation("action", { nullable: true, description: "ACTION_OVERDUE: the overdue action." }),
  risk: t.relation("risk", { nullable: true }),
}));
