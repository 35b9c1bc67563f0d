// @vitest-environment happy-dom
import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInLanguage } from "../../../testing/render";
import type { Criterion } from "../queries";
import { CriteriaTable } from "./CriteriaTable";

// §4.3.2: every figure shows its working: indicator, target, actual, attainment, weight, points.
const line = (over: Partial<Criterion> = {}): Criterion => ({
  key: "ATTAINMENT:i1",
  criterion: "ATTAINMENT",
  label: "On-time review rate",
  working: "min(100, 100 × 25 / 100) over 3 readings",
  count: 3,
  direction: "HIGHER_IS_BETTER",
  target: 100,
  targetLow: null,
  targetHigh: null,
  actual: 25,
  attainment: 25,
  computedAttainment: 25,
  weight: 0.5,
  points: 12.5,
  indicator: { id: "i1", code: "E2E-01", name: "準時審核率", nameEn: "On-time review rate", unit: "%" },
  adjustment: null,
  ...over,
});

describe("criteria table", () => {
  it("shows each line's working and the total", () => {
    renderInLanguage(<CriteriaTable criteria={[line()]} total={43.8} />);
    const row = within(screen.getByRole("row", { name: /^Attainment min/ }));
    expect(row.getByRole("link", { name: "E2E-01 On-time review rate" }).getAttribute("href")).toBe("/indicators/i1");
    expect(row.getByText("min(100, 100 × 25 / 100) over 3 readings")).toBeTruthy();
    expect(row.getAllByText("100%")).toHaveLength(1); // target
    expect(row.getAllByText("25%")).toHaveLength(2); // actual, attainment
    expect(row.getByText("50%")).toBeTruthy(); // weight
    expect(row.getByText("12.5")).toBeTruthy();
    expect(within(screen.getByRole("row", { name: /Total score/ })).getByText("43.8")).toBeTruthy();
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("shows an adjustment with the computed figure and the reason, and offers Adjust only when asked", () => {
    const onAdjust = vi.fn();
    const adjusted = line({
      attainment: 60,
      computedAttainment: 25,
      adjustment: { at: "2026-11-30T10:00:00Z", attainment: 60, reason: "系統停機三天", by: { id: "u", name: "張家豪" } },
    });
    renderInLanguage(<CriteriaTable criteria={[adjusted]} total={50} onAdjust={onAdjust} />);
    expect(screen.getByText("Adjusted from 25: 系統停機三天")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Adjust: E2E-01" }));
    expect(onAdjust).toHaveBeenCalledWith(adjusted);
  });
});
