import { describe, expect, it } from "vitest";
import { nextDueAfter, parsePeriod } from "./periods.js";

const d = (s: string) => new Date(s);

describe("§4.2.2 a plan rolls forward in business periods", () => {
  it("a monthly plan done on time is due at the end of the next month", () => {
    expect(nextDueAfter("MONTHLY", d("2026-11-30T23:59:59.999Z"), d("2026-11-20T10:00:00Z"))).toEqual(d("2026-12-31T23:59:59.999Z"));
  });
  it("a monthly plan done late is due at the end of the next month, not 30 days after the inspection", () => {
    expect(nextDueAfter("MONTHLY", d("2026-11-30T23:59:59.999Z"), d("2026-12-05T10:00:00Z"))).toEqual(d("2026-12-31T23:59:59.999Z"));
  });
  it("an inspection months late leaves the plan due at the end of the period it was done in, not already overdue", () => {
    expect(nextDueAfter("MONTHLY", d("2026-11-30T23:59:59.999Z"), d("2027-02-10T10:00:00Z"))).toEqual(d("2027-02-28T23:59:59.999Z"));
  });
  it("quarterly, semi-annual and annual plans use calendar quarters, halves and years; ad hoc ones have no due date", () => {
    expect(nextDueAfter("QUARTERLY", d("2026-09-30T00:00:00Z"), d("2026-10-03T00:00:00Z"))).toEqual(d("2026-12-31T23:59:59.999Z"));
    expect(nextDueAfter("SEMI_ANNUAL", d("2026-06-30T00:00:00Z"), d("2026-06-01T00:00:00Z"))).toEqual(d("2026-12-31T23:59:59.999Z"));
    expect(nextDueAfter("ANNUAL", d("2026-12-31T00:00:00Z"), d("2026-12-01T00:00:00Z"))).toEqual(d("2027-12-31T23:59:59.999Z"));
    expect(nextDueAfter("AD_HOC", d("2026-12-31T00:00:00Z"), d("2026-12-01T00:00:00Z"))).toBeNull();
  });
});

describe("§4.3 evaluation periods", () => {
  it("reads a month and a quarter as half-open UTC ranges", () => {
    expect(parsePeriod("2026-11")).toEqual({ period: "2026-11", start: d("2026-11-01T00:00:00Z"), end: d("2026-12-01T00:00:00Z") });
    expect(parsePeriod("2026-Q4")).toEqual({ period: "2026-Q4", start: d("2026-10-01T00:00:00Z"), end: d("2027-01-01T00:00:00Z") });
  });
  it("refuses anything else with BAD_USER_INPUT naming the field", () => {
    for (const bad of ["2026-13", "2026-Q5", "26-11", "2026-11-01", "", "1999-01"]) {
      expect(() => parsePeriod(bad)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field: "period" }) }));
    }
  });
});
