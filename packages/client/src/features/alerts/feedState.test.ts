import { describe, expect, it } from "vitest";
import { alertProcess, applyEvents, compareEventIds, createFeed, feedEntries, inhibitors, maxEventId, openCounts } from "./feedState";
import { conditionAlert, feedAlert } from "../../testing/fixtures";
import type { FeedAlert, FeedEvent } from "./queries";

const alert = feedAlert;

const event = (id: string, alertId: string, type: FeedEvent["type"], at: string, over: Partial<FeedAlert> = {}): FeedEvent => ({
  id,
  type,
  at,
  level: over.level ?? "WARNING",
  state: over.state ?? "FIRING",
  value: 1,
  note: null,
  alert: alert(alertId, over),
});

// §5.3.2: no warning is lost across a reconnect, and none is shown twice.
describe("event ids", () => {
  it("compares decimal ids numerically, beyond 2^53", () => {
    expect(compareEventIds("9", "10")).toBeLessThan(0);
    expect(compareEventIds("9007199254740993", "9007199254740992")).toBeGreaterThan(0);
    expect(compareEventIds("0042", "42")).toBe(0);
    expect(maxEventId(null, "5")).toBe("5");
    expect(maxEventId("12", "5")).toBe("12");
  });
});

describe("createFeed", () => {
  it("takes the cursor from the highest event id the initial list reflects", () => {
    const feed = createFeed([
      { ...alert("a"), events: [{ id: "3" }, { id: "11", at: "2026-11-27T10:05:00Z", type: "ACKNOWLEDGED" }] },
      { ...alert("b"), events: [{ id: "7" }] },
    ]);
    expect(feed.cursor).toBe("11");
    expect(feed.entries.get("a")!.lastEventType).toBe("ACKNOWLEDGED");
    expect(feed.entries.get("a")!.lastAt).toBe("2026-11-27T10:05:00Z");
  });

  it("keeps a given cursor when the list has no events", () => {
    expect(createFeed([alert("a")], "40").cursor).toBe("40");
  });
});

