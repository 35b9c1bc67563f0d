import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordReadings } from "../../src/modules/alerting/engine/ingest.js";
import { checkNoData } from "../../src/modules/alerting/scheduler.js";
import { encodeGlobalID } from "../../src/modules/common/ids.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { uid } from "./fixtures.js";

/**
 * Issue 14 item 6 (§5.3.2): `previewThresholdRule` evaluates a would-be rule against the seeded
 * history with the engine's own code. Pinned: the preview's firings are exactly the alerts the
 * engine opens and resolves when the same readings are replayed through `recordReadings` on a
 * fresh indicator carrying the same rule (for NO_DATA: with the scheduler's `checkNoData` asked where
 * the preview says a gap begins, and a millisecond before); a preview never reads past the viewer's
 * read rules. Pinned for NO_DATA: an indicator created after its history (a backfilled feed) showed
 * no gap in the preview while the engine fired on each.
 */
let api: TestApp;
let office: string;

const PREVIEW = `query($input: PreviewThresholdRuleInput!) {
  previewThresholdRule(input: $input) { count readings from to firings { startedAt endedAt level value resolvedValue predictedAt } }
}`;

interface Firing {
  startedAt: string;
  endedAt: string | null;
  level: string;
  value: number | null;
}

beforeAll(async () => {
  api = await createTestApp({ readingsDays: 5 });
  office = await api.login("office@example.com");
});
afterAll(async () => {
  await api?.close();
});

/** A seeded LOWER_IS_BETTER indicator with its readings, oldest first, and a value its upper fifth passes. */
async function seededHistory() {
  const prisma = api.db.prisma;
  const candidates = await prisma.indicator.findMany({ where: { direction: "LOWER_IS_BETTER", archivedAt: null }, orderBy: { code: "asc" } });
  for (const indicator of candidates) {
    const readings = await prisma.reading.findMany({ where: { indicatorId: indicator.id }, orderBy: [{ observedAt: "asc" }, { id: "asc" }] });
    if (readings.length < 40) continue;
    const sorted = readings.map((r) => r.value).sort((a, b) => a - b);
    const high = Math.max(sorted[Math.floor(sorted.length * 0.8)], indicator.target ?? Number.NEGATIVE_INFINITY);
    if (high >= sorted[sorted.length - 1]) continue;
    const clear = Math.max(sorted[Math.floor(sorted.length * 0.6)], indicator.target ?? Number.NEGATIVE_INFINITY);
    return { indicator, readings, high, clear: Math.min(clear, high) };
  }
  throw new Error("the seed has no LOWER_IS_BETTER indicator with a varied history");
}

/** The alerts the engine opened for a rule, as firings (the FIRED event's value, as the preview reports). */
async function engineFirings(ruleId: string): Promise<Firing[]> {
  const alerts = await api.db.prisma.alert.findMany({ where: { ruleId }, orderBy: [{ startedAt: "asc" }, { id: "asc" }], include: { events: { where: { type: "FIRED" } } } });
  return alerts.map((a) => ({ startedAt: a.startedAt.toISOString(), endedAt: a.resolvedAt?.toISOString() ?? null, level: a.level, value: a.events[0]?.value ?? null }));
}

/** A fresh indicator shaped like `like`, with one rule, fed `readings` in batches of `batch`. */
async function replayOnFreshIndicator(
  like: { processId: string; kind: "FINANCIAL"; direction: "LOWER_IS_BETTER"; target: number | null },
  rule: Record<string, unknown>,
  readings: { value: number; observedAt: Date }[],
  batch: number,
) {
  const prisma = api.db.prisma;
  const s = uid();
  const fresh = await prisma.indicator.create({
    data: { code: `REPLAY-${s}`, name: `重播 ${s}`, nameEn: `Replay ${s}`, processId: like.processId, kind: like.kind, unit: "%", direction: like.direction, target: like.target },
  });
  const created = await prisma.thresholdRule.create({ data: { indicatorId: fresh.id, ...(rule as object), kind: rule.kind as never, level: rule.level as never } });
  for (let i = 0; i < readings.length; i += batch) {
    await recordReadings(prisma, { readings: readings.slice(i, i + batch).map((r) => ({ indicatorId: fresh.id, value: r.value, observedAt: r.observedAt })) });
  }
  return engineFirings(created.id);
}

const range = (readings: { observedAt: Date }[]) => ({ from: readings[0].observedAt.toISOString(), to: readings[readings.length - 1].observedAt.toISOString() });

