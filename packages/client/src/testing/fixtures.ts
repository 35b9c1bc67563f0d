import type { FeedAlert } from "../features/alerts/queries";

/** An alert as the API returns it to the feed (a WARNING THRESHOLD alert unless told otherwise). */
export const feedAlert = (id: string, over: Partial<FeedAlert> = {}): FeedAlert => ({
  id,
  level: "WARNING",
  state: "FIRING",
  value: 1,
  message: `alert ${id}`,
  predictedAt: null,
  startedAt: "2026-11-27T10:00:00Z",
  ackNote: null,
  ackExpiresAt: null,
  ruleLevel: "WARNING",
  ruleKind: "THRESHOLD",
  source: "THRESHOLD_RULE",
  process: null,
  subject: { __typename: "Process", id: "p1", code: "P-FIN", name: "財務管理", nameEn: "Finance" },
  indicator: { id: `i${id}`, code: `IND-${id}`, name: "指標", nameEn: "Indicator", unit: "%", process: { id: "p1", code: "P-FIN", name: "財務管理", nameEn: "Finance" } },
  rule: { id: `r${id}` },
  assignee: null,
  risks: [],
  incident: null,
  inhibited: false,
  inhibitedBy: null,
  inhibits: [],
  ...over,
});

/** A condition's alert (§2.3.2): no indicator, rule or value; a source and a subject. */
export const conditionAlert = (id: string, source: FeedAlert["source"], subject: FeedAlert["subject"], over: Partial<FeedAlert> = {}): FeedAlert =>
  feedAlert(id, {
    indicator: null,
    rule: null,
    ruleKind: null,
    ruleLevel: null,
    value: null,
    source,
    subject,
    process: subject?.__typename === "Process" ? subject : null,
    message: `condition ${id}`,
    ...over,
  });
