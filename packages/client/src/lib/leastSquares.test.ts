import { describe, expect, it } from "vitest";
import { crossingTime, fitLine, projectTrend, valueAt } from "./leastSquares";

const H = 3_600_000;

// §5.3.2: a TREND rule warns before the threshold is reached; the chart draws the same fit ahead.
describe("fitLine", () => {
  it("recovers slope and intercept of an exact line", () => {
    const pts = [0, 1, 2, 3].map((i) => [i * H, 10 + 2 * i] as const);
    const fit = fitLine(pts)!;
    expect(fit.slope * H).toBeCloseTo(2, 10);
    expect(valueAt(fit, 0)).toBeCloseTo(10, 10);
    expect(valueAt(fit, 5 * H)).toBeCloseTo(20, 10);
  });

  it("fits noisy points by least squares", () => {
    const fit = fitLine([[0, 1], [1, 3], [2, 2], [3, 4]])!;
    // slope = Σdxdy/Σdx² = (−1.5·−1.5 + −0.5·0.5 + 0.5·−0.5 + 1.5·1.5)/5 = 0.8
    expect(fit.slope).toBeCloseTo(0.8, 10);
    expect(valueAt(fit, 1.5)).toBeCloseTo(2.5, 10);
  });

  it("is stable with epoch-millisecond times", () => {
    const t0 = Date.UTC(2026, 10, 27);
    const fit = fitLine([0, 1, 2].map((i) => [t0 + i * H, 100 - i] as const))!;
    expect(valueAt(fit, t0 + 10 * H)).toBeCloseTo(90, 6);
  });

  it("needs two distinct times and skips non-finite values", () => {
    expect(fitLine([[0, 1]])).toBeNull();
    expect(fitLine([[5, 1], [5, 2]])).toBeNull();
    expect(fitLine([[0, 1], [1, Number.NaN], [2, 3]])!.slope).toBeCloseTo(1, 10);
  });
});

describe("projectTrend and crossingTime", () => {
  it("projects from the last point to the horizon", () => {
    const seg = projectTrend([[0, 0], [H, 1], [2 * H, 2]], 3 * H)!;
    expect(seg[0][0]).toBe(2 * H);
    expect(seg[0][1]).toBeCloseTo(2, 10);
    expect(seg[1][0]).toBe(5 * H);
    expect(seg[1][1]).toBeCloseTo(5, 10);
  });

  it("returns null without a usable fit or horizon", () => {
    expect(projectTrend([[0, 1]], H)).toBeNull();
    expect(projectTrend([[0, 1], [H, 2]], 0)).toBeNull();
  });

  it("finds when a falling line crosses a lower threshold within the horizon", () => {
    const fit = fitLine([[0, 300], [H, 290], [2 * H, 280]])!;
    expect(crossingTime(fit, 225, 2 * H, 12 * H)).toBeCloseTo(7.5 * H, 3);
    expect(crossingTime(fit, 225, 2 * H, 4 * H)).toBeNull();
    expect(crossingTime(fit, 400, 2 * H, 12 * H)).toBeNull(); // crossed in the past
  });
});
