import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeGlobalID } from "../../src/modules/common/ids.js";
import { recordReadings } from "../../src/modules/alerting/engine/ingest.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { at, createIndicator, createRule, type World } from "../alerting/fixtures.js";

// The dashboard draws what the server computed (issue 9, item 5): the matrix level of every
// heat-map cell, the rule level and prediction of every alert, and each rule's band and trend
// projection. These pin the values through the API, so a client copy of the rules is not needed.

let api: TestApp;
let token: string;
let world: World;
let bands: { id: string };
let trend: { id: string };
let critical: { id: string };
const NOW = new Date();
const T0 = new Date(NOW.getTime() - 2 * 3600_000);

beforeAll(async () => {
  api = await createTestApp({ readingsDays: 1 });
  token = await api.login("management@example.com");
  // A seeded process the management login reads (visibility is pinned elsewhere).
  const process = await api.db.prisma.process.findFirstOrThrow({ where: { classification: "PUBLIC" }, select: { id: true, ownerUnitId: true } });
  world = { processId: process.id, unitId: process.ownerUnitId, userId: "" };
  // Created before the first read: the viewer's readable indicators are cached for a while.
  bands = await createIndicator(api.db.prisma, world);
  trend = await createIndicator(api.db.prisma, world);
  critical = await createIndicator(api.db.prisma, world);
});
afterAll(async () => {
  await api?.close();
});

const INDICATOR = `query($id: ID!) { node(id: $id) { ... on Indicator {
  rules { kind level band { lines zones { from to } } projection { from fromValue to toValue predictedAt } }
  alerts(first: 10) { edges { node { level ruleLevel ruleKind predictedAt state } } }
} } }`;

async function indicatorView(id: string) {
  const r = await api.gql(INDICATOR, { id: encodeGlobalID("Indicator", id) }, token);
  expect(r.errors).toBeUndefined();
  return r.data.node as {
    rules: {
      kind: string;
      level: string;
      band: { lines: number[]; zones: { from: number | null; to: number | null }[] } | null;
      projection: { from: string; fromValue: number; to: string; toValue: number; predictedAt: string | null } | null;
    }[];
    alerts: { edges: { node: { level: string; ruleLevel: string; ruleKind: string; predictedAt: string | null; state: string } }[] };
  };
}

describe("§5.1.2 the risk matrix's cells carry the matrix's level", () => {
  it("§5.1.2 every one of the 25 cells has score likelihood × impact and the level of that score (≥20 EXTREME, ≥12 HIGH, ≥6 MEDIUM, else LOW)", async () => {
    const r = await api.gql(`{ riskMatrix { likelihood impact score level } }`, {}, token);
    expect(r.errors).toBeUndefined();
    const cells = r.data.riskMatrix as { likelihood: number; impact: number; score: number; level: string }[];
    expect(cells).toHaveLength(25);
    const at = (l: number, i: number) => cells.find((c) => c.likelihood === l && c.impact === i);
    // The cut-offs, each from both sides: a wrong boundary in the server's matrix fails here.
    expect(at(1, 5)).toMatchObject({ score: 5, level: "LOW" });
    expect(at(2, 3)).toMatchObject({ score: 6, level: "MEDIUM" });
    expect(at(1, 1)).toMatchObject({ score: 1, level: "LOW" });
    expect(at(1, 3)).toMatchObject({ score: 3, level: "LOW" });
    expect(at(2, 5)).toMatchObject({ score: 10, level: "MEDIUM" });
    expect(at(3, 4)).toMatchObject({ score: 12, level: "HIGH" });
    expect(at(3, 5)).toMatchObject({ score: 15, level: "HIGH" });
    expect(at(4, 5)).toMatchObject({ score: 20, level: "EXTREME" });
    expect(at(5, 5)).toMatchObject({ score: 25, level: "EXTREME" });
    expect(
      cells
        .filter((c) => c.level === "EXTREME")
        .map((c) => c.score)
        .sort(),
    ).toEqual([20, 20, 25]);
  });
});

describe("§5.3.2 each rule's band and projection, each alert's rule level and prediction", () => {
  it("§5.3.2 an ABOVE rule breaches above its value; an OUTSIDE rule on both sides of its band; NO_DATA has no band", async () => {
    const ind = bands;
    await createRule(api.db.prisma, ind.id, { kind: "THRESHOLD", level: "WARNING", comparator: "ABOVE", value: 80 });
    await createRule(api.db.prisma, ind.id, { kind: "THRESHOLD", level: "CRITICAL", comparator: "OUTSIDE", value: 10, upperValue: 95 });
    await createRule(api.db.prisma, ind.id, { kind: "NO_DATA", level: "WARNING" });
    const view = await indicatorView(ind.id);
    const band = (kind: string, level: string) => view.rules.find((r) => r.kind === kind && r.level === level)?.band;
    expect(band("THRESHOLD", "WARNING")).toEqual({ lines: [80], zones: [{ from: 80, to: null }] });
    expect(band("THRESHOLD", "CRITICAL")).toEqual({
      lines: [10, 95],
      zones: [
        { from: null, to: 10 },
        { from: 95, to: null },
      ],
    });
    expect(band("NO_DATA", "WARNING")).toBeNull();
    expect(view.rules.every((r) => r.projection === null)).toBe(true);
  });

  it("§5.3.2 a WARNING TREND alert says WARNING and when; the rule's projection predicts the same time (not CRITICAL whatever the level)", async () => {
    const ind = trend;
    await createRule(api.db.prisma, ind.id, { kind: "TREND", level: "WARNING", comparator: "ABOVE", value: 100, trendWindow: 5, trendHorizonMinutes: 60 });
    // Rising by 2 a minute from 50: the line reaches 100 at minute 25, 21 minutes after the last reading.
    const readings = [50, 52, 54, 56, 58].map((value, i) => ({ indicatorId: ind.id, value, observedAt: at(T0, i) }));
    await recordReadings(api.db.prisma, { readings }, { now: NOW });
    const view = await indicatorView(ind.id);
    const alerts = view.alerts.edges.map((e) => e.node);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ ruleLevel: "WARNING", ruleKind: "TREND", state: "FIRING" });
    expect(Date.parse(alerts[0].predictedAt!)).toBe(at(T0, 25).getTime());
    const projection = view.rules[0].projection!;
    expect(Date.parse(projection.from)).toBe(at(T0, 4).getTime());
    expect(projection.fromValue).toBeCloseTo(58, 9);
    expect(Date.parse(projection.to)).toBe(at(T0, 64).getTime());
    expect(projection.toValue).toBeCloseTo(178, 9);
    expect(projection.predictedAt).toBe(alerts[0].predictedAt);
  });

  it("§5.3.2 a CRITICAL THRESHOLD alert has rule level CRITICAL and no prediction", async () => {
    const ind = critical;
    await createRule(api.db.prisma, ind.id, { kind: "THRESHOLD", level: "CRITICAL", comparator: "BELOW", value: 5 });
    await recordReadings(api.db.prisma, { readings: [{ indicatorId: ind.id, value: 1, observedAt: at(T0, 0) }] }, { now: NOW });
    const [alert] = (await indicatorView(ind.id)).alerts.edges.map((e) => e.node);
    expect(alert).toMatchObject({ level: "CRITICAL", ruleLevel: "CRITICAL", ruleKind: "THRESHOLD", predictedAt: null });
  });
});
