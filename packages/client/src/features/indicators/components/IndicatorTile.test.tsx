// @vitest-environment happy-dom
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
// happy-dom has no 2D canvas; this gives ECharts one that draws nowhere. What is asserted here is
// the tile's text and roles; the drawing itself is checked in Chromium by the browser tests.
import "vitest-canvas-mock";
import { renderInLanguage } from "../../../testing/render";
import type { IndicatorSummary } from "../queries";
import { pushReading } from "../useLiveReadings";
import { IndicatorTileView } from "./IndicatorTile";

// §4.1 / §5.3.1: an indicator's tile on the dashboard and the wall: its name and process, status
// in words, the last value with its unit, the target, the chart, and a trend's predicted crossing
// named at the TREND rule's own level (§5.3.2).
const T = Date.parse("2026-11-27T10:00:00Z");
const indicator = (over: Partial<IndicatorSummary> = {}): IndicatorSummary => ({
  id: "ind-1",
  code: "FIN-DSO",
  name: "應收帳款週轉天數",
  nameEn: "Days sales outstanding",
  unit: "days",
  kind: "FINANCIAL",
  direction: "LOWER_IS_BETTER",
  status: "WARNING",
  lastValue: 47.5,
  lastObservedAt: new Date(T).toISOString(),
  target: 40,
  targetLow: null,
  targetHigh: null,
  expectedIntervalMinutes: 60,
  process: { id: "p1", code: "P-FIN", name: "財務管理", nameEn: "Finance" },
  rules: [
    {
      id: "r1",
      kind: "THRESHOLD",
      level: "WARNING",
      comparator: "ABOVE",
      value: 45,
      upperValue: null,
      clearValue: null,
      enabled: true,
      consecutive: 1,
      noDataFactor: 2,
      trendHorizonMinutes: null,
      trendWindow: null,
      band: { lines: [45], zones: [{ from: 45, to: null }] },
    },
  ],
  ...over,
});
const buckets = [0, 1, 2, 3].map((h) => ({ t: T - (3 - h) * 3_600_000, min: 44, max: 48, avg: 44 + h, count: 4 }));

describe("indicator tile", () => {
  it("names the indicator and its process, says its status and shows the last value with unit and the target", async () => {
    renderInLanguage(<IndicatorTileView indicator={indicator()} live={undefined} theme="dark" buckets={buckets} projection={null} />);
    const tile = within(await screen.findByRole("article", { name: "Days sales outstanding" }));
    expect(tile.getByRole("heading", { name: "Days sales outstanding" })).toBeTruthy();
    expect(tile.getByRole("link", { name: "Days sales outstanding" }).getAttribute("href")).toBe("/indicators/ind-1");
    expect(tile.getByText("FIN-DSO · Finance")).toBeTruthy();
    expect(tile.getByText("Warning")).toBeTruthy();
    expect(tile.getByText("47.5")).toBeTruthy();
    expect(tile.getByText(/^Target 40/)).toBeTruthy();
    expect(tile.getByRole("img", { name: /^Days sales outstanding: / })).toBeTruthy();
  });

  it("shows the latest live reading and the status a live change reported over the loaded ones", async () => {
    renderInLanguage(
      <IndicatorTileView indicator={indicator()} live={pushReading(undefined, T + 60_000, 51.25)} status="CRITICAL" theme="dark" buckets={buckets} projection={null} />,
    );
    const tile = within(await screen.findByRole("article"));
    expect(tile.getByText("51.25")).toBeTruthy();
    expect(tile.getByText("Critical")).toBeTruthy();
  });

  it("names the predicted crossing at the TREND rule's level: a WARNING trend is not called Critical", async () => {
    const projection = { level: "WARNING" as const, from: [T, 47] as const, to: [T + 3_600_000, 52] as const, predictedAt: T + 1_800_000 };
    renderInLanguage(<IndicatorTileView indicator={indicator()} live={undefined} theme="dark" buckets={buckets} projection={projection} />);
    const status = await screen.findByRole("status");
    expect(status.textContent).toMatch(/^Trend reaches Warning threshold /);
  });

  it("says so when there are no readings in the window, and on the wall has no link", async () => {
    renderInLanguage(<IndicatorTileView indicator={indicator({ lastValue: null })} live={undefined} theme="dark" link={false} buckets={[]} projection={null} />);
    const tile = within(await screen.findByRole("article"));
    expect(tile.getByText("No readings in this range")).toBeTruthy();
    expect(tile.queryByRole("link")).toBeNull();
  });
});
