import { describe, expect, it } from "vitest";
import { EMPTY_POLICY_FORM, policyForm, policyInput } from "./PolicyForm";

const form = { ...EMPTY_POLICY_FORM, contactPointId: "Q1A=" };

// §6.2.2 policies: a matcher left blank is sent as null ("any"); a mute timing only when one of its parts is set, never an empty one that mutes nothing.
describe("the notification policy form's input", () => {
  it("sends blank matchers as null, no mute timing, default timings and an unset position and name", () => {
    expect(policyInput(form)).toEqual({
      name: null,
      contactPointId: "Q1A=",
      position: null,
      matchers: { levels: null, sources: null, riskCategories: null, processIds: null, unitIds: null },
      groupBy: [],
      groupWaitSeconds: 0,
      groupIntervalSeconds: 300,
      repeatIntervalSeconds: 14400,
      muteTimings: [],
    });
  });

  it("sends quiet hours, weekends and holidays as one mute timing in its time zone", () => {
    const input = policyInput({
      ...form,
      levels: ["CRITICAL"],
      groupBy: ["process"],
      quietStart: "22:00",
      quietEnd: "07:00",
      weekdays: [6, 0],
      dates: "2027-01-01, 2027-02-16\n2027-04-04",
      position: "2",
    });
    expect(input.matchers?.levels).toEqual(["CRITICAL"]);
    expect(input.position).toBe(2);
    expect(input.muteTimings).toEqual([
      { quietHours: { start: "22:00", end: "07:00" }, weekdays: [6, 0], dates: ["2027-01-01", "2027-02-16", "2027-04-04"], timeZone: "Asia/Taipei" },
    ]);
  });

  it("a quiet start without an end is no quiet hours", () => {
    expect(policyInput({ ...form, quietStart: "22:00" }).muteTimings).toEqual([]);
  });

  it("§6.2.2 editing: a stored policy fills the form with the options' global ids and its mute timing, and sends the same input back", () => {
    const options = {
      users: { edges: [] },
      processes: { edges: [{ node: { id: btoa("Process:p1"), code: "P-FIN", name: "財務", nameEn: "Finance" } }] },
      orgUnits: { edges: [{ node: { id: btoa("OrgUnit:u1"), code: "FIN", name: "財務部", nameEn: "Finance" } }] },
    };
    const stored = {
      id: "TlA6MQ==",
      name: "財務嚴重",
      position: 3,
      groupBy: ["process"],
      groupWaitSeconds: 30,
      groupIntervalSeconds: 600,
      repeatIntervalSeconds: 0,
      contactPoint: { id: "Q1A6MQ==", name: "Inbox", kind: "IN_APP" },
      matchers: { levels: ["CRITICAL"], sources: [], processIds: ["p1"], unitIds: ["u1"], riskCategories: ["FINANCIAL"] },
      muteTimings: [{ timeZone: "Asia/Taipei", weekdays: [0, 6], quietStart: "22:00", quietEnd: "07:00", dates: ["2027-01-01"] }],
    };
    const f = policyForm(stored as never, options as never);
    expect(f).toMatchObject({ processIds: [btoa("Process:p1")], unitIds: [btoa("OrgUnit:u1")], position: "3", dates: "2027-01-01", weekdays: [0, 6] });
    expect(policyInput(f)).toEqual({
      name: "財務嚴重",
      contactPointId: "Q1A6MQ==",
      position: 3,
      matchers: { levels: ["CRITICAL"], sources: null, riskCategories: ["FINANCIAL"], processIds: [btoa("Process:p1")], unitIds: [btoa("OrgUnit:u1")] },
      groupBy: ["process"],
      groupWaitSeconds: 30,
      groupIntervalSeconds: 600,
      repeatIntervalSeconds: 0,
      muteTimings: [{ quietHours: { start: "22:00", end: "07:00" }, weekdays: [0, 6], dates: ["2027-01-01"], timeZone: "Asia/Taipei" }],
    });
  });
});
