/**
 * Issue 14 item 6 (§5.3.2): the rule editor previews a rule over the last 30 days or a chosen
 * range. Pinned: a chosen range lost its last day (the preview stopped at its midnight), a range
 * ending in the future asked for readings not yet recorded, an incomplete or reversed range was
 * sent anyway, and a threshold rule without a threshold was previewed.
 */
import { describe, expect, it } from "vitest";
import { emptyRule, previewInput, rangeBounds } from "./ruleForm";

const NOW = new Date("2026-11-20T12:00:00").getTime();

describe("the rule preview's range", () => {
  it("the last n days end now", () => {
    expect(rangeBounds({ days: 30 }, NOW)).toEqual({ from: new Date(NOW - 30 * 86_400_000).toISOString(), to: new Date(NOW).toISOString() });
  });

  it("chosen days run from the first day's midnight through the end of the last (fails if the last day is cut off)", () => {
    expect(rangeBounds({ from: "2026-11-01", to: "2026-11-10" }, NOW)).toEqual({
      from: new Date("2026-11-01T00:00:00").toISOString(),
      to: new Date("2026-11-11T00:00:00").toISOString(),
    });
  });

  it("a chosen range that includes today stops now", () => {
    expect(rangeBounds({ from: "2026-11-19", to: "2026-11-20" }, NOW)?.to).toBe(new Date(NOW).toISOString());
  });

  it("an incomplete or reversed range gives no preview", () => {
    const rule = { ...emptyRule(["ABOVE"]), value: "50" };
    expect(rangeBounds({ from: "", to: "2026-11-10" }, NOW)).toBeNull();
    expect(previewInput("I1", rule, { from: "2026-11-10", to: "2026-11-01" }, NOW)).toBeNull();
    expect(previewInput("I1", rule, { from: "2026-11-01", to: "2026-11-10" }, NOW)).toMatchObject({
      indicatorId: "I1",
      kind: "THRESHOLD",
      value: 50,
      from: new Date("2026-11-01T00:00:00").toISOString(),
      to: new Date("2026-11-11T00:00:00").toISOString(),
    });
  });

  it("a threshold rule is previewed only once it has a threshold; a no-data rule needs none", () => {
    const rule = emptyRule(["ABOVE"]);
    expect(previewInput("I1", rule, { days: 30 }, NOW)).toBeNull();
    expect(previewInput("I1", { ...rule, kind: "NO_DATA" }, { days: 30 }, NOW)).toMatchObject({ kind: "NO_DATA", value: null, comparator: null });
  });
});