describe("applyEvents", () => {
  it("adds new alerts, moves the cursor and orders newest first", () => {
    let feed = createFeed([], "10");
    feed = applyEvents(feed, [event("11", "a", "FIRED", "2026-11-27T10:00:00Z"), event("12", "b", "FIRED", "2026-11-27T10:01:00Z")]);
    expect(feed.cursor).toBe("12");
    expect(feedEntries(feed).map((e) => e.alert.id)).toEqual(["b", "a"]);
  });

  // §2.3.2 (issue 10): a condition's alert (overdue plan or action, a risk) is a warning like any other.
  it("keeps a condition's alert (no indicator) from the list and the stream, and filters it by its subject's process", () => {
    const action = { __typename: "Action" as const, id: "a9", title: "增派審核人員", process: { id: "p2", code: "P-HR", name: "人力", nameEn: "HR" } };
    const condition = { ...event("11", "c", "FIRED", "2026-11-27T10:00:00Z"), alert: conditionAlert("c", "ACTION_OVERDUE", action) };
    const feed = applyEvents(
      createFeed(
        [{ ...conditionAlert("d", "MONITORING_PLAN_OVERDUE", { __typename: "Process", id: "p1", code: "P-FIN", name: "財務", nameEn: "Finance" }), events: [{ id: "9" }] }],
        "8",
      ),
      [condition],
    );
    expect(feed.cursor).toBe("11");
    expect(feedEntries(feed).map((e) => e.alert.id)).toEqual(["c", "d"]);
    expect(feedEntries(feed, { processIds: ["p2"] }).map((e) => e.alert.id)).toEqual(["c"]);
    expect(alertProcess(feed.entries.get("c")!.alert)?.code).toBe("P-HR");
  });

  it("ignores an event it has already applied (replay after reconnect)", () => {
    let feed = applyEvents(createFeed(), [event("5", "a", "FIRED", "2026-11-27T10:00:00Z")]);
    const again = applyEvents(feed, [event("5", "a", "FIRED", "2026-11-27T10:00:00Z")]);
    expect(again).toBe(feed);
    feed = applyEvents(feed, [event("5", "a", "FIRED", "2026-11-27T10:00:00Z"), event("6", "a", "ACKNOWLEDGED", "2026-11-27T10:02:00Z", { state: "ACKNOWLEDGED" })]);
    expect(feed.applied).toBe(2);
    expect(feed.entries.get("a")!.alert.state).toBe("ACKNOWLEDGED");
  });

  it("does not roll an alert back when an older event arrives late", () => {
    let feed = applyEvents(createFeed(), [event("9", "a", "RESOLVED", "2026-11-27T10:09:00Z", { state: "RESOLVED" })]);
    feed = applyEvents(feed, [event("8", "a", "ACKNOWLEDGED", "2026-11-27T10:08:00Z", { state: "ACKNOWLEDGED" })]);
    expect(feed.entries.get("a")!.alert.state).toBe("RESOLVED");
    expect(feed.cursor).toBe("9");
  });

  it("resumes: the cursor after a burst is the highest id, whatever the arrival order", () => {
    const feed = applyEvents(createFeed([], "100"), [
      event("103", "c", "FIRED", "2026-11-27T10:03:00Z"),
      event("101", "a", "FIRED", "2026-11-27T10:01:00Z"),
      event("102", "b", "FIRED", "2026-11-27T10:02:00Z"),
    ]);
    expect(feed.cursor).toBe("103");
    expect(feedEntries(feed)).toHaveLength(3);
  });

  it("skips old history of alerts that are resolved and not in the feed, but still moves the cursor", () => {
    const minAt = Date.parse("2026-11-27T00:00:00Z");
    const feed = applyEvents(
      createFeed(),
      [event("1", "old", "RESOLVED", "2026-11-20T10:00:00Z", { state: "RESOLVED" }), event("2", "new", "RESOLVED", "2026-11-27T10:00:00Z", { state: "RESOLVED" })],
      minAt,
    );
    expect([...feed.entries.keys()]).toEqual(["new"]);
    expect(feed.cursor).toBe("2");
  });

  it("counts open alerts by level and filters the view", () => {
    const feed = applyEvents(createFeed(), [
      event("1", "a", "FIRED", "2026-11-27T10:00:00Z", { level: "CRITICAL" }),
      event("2", "b", "FIRED", "2026-11-27T10:01:00Z"),
      event("3", "c", "RESOLVED", "2026-11-27T10:02:00Z", { state: "RESOLVED" }),
    ]);
    expect(openCounts(feed)).toEqual({ WARNING: 1, CRITICAL: 1 });
    expect(feedEntries(feed, { levels: ["CRITICAL"] }).map((e) => e.alert.id)).toEqual(["a"]);
    expect(feedEntries(feed, { includeResolved: false }).map((e) => e.alert.id)).toEqual(["b", "a"]);
  });
});

