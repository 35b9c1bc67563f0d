// @vitest-environment happy-dom
import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInLanguage } from "../../../testing/render";
import type { MatrixCell } from "../queries";
import { RiskHeatMap, RiskLegend } from "./RiskHeatMap";

// §5.1.2: the 5×5 likelihood × impact heat map. Each cell says how many risks sit in it and how
// many moved in since their previous assessment, coloured by the level the server's matrix gives.
const LEVEL = ["LOW", "MEDIUM", "HIGH", "EXTREME"] as const;
const cells = (over: Record<string, Partial<MatrixCell>> = {}): MatrixCell[] =>
  [1, 2, 3, 4, 5].flatMap((likelihood) =>
    [1, 2, 3, 4, 5].map((impact) => ({
      likelihood,
      impact,
      score: likelihood * impact,
      level: LEVEL[Math.min(3, Math.floor((likelihood + impact) / 3))],
      count: 0,
      movedIn: 0,
      riskIds: [],
      ...over[`${likelihood}-${impact}`],
    })),
  );

describe("risk heat map", () => {
  it("has a button per cell, named with its position, count and movement, with the count shown", () => {
    renderInLanguage(<RiskHeatMap cells={cells({ "4-5": { count: 2, movedIn: 1, riskIds: ["a", "b"] } })} onSelect={() => {}} />);
    const map = screen.getByRole("group", { name: "Risk heat map" });
    expect(within(map).getAllByRole("button")).toHaveLength(25);
    const cell = within(map).getByRole("button", { name: "Likelihood 4 × impact 5: 2 risks, 1 moved in" });
    expect(within(cell).getByText("2")).toBeTruthy();
    expect(within(cell).getByText("+1 moved in")).toBeTruthy();
    expect(within(map).getByRole("button", { name: "Likelihood 1 × impact 1: 0 risks, 0 moved in" }).textContent).toBe("");
  });

  it("lays out impact 5 on top and likelihood 1 to 5 left to right", () => {
    renderInLanguage(<RiskHeatMap cells={cells()} onSelect={() => {}} />);
    const names = screen.getAllByRole("button").map((b) => b.getAttribute("aria-label")!.replace(/:.*/, ""));
    expect(names.slice(0, 5)).toEqual([1, 2, 3, 4, 5].map((l) => `Likelihood ${l} × impact 5`));
    expect(names.at(-1)).toBe("Likelihood 5 × impact 1");
  });

  it("colours each cell by the level the server sent, whatever its position", () => {
    // A level no client rule would give (1 × 1 EXTREME): the map must draw the server's word.
    renderInLanguage(<RiskHeatMap cells={cells({ "1-1": { level: "EXTREME" }, "5-5": { level: "LOW" } })} onSelect={() => {}} />);
    expect(screen.getByRole("button", { name: /^Likelihood 1 × impact 1:/ }).className).toContain("heatmap__cell--extreme");
    expect(screen.getByRole("button", { name: /^Likelihood 5 × impact 5:/ }).className).toContain("heatmap__cell--low");
  });

  it("selects a cell on click and marks the selected one pressed", () => {
    const onSelect = vi.fn();
    const all = cells({ "3-4": { count: 1, riskIds: ["r"] } });
    renderInLanguage(<RiskHeatMap cells={all} selected={{ likelihood: 3, impact: 4 }} onSelect={onSelect} />);
    const selected = screen.getByRole("button", { pressed: true });
    expect(selected.getAttribute("aria-label")).toMatch(/^Likelihood 3 × impact 4:/);
    fireEvent.click(screen.getByRole("button", { name: /^Likelihood 2 × impact 5:/ }));
    expect(onSelect).toHaveBeenCalledWith(expect.objectContaining({ likelihood: 2, impact: 5 }));
  });

  it("on the wall: cells are pictures, not buttons; the legend lists the four levels", () => {
    renderInLanguage(
      <>
        <RiskHeatMap cells={cells({ "2-2": { count: 3 } })} variant="wall" />
        <RiskLegend />
      </>,
    );
    expect(screen.queryAllByRole("button")).toHaveLength(0);
    expect(screen.getByRole("img", { name: "Likelihood 2 × impact 2: 3 risks, 0 moved in" })).toBeTruthy();
    expect(
      within(screen.getByRole("list", { name: "Level" }))
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["Low", "Medium", "High", "Extreme"]);
  });
});
