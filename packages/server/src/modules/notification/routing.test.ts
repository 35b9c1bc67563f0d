/**
 * §6.2.2 routing with a fake clock: grouping (group wait, group interval), inhibition (a CRITICAL
 * suppresses the WARNING of the same indicator), repeat interval, mute timings, retry backoff.
 */
import { describe, expect, it } from "vitest";
import { isMuted, unmutedFrom } from "./mute.js";
import { backoffMs, dueAt, groupKey, inhibited, matches, repeatDue, type RoutedEvent } from "./routing.js";

const event = (over: Partial<RoutedEvent> = {}): RoutedEvent => ({
  eventId: "1",
  alertId: "a1",
  type: "FIRED",
  level: "WARNING",
  source: "THRESHOLD_RULE",
  indicatorId: "i1",
  processId: "p1",
  unitId: "u1",
  riskCategory: null,
  silenced: false,
  ...over,
});
const none = { levels: [], sources: [], processIds: [], unitIds: [], riskCategories: [] };
const T0 = new Date("2026-11-30T02:00:00Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);

describe("matchers", () => {
  it("empty matchers match everything; a listed value must match", () => {
    expect(matches(none, event())).toBe(true);
    expect(matches({ ...none, levels: ["CRITICAL"] }, event())).toBe(false);
    expect(matches({ ...none, levels: ["WARNING"], processIds: ["p1"], unitIds: ["u1"] }, event())).toBe(true);
    expect(matches({ ...none, riskCategories: ["FINANCIAL"] }, event())).toBe(false);
    expect(matches({ ...none, sources: ["ACTION_OVERDUE"] }, event())).toBe(false);
  });
});

describe("grouping with a fake clock", () => {
  const policy = { groupWaitSeconds: 30, groupIntervalSeconds: 300 };
  it("alerts of one process share a group when grouped by process; none: one group per alert", () => {
    expect(groupKey(["process"], event({ alertId: "a1" }))).toBe(groupKey(["process"], event({ alertId: "a2" })));
    expect(groupKey([], event({ alertId: "a1" }))).not.toBe(groupKey([], event({ alertId: "a2" })));
  });
  it("a group's first message waits group wait; a second event joins the waiting message", () => {
    const first = dueAt(policy, { pendingAt: null, lastSentAt: null }, T0);
    expect(first).toEqual(at(30));
    expect(dueAt(policy, { pendingAt: first, lastSentAt: null }, at(10))).toEqual(at(30));
  });
  it("after a message, the group's next waits for group interval from it, not group wait", () => {
    expect(dueAt(policy, { pendingAt: null, lastSentAt: at(30) }, at(60))).toEqual(at(330));
    expect(dueAt(policy, { pendingAt: null, lastSentAt: at(30) }, at(400))).toEqual(at(400));
  });
  it("groupWaitSeconds 0 sends at once", () => {
    expect(dueAt({ groupWaitSeconds: 0, groupIntervalSeconds: 300 }, { pendingAt: null, lastSentAt: null }, T0)).toEqual(T0);
  });
});

describe("inhibition", () => {
  it("a firing CRITICAL of the indicator suppresses another rule's WARNING; not its own events, not other indicators, not criticals", () => {
    const crit = { indicators: new Set(["i1"]), alerts: new Set(["c1"]) };
    expect(inhibited(event({ alertId: "w1" }), crit.indicators, crit.alerts)).toBe(true);
    expect(inhibited(event({ alertId: "w1", indicatorId: "i2" }), crit.indicators, crit.alerts)).toBe(false);
    expect(inhibited(event({ alertId: "c1", level: "CRITICAL" }), crit.indicators, crit.alerts)).toBe(false);
    expect(inhibited(event({ alertId: "w1", indicatorId: null }), crit.indicators, crit.alerts)).toBe(false);
  });
});

describe("repeat interval", () => {
  it("a still-firing alert is repeated once repeat interval has passed since the last message; 0 never", () => {
    expect(repeatDue(T0, 3600, at(3599))).toBe(false);
    expect(repeatDue(T0, 3600, at(3600))).toBe(true);
    expect(repeatDue(T0, 0, at(999_999))).toBe(false);
  });
});

describe("mute timings (Asia/Taipei)", () => {
  const quiet = [{ quietHours: { start: "22:00", end: "07:00" } }];
  it("quiet hours across midnight: 23:30 local is muted until 07:00; noon is not", () => {
    const late = new Date("2026-11-30T15:30:00Z"); // 23:30 in Taipei (UTC+8)
    expect(isMuted(late, quiet)).toBe(true);
    expect(unmutedFrom(late, quiet)).toEqual(new Date("2026-11-30T23:00:00Z")); // 07:00 the next day
    expect(isMuted(new Date("2026-11-30T04:00:00Z"), quiet)).toBe(false);
  });
  it("weekends and holiday dates are muted to their end", () => {
    const saturday = new Date("2026-12-05T04:00:00Z");
    expect(unmutedFrom(saturday, [{ weekdays: [0, 6] }])).toEqual(new Date("2026-12-06T16:00:00Z")); // Monday 00:00 local
    const newYear = new Date("2027-01-01T03:00:00Z");
    expect(unmutedFrom(newYear, [{ dates: ["2027-01-01"] }])).toEqual(new Date("2027-01-01T16:00:00Z"));
    expect(unmutedFrom(T0, [{ dates: ["2027-01-01"] }])).toEqual(T0);
  });
});

describe("retry backoff", () => {
  it("doubles per attempt up to the cap", () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000, 5000))).toEqual([1000, 2000, 4000, 5000]);
  });
});