// Issue 12 item 2 (§2.1.2 escalation, §6.2.2 inhibition): a WARNING and a CRITICAL of the same
// indicator (the seed's FIN-04) are one alert on the wall and in the feed: the CRITICAL, naming the
// WARNING it inhibits; when the CRITICAL resolves the WARNING shows again, without a reload. What
// is inhibited is the server's answer (`inhibited`, `inhibitedBy`, `inhibits`), not a client rule.
describe("inhibition: one alert per indicator", () => {
  const ind = {
    id: "i-fin04",
    code: "FIN-04",
    name: "逾期應收帳款比率",
    nameEn: "Overdue receivables ratio",
    unit: "%",
    process: { id: "p1", code: "P-FIN", name: "財務管理", nameEn: "Finance" },
  };
  const warning = (over: Partial<FeedAlert> = {}) => alert("w", { indicator: ind, level: "WARNING", inhibited: true, inhibitedBy: { id: "c" }, ...over });
  const critical = (over: Partial<FeedAlert> = {}) =>
    alert("c", {
      indicator: ind,
      level: "CRITICAL",
      ruleLevel: "CRITICAL",
      startedAt: "2026-11-27T10:05:00Z",
      inhibits: [{ id: "w", level: "WARNING", startedAt: "2026-11-27T10:00:00Z" }],
      ...over,
    });
  const loaded = () =>
    createFeed([
      { ...warning(), events: [{ id: "3", at: "2026-11-27T10:00:00Z", type: "FIRED" }] },
      { ...critical(), events: [{ id: "4", at: "2026-11-27T10:05:00Z", type: "FIRED" }] },
    ]);

  it("shows the CRITICAL once with the WARNING it inhibits, and counts one open alert (fails if FIN-04 is listed twice)", () => {
    const feed = loaded();
    const shown = feedEntries(feed);
    expect(shown.map((e) => e.alert.id)).toEqual(["c"]);
    expect(shown[0].inhibiting?.map((w) => [w.id, w.level])).toEqual([["w", "WARNING"]]);
    expect(openCounts(feed)).toEqual({ WARNING: 0, CRITICAL: 1 });
  });

  it("shows the WARNING again, live, when the CRITICAL resolves (its event says it inhibits nothing; fails if the warning stays hidden until a reload)", () => {
    const feed = applyEvents(loaded(), [
      { ...event("5", "c", "RESOLVED", "2026-11-27T10:20:00Z"), level: "CRITICAL", state: "RESOLVED", alert: critical({ state: "RESOLVED", inhibits: [] }) },
    ]);
    const shown = feedEntries(feed);
    expect(shown.map((e) => [e.alert.id, e.alert.state])).toEqual([
      ["c", "RESOLVED"],
      ["w", "FIRING"],
    ]);
    expect(shown[0].inhibiting).toBeUndefined();
    expect(openCounts(feed)).toEqual({ WARNING: 1, CRITICAL: 0 });
  });

  it("brings the WARNING back beside its resolved CRITICAL, above alerts active since the warning fired (a wall shows only the newest)", () => {
    let feed = applyEvents(loaded(), [event("5", "x", "FIRED", "2026-11-27T10:10:00Z")]);
    feed = applyEvents(feed, [
      { ...event("6", "c", "RESOLVED", "2026-11-27T10:20:00Z"), level: "CRITICAL", state: "RESOLVED", alert: critical({ state: "RESOLVED", inhibits: [] }) },
    ]);
    expect(feedEntries(feed).map((e) => e.alert.id)).toEqual(["c", "w", "x"]);
    // Its own time is unchanged: the age shown is the warning's.
    expect(feedEntries(feed)[1].lastAt).toBe("2026-11-27T10:00:00Z");
  });

  it("folds a WARNING loaded as not inhibited when a CRITICAL fires afterwards naming it", () => {
    let feed = createFeed([{ ...warning({ inhibited: false, inhibitedBy: null }), events: [{ id: "3" }] }]);
    expect(feedEntries(feed).map((e) => e.alert.id)).toEqual(["w"]);
    feed = applyEvents(feed, [{ ...event("6", "c", "FIRED", "2026-11-27T10:05:00Z"), level: "CRITICAL", alert: critical() }]);
    expect(feedEntries(feed).map((e) => e.alert.id)).toEqual(["c"]);
    expect([...inhibitors(feed)]).toEqual([["w", "c"]]);
  });

  it("keeps the WARNING when its CRITICAL is not shown (a Warning-only view, or not in this feed): it is then its indicator's one alert", () => {
    expect(feedEntries(loaded(), { levels: ["WARNING"] }).map((e) => e.alert.id)).toEqual(["w"]);
    const feed = createFeed([{ ...warning({ inhibitedBy: { id: "elsewhere" } }), events: [{ id: "3" }] }]);
    expect(feedEntries(feed).map((e) => e.alert.id)).toEqual(["w"]);
  });

  it("keeps folding while the CRITICAL is only acknowledged (an open critical inhibits)", () => {
    const feed = applyEvents(loaded(), [
      { ...event("5", "c", "ACKNOWLEDGED", "2026-11-27T10:10:00Z"), level: "CRITICAL", state: "ACKNOWLEDGED", alert: critical({ state: "ACKNOWLEDGED" }) },
    ]);
    expect(feedEntries(feed).map((e) => [e.alert.id, e.alert.state])).toEqual([["c", "ACKNOWLEDGED"]]);
  });

  it("a warning the server says is not inhibited is shown beside a critical of another indicator", () => {
    const feed = createFeed([
      { ...warning({ inhibited: false, inhibitedBy: null }), events: [{ id: "3" }] },
      { ...critical({ id: "c2", inhibits: [] }), events: [{ id: "4" }] },
    ]);
    expect(
      feedEntries(feed)
        .map((e) => e.alert.id)
        .sort(),
    ).toEqual(["c2", "w"]);
  });
});
