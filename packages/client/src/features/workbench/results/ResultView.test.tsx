// @vitest-environment happy-dom
import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
// happy-dom has no 2D canvas; this gives ECharts one that draws nowhere. The drawing itself is
// checked in Chromium by test/e2e/workbench.e2e.test.ts.
import "vitest-canvas-mock";
import { renderInLanguage } from "../../../testing/render";
import { ResultView } from "./ResultView";

// Issue 14 item 4 (§2.3.3): any list as a table sorted by any column; a result with a time or
// text column and numeric columns as a line or bar chart; no chart offered where none can be drawn.

const stats = {
  alertStats: [
    { key: "2026-11-03T00:00:00Z", count: 4, p90: 10 },
    { key: "2026-11-01T00:00:00Z", count: 12, p90: 30 },
    { key: "2026-11-02T00:00:00Z", count: 9, p90: 20 },
  ],
};
const counts = () =>
  screen
    .getAllByRole("row")
    .slice(1)
    .map((r) => within(r).getAllByRole("cell")[1].textContent);

describe("ResultView: the table", () => {
  it("sorts by a clicked column, numerically, and the other way on a second click (fails on text order: 12 < 4)", () => {
    renderInLanguage(<ResultView data={stats} />);
    expect(screen.getByText("3 rows")).toBeTruthy();
    expect(counts()).toEqual(["4", "12", "9"]);
    const header = screen.getByRole("button", { name: "count" });
    fireEvent.click(header);
    expect(counts()).toEqual(["4", "9", "12"]);
    expect(screen.getByRole("columnheader", { name: /count/ }).getAttribute("aria-sort")).toBe("ascending");
    fireEvent.click(header);
    expect(counts()).toEqual(["12", "9", "4"]);
  });

  it("says when there is no list, and offers no chart for a list without numbers", () => {
    const { unmount } = renderInLanguage(<ResultView data={{ me: { name: "王俊傑" } }} />);
    expect(screen.getByText("The result has no list to show.")).toBeTruthy();
    unmount();
    renderInLanguage(<ResultView data={{ processes: { edges: [{ node: { code: "P-FIN" } }, { node: { code: "P-HR" } }] } }} />);
    expect((screen.getByRole("button", { name: "Line chart" }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole("button", { name: "Table" }) as HTMLButtonElement).disabled).toBe(false);
  });
});

describe("ResultView: the chart picker", () => {
  it("draws the numeric columns over the time column, as a line and then as bars; a value can be left out", async () => {
    renderInLanguage(<ResultView data={stats} />);
    fireEvent.click(screen.getByRole("button", { name: "Line chart" }));
    // The chart module (and ECharts) loads lazily, the first time a chart is asked for.
    const chart = await screen.findByRole("img", { name: "Line chart of count, p90 by key" }, { timeout: 20_000 });
    expect(chart.getAttribute("data-kind")).toBe("line");
    expect(chart.getAttribute("data-series")).toBe("2");
    expect(chart.getAttribute("data-points")).toBe("6");
    expect((screen.getByRole("combobox", { name: "Time" }) as HTMLSelectElement).value).toBe("key");

    fireEvent.click(screen.getByRole("checkbox", { name: "p90" }));
    expect(screen.getByRole("img", { name: "Line chart of count by key" }).getAttribute("data-series")).toBe("1");
    fireEvent.click(screen.getByRole("button", { name: "Bar chart" }));
    expect(screen.getByRole("img", { name: "Bar chart of count by key" }).getAttribute("data-kind")).toBe("bar");
    expect(screen.getByRole("button", { name: "Bar chart" }).getAttribute("aria-pressed")).toBe("true");
  }, 30_000);
});