/** The preview of `rule` over the whole seeded history, and the alerts the engine opens for it fed the same readings `batch` at a time. */
async function previewAndEngine(rule: Record<string, unknown>, batch: number) {
  const { indicator, readings } = await seededHistory();
  const r = await api.gql(PREVIEW, { input: { indicatorId: encodeGlobalID("Indicator", indicator.id), ...rule, ...range(readings) } }, office);
  expect(r.errors).toBeUndefined();
  const preview = r.data.previewThresholdRule;
  expect(preview.readings).toBe(readings.length);
  // Fails if the seeded history never breaches: the comparison would then prove nothing.
  expect(preview.count).toBeGreaterThan(0);
  expect(preview.count).toBe(preview.firings.length);
  const engine = await replayOnFreshIndicator(indicator as never, rule, readings, batch);
  return { preview, firings: preview.firings.map(({ startedAt, endedAt, level, value }: Firing) => ({ startedAt, endedAt, level, value })), engine };
}

describe("issue 14 item 6 §5.3.2 rule preview against history", () => {
  it("§5.3.2 a THRESHOLD preview (hysteresis, two in a row) equals the engine replaying the same readings through recordReadings", async () => {
    const { high, clear } = await seededHistory();
    const { firings, engine } = await previewAndEngine({ kind: "THRESHOLD", level: "WARNING", comparator: "ABOVE", value: high, clearValue: clear, consecutive: 2 }, 500);
    expect(firings).toEqual(engine);
  });

  it.each([
    ["pending 3 hours, keep firing 2 hours", { pendingMinutes: 180, keepFiringMinutes: 120 }],
    ["CRITICAL, three in a row", { level: "CRITICAL", consecutive: 3 }],
  ])("§5.3.2 a THRESHOLD preview (%s) equals the engine replaying the same readings through recordReadings", async (_name, variant) => {
    const { high, clear } = await seededHistory();
    const { firings, engine } = await previewAndEngine({ kind: "THRESHOLD", level: "WARNING", comparator: "ABOVE", value: high, clearValue: clear, consecutive: 1, ...variant }, 1);
    expect(firings).toEqual(engine);
  });

  it("§4.2.4 a TREND preview equals the engine fed one reading at a time", async () => {
    const { high } = await seededHistory();
    const { preview, firings, engine } = await previewAndEngine(
      { kind: "TREND", level: "WARNING", comparator: "ABOVE", value: high, trendWindow: 4, trendHorizonMinutes: 24 * 60 },
      1,
    );
    expect(firings).toEqual(engine);
    expect(preview.firings.every((f: { predictedAt: string | null }) => f.predictedAt !== null)).toBe(true);
  });

  it("§5.3.1 a NO_DATA preview equals the engine: the scheduler's checkNoData fires each gap at the preview's start and not a millisecond earlier, recordReadings resolves it at the preview's end", async () => {
    const prisma = api.db.prisma;
    const like = await prisma.indicator.findFirstOrThrow({ where: { archivedAt: null, process: { classification: "INTERNAL" } }, orderBy: { code: "asc" } });
    const HOUR = 3_600_000;
    // Hourly readings with three gaps: 2 h 30 min and 5 h (longer than 60 min × 2: would fire), 1 h 50 min (would not).
    const offsets = [0, 1, 2, 4.5, 5.5, 6.5, 11.5, 12.5, 14 + 1 / 6, 15, 16].map((h) => h * HOUR);
    const start = Date.now() - 40 * HOUR;
    const readings = offsets.map((o, i) => ({ value: 10 + i, observedAt: new Date(start + o) }));
    const until = new Date(start + 20 * HOUR); // 4 h after the last reading: still missing at the range's end
    const s = uid();
    const indicatorOf = (code: string) =>
      prisma.indicator.create({
        data: {
          code,
          name: `無資料 ${code}`,
          nameEn: `No data ${code}`,
          processId: like.processId,
          kind: "EFFICIENCY",
          unit: "件",
          direction: "HIGHER_IS_BETTER",
          expectedIntervalMinutes: 60,
        },
      });
    const source = await indicatorOf(`NODATA-SRC-${s}`);
    await recordReadings(prisma, { readings: readings.map((r) => ({ indicatorId: source.id, ...r })) });
    const rule = { kind: "NO_DATA", level: "CRITICAL", noDataFactor: 2 } as const;
    const r = await api.gql(
      PREVIEW,
      { input: { indicatorId: encodeGlobalID("Indicator", source.id), ...rule, from: readings[0].observedAt.toISOString(), to: until.toISOString() } },
      office,
    );
    expect(r.errors).toBeUndefined();
    const preview = r.data.previewThresholdRule;
    // Two gaps resolved by the next reading, and the open one at the end: a preview that never fires proves nothing.
    expect(preview.count).toBe(3);
    expect(preview.firings.map((f: Firing) => f.endedAt === null)).toEqual([false, false, true]);

    // The live engine on a fresh indicator with the rule saved: the scheduler's check where the preview says a
    // gap begins (and a millisecond before, and halfway through the short gap), the readings through recordReadings.
    const fresh = await indicatorOf(`NODATA-ENG-${s}`);
    const saved = await prisma.thresholdRule.create({ data: { indicatorId: fresh.id, ...rule } });
    const starts = preview.firings.map((f: Firing) => Date.parse(f.startedAt));
    const checks = [...starts.flatMap((t: number) => [t - 1, t]), start + offsets[7] + (offsets[8] - offsets[7]) / 2].sort((a, b) => a - b);
    const opened = () => prisma.alert.count({ where: { ruleId: saved.id } });
    const firedBy = async (at: number) => {
      const before = await opened();
      await checkNoData(prisma, new Date(at));
      return (await opened()) - before;
    };
    let next = 0;
    for (const reading of readings) {
      while (next < checks.length && checks[next] < reading.observedAt.getTime()) {
        const at = checks[next++];
        expect(await firedBy(at), `check at ${new Date(at).toISOString()}`).toBe(starts.includes(at) ? 1 : 0);
      }
      await recordReadings(prisma, { readings: [{ indicatorId: fresh.id, ...reading }] }, { now: reading.observedAt });
    }
    for (const at of checks.slice(next)) expect(await firedBy(at), `check at ${new Date(at).toISOString()}`).toBe(starts.includes(at) ? 1 : 0);
    expect(preview.firings.map(({ startedAt, endedAt, level, value }: Firing) => ({ startedAt, endedAt, level, value }))).toEqual(await engineFirings(saved.id));
  });

  it("§5.3.2 a field value saving would refuse is refused by the preview alike (same code, same field): a preview of a rule that cannot be saved", async () => {
    const { indicator } = await seededHistory();
    const indicatorId = encodeGlobalID("Indicator", indicator.id);
    const CREATE = `mutation($input: CreateThresholdRuleInput!) { createThresholdRule(input: $input) { id } }`;
    const cases = [
      { kind: "NO_DATA", level: "WARNING", noDataFactor: 0.5 },
      { kind: "THRESHOLD", level: "WARNING", comparator: "ABOVE", value: 1, consecutive: 0 },
      { kind: "TREND", level: "WARNING", comparator: "ABOVE", value: 1, trendWindow: 2, trendHorizonMinutes: 60 },
      { kind: "THRESHOLD", level: "WARNING", comparator: "ABOVE", value: 1, pendingMinutes: -1 },
    ];
    for (const rule of cases) {
      const preview = await api.gql(PREVIEW, { input: { indicatorId, ...rule } }, office);
      const create = await api.gql(CREATE, { input: { indicatorId, ...rule } }, office);
      expect(create.errors?.[0].extensions?.code, JSON.stringify(rule)).toBe("BAD_USER_INPUT");
      expect(preview.data?.previewThresholdRule ?? null).toBeNull();
      expect(preview.errors?.[0].extensions, JSON.stringify(rule)).toMatchObject({ code: "BAD_USER_INPUT" });
      expect(preview.errors?.[0].message.split(":")[1]).toBe(create.errors?.[0].message.split(":")[1]);
    }
  });

  it("§6.4 an indicator the viewer may not read is NOT_FOUND, as an unknown one", async () => {
    const hr = await api.db.prisma.indicator.findFirstOrThrow({ where: { process: { ownerUnit: { code: "HR" }, classification: "INTERNAL" } } });
    const token = await api.login("finance.head@example.com");
    const r = await api.gql(PREVIEW, { input: { indicatorId: encodeGlobalID("Indicator", hr.id), kind: "NO_DATA", level: "WARNING" } }, token);
    expect(r.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect(r.errors?.[0].extensions?.field).toBe("indicatorId");
  });

  it("§5.3.2 a rule that contradicts its indicator is refused as saving it would be (INVALID_THRESHOLD, field named)", async () => {
    const { indicator } = await seededHistory();
    const r = await api.gql(
      PREVIEW,
      { input: { indicatorId: encodeGlobalID("Indicator", indicator.id), kind: "THRESHOLD", level: "WARNING", comparator: "BELOW", value: 1 } },
      office,
    );
    expect(r.errors?.[0].extensions).toMatchObject({ code: "INVALID_THRESHOLD", field: "comparator" });
  });
});
