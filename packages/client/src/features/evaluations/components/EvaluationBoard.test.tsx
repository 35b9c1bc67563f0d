// @vitest-environment happy-dom
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderInLanguage } from "../../../testing/render";
import { boardModel, periodStart, type BoardEvaluation } from "../queries";
import { EvaluationGrid } from "./EvaluationGrid";

// §4.3.3: the board shows each process's grade per period; a final result wins over a draft.
const proc = (code: string, nameEn: string) => ({ id: `p-${code}`, code, name: `${nameEn}流程`, nameEn });
const ev = (
  id: string,
  p: ReturnType<typeof proc>,
  period: string,
  grade: BoardEvaluation["grade"],
  totalScore: number,
  status: BoardEvaluation["status"] = "FINAL",
): BoardEvaluation => ({ id, period, grade, totalScore, status, process: p });
const fin = proc("P-FIN", "Finance");
const hr = proc("P-HR", "HR");

describe("evaluation board", () => {
  it("orders months and quarters by their start", () => {
    expect(["2026-11", "2026-Q3", "2026-07", "2025-Q4"].sort((a, b) => periodStart(a) - periodStart(b))).toEqual(["2025-Q4", "2026-07", "2026-Q3", "2026-11"]);
  });

  it("puts one evaluation per process and period in the grid, the final one before a draft", () => {
    const m = boardModel([ev("d", fin, "2026-11", "FAIL", 40, "DRAFT"), ev("f", fin, "2026-11", "PASS", 65), ev("q", hr, "2026-Q3", "GOOD", 82)]);
    expect(m.periods).toEqual(["2026-Q3", "2026-11"]);
    expect(m.rows.map((r) => r.process.code)).toEqual(["P-FIN", "P-HR"]);
    expect(m.rows[0].cells["2026-11"].id).toBe("f");
  });

  it("links each grade to its evaluation, marks drafts and leaves empty periods blank", () => {
    renderInLanguage(<EvaluationGrid model={boardModel([ev("e1", fin, "2026-11", "FAIL", 43.8, "DRAFT"), ev("e2", hr, "2026-Q3", "GOOD", 82)])} />);
    const cell = screen.getByRole("link", { name: "Finance 2026-11: Fail, 43.8 points, Draft" });
    expect(cell.getAttribute("href")).toBe("/evaluations/e1");
    expect(within(cell).getByText("Fail")).toBeTruthy();
    const hrRow = screen.getByRole("row", { name: /HR/ });
    expect(within(hrRow).getByText("—")).toBeTruthy();
    expect(screen.getByRole("link", { name: "HR" }).getAttribute("href")).toBe("/processes/P-HR");
  });

  it("speaks Traditional Chinese", () => {
    renderInLanguage(<EvaluationGrid model={boardModel([ev("e1", fin, "2026-11", "EXCELLENT", 93)])} />, "zh-Hant");
    expect(screen.getByRole("link", { name: "Finance流程 2026-11: 優秀, 93 分, 定稿" })).toBeTruthy();
  });
});
