import { describe, expect, it } from "vitest";
import { applyEvents, compareEventIds, createFeed, feedEntries, maxEventId, openCounts } from "./feedState";
import { feedAlert } from "../../testing/fixtures";
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

  it("passes over a condition's alert (no indicator) without losing the cursor, so the feed never breaks on one", () => {
    const condition = { ...event("11", "c", "FIRED", "2026-11-27T10:00:00Z"), alert: { ...alert("c"), indicator: null as never } };
    const feed = applyEvents(createFeed([{ ...alert("d"), indicator: null as never, events: [{ id: "9" }] }], "8"), [condition]);
    expect(feed.cursor).toBe("11");
    expect(feedEntries(feed)).toEqual([]);
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
