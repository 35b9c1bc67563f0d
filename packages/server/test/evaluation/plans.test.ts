import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { checkConditions } from "../../src/modules/alerting/conditions.js";
import type { MonitoringMessages } from "../../src/modules/alerting/publish.js";
import { startScheduler } from "../../src/modules/alerting/scheduler.js";
import { checkAt, freshProcess, people, type People } from "./world.js";

/**
 * Monitoring plans and inspections through the API (§2.3.2, §4.2.1-§4.2.5): who may plan and
 * inspect what, the due date rolling forward in business periods, findings on the process's own
 * steps, nothing half-written on refusal.
 */
let t: TestApp;
let p: People;
let w: Awaited<ReturnType<typeof freshProcess>>;

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  p = await people(t);
  w = await freshProcess(t, p);
});
afterAll(() => t?.close());

const CREATE = `mutation($p: ID!, $u: ID!, $d: DateTime, $c: Cadence!, $m: MonitoringMethod!) { createMonitoringPlan(input: { processId: $p, method: $m, cadence: $c, unitId: $u, firstDueAt: $d }) { id cadence method nextDueAt lastDoneAt active process { id } unit { id } } }`;
const INSPECT = `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { id method summary observations inspector { email } findings { severity description evidence status step { id } } plan { nextDueAt lastDoneAt } } }`;

/** UTC month arithmetic relative to now: the first instant of the month `n` months away. */
const monthStart = (n: number) => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
};

describe("§4.2.1 §4.2.2 monitoring plans", () => {
  it("the process office and the owning department's head plan; another department's head and an employee may not", async () => {
    const d = monthStart(1).toISOString();
    const vars = { p: w.processId, u: p.finUnit, d, c: "QUARTERLY", m: "DATA_ANALYSIS" };
    expect((await t.gql(CREATE, vars, p.office)).data.createMonitoringPlan).toMatchObject({ cadence: "QUARTERLY", method: "DATA_ANALYSIS", nextDueAt: d, active: true });
    expect((await t.gql(CREATE, { ...vars, c: "SEMI_ANNUAL" }, p.finHead)).data.createMonitoringPlan.cadence).toBe("SEMI_ANNUAL");
    const before = await t.db.prisma.monitoringPlan.count();
    expect((await t.gql(CREATE, vars, p.hrHead)).errors?.[0].extensions?.code).toBe("NOT_FOUND"); // HR cannot even read this process
    expect((await t.gql(CREATE, vars, p.employee)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await t.gql(CREATE, { ...vars, d: null }, p.office)).errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "firstDueAt" });
    expect(await t.db.prisma.monitoringPlan.count()).toBe(before);
    // An ad hoc plan has no due date.
    expect((await t.gql(CREATE, { ...vars, c: "AD_HOC", d: null }, p.office)).data.createMonitoringPlan.nextDueAt).toBeNull();
  });

  it("a monthly plan inspected late is due again at the end of the next month, not 30 days after", async () => {
    const dueEnd = new Date(monthStart(-1).getTime() - 1); // the end of the month before last
    const plan = (await t.gql(CREATE, { p: w.processId, u: p.finUnit, d: dueEnd.toISOString(), c: "MONTHLY", m: "PERIODIC_INSPECTION" }, p.office)).data.createMonitoringPlan;
    const late = new Date(monthStart(-1).getTime() + 4 * 86_400_000 + 3_600_000); // the 5th of last month
    const r = await t.gql(
      INSPECT,
      { i: { planId: plan.id, processId: w.processId, method: "PERIODIC_INSPECTION", performedAt: late.toISOString(), summary: "月度檢查" } },
      p.office,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.recordInspection.plan).toEqual({ lastDoneAt: late.toISOString(), nextDueAt: new Date(monthStart(0).getTime() - 1).toISOString() });
    // An older, backdated inspection does not move the plan back.
    const older = new Date(late.getTime() - 86_400_000).toISOString();
    const again = await t.gql(INSPECT, { i: { planId: plan.id, processId: w.processId, method: "PERIODIC_INSPECTION", performedAt: older, summary: "補登" } }, p.office);
    expect(again.data.recordInspection.plan.lastDoneAt).toBe(late.toISOString());
  });

  it("deactivating a plan ends its overdue warning; updating the due date does too", async () => {
    const w = await freshProcess(t, p);
    const past = new Date(Date.now() - 86_400_000).toISOString();
    const a = (await t.gql(CREATE, { p: w.processId, u: p.finUnit, d: past, c: "MONTHLY", m: "ONSITE_OBSERVATION" }, p.office)).data.createMonitoringPlan;
    const b = (await t.gql(CREATE, { p: w.processId, u: p.finUnit, d: past, c: "MONTHLY", m: "SPOT_CHECK" }, p.office)).data.createMonitoringPlan;
    await checkAt(t, new Date());
    const open = async () => {
      const r = await t.gql(`query($p: ID!) { alerts(filter: { processIds: [$p] }) { edges { node { source monitoringPlan { id } } } } }`, { p: w.processId }, p.finHead);
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      return r;
    };
    expect((await open()).data.alerts.edges.map((e: any) => e.node.monitoringPlan.id).sort()).toEqual([a.id, b.id].sort());
    expect((await t.gql(`mutation($id: ID!) { deactivateMonitoringPlan(id: $id) { active } }`, { id: a.id }, p.finHead)).data.deactivateMonitoringPlan.active).toBe(false);
    const moved = await t.gql(
      `mutation($id: ID!, $d: DateTime!) { updateMonitoringPlan(input: { id: $id, nextDueAt: $d }) { changedFields monitoringPlan { overdue } } }`,
      { id: b.id, d: monthStart(1).toISOString() },
      p.office,
    );
    expect(moved.data.updateMonitoringPlan).toEqual({ changedFields: ["nextDueAt"], monitoringPlan: { overdue: false } });
    expect((await open()).data.alerts.edges).toEqual([]);
    expect(await checkAt(t, new Date())).toEqual([]);
  });
});

describe("§4.2.2 the overdue check runs on the scheduler and acts once across replicas", () => {
  it("two replicas checking at the same moment raise one alert and one FIRED event; the scheduler publishes it", async () => {
    const v = await freshProcess(t, p);
    const plan = (await t.gql(CREATE, { p: v.processId, u: p.finUnit, d: new Date(Date.now() - 86_400_000).toISOString(), c: "QUARTERLY", m: "PERIODIC_INSPECTION" }, p.office))
      .data.createMonitoringPlan;
    const planId = Buffer.from(plan.id, "base64").toString().split(":")[1];
    const now = new Date();
    const [a, b] = await Promise.all([checkConditions(t.db.prisma, now), checkConditions(t.db.prisma, now)]);
    const alerts = await t.db.prisma.alert.findMany({ where: { planId }, include: { events: true } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0].events.map((e) => e.type)).toEqual(["FIRED"]);
    expect([...a.events, ...b.events].filter((e) => e.alertId === alerts[0].id)).toHaveLength(1);

    // Through the scheduler, with its clock: a deactivated plan's warning resolves and is published.
    await t.db.prisma.monitoringPlan.update({ where: { id: planId }, data: { active: false } });
    const published: MonitoringMessages[] = [];
    const scheduler = startScheduler({ prisma: t.db.prisma, publish: (m) => void published.push(m), intervalMs: 3_600_000, now: () => now });
    await scheduler.tick();
    await scheduler.stop();
    const resolved = published.flatMap((m) => m.events ?? []).filter((e) => e.alertId === alerts[0].id);
    expect(resolved).toHaveLength(1);
    expect((await t.db.prisma.alert.findUniqueOrThrow({ where: { id: alerts[0].id } })).state).toBe("RESOLVED");
  });
});

describe("§4.2.2 §5.3.2 a plan's warning honours silences like a reading's", () => {
  it("is recorded but marked silenced while a silence covers its process", async () => {
    const v = await freshProcess(t, p);
    const ends = new Date(Date.now() + 3_600_000).toISOString();
    const silence = await t.gql(
      `mutation($p: ID!, $e: DateTime!) { createSilence(input: { processId: $p, endsAt: $e, reason: "年度盤點期間" }) { id } }`,
      { p: v.processId, e: ends },
      p.office,
    );
    expect(silence.errors).toBeUndefined();
    await t.gql(CREATE, { p: v.processId, u: p.finUnit, d: new Date(Date.now() - 86_400_000).toISOString(), c: "MONTHLY", m: "PERIODIC_INSPECTION" }, p.office);
    await checkAt(t, new Date());
    const r = await t.gql(`query($p: ID!) { alerts(filter: { processIds: [$p] }) { edges { node { source silenced state } } } }`, { p: v.processId }, p.office);
    expect(r.data.alerts.edges).toEqual([{ node: { source: "MONITORING_PLAN_OVERDUE", silenced: true, state: "FIRING" } }]);
  });
});

describe("§2.3.2 §4.2.3 §4.2.5 inspections and findings", () => {
  const spot = () => ({ processId: w.processId, method: "SPOT_CHECK", performedAt: new Date().toISOString(), summary: "大額付款抽查" });

  it("§4.2.3 management records random spot checks on any process, not periodic inspections", async () => {
    const ok = await t.gql(INSPECT, { i: spot() }, p.mgmt);
    expect(ok.errors, JSON.stringify(ok.errors)).toBeUndefined();
    expect(ok.data.recordInspection).toMatchObject({ method: "SPOT_CHECK", inspector: { email: "management@example.com" }, plan: null });
    const periodic = await t.gql(INSPECT, { i: { ...spot(), method: "PERIODIC_INSPECTION" } }, p.mgmt);
    expect(periodic.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("§4.2.5 §2.3.2 records an on-site observation with findings on the process's steps and their evidence", async () => {
    const r = await t.gql(
      INSPECT,
      {
        i: {
          ...spot(),
          method: "ONSITE_OBSERVATION",
          observations: "現場觀察覆核流程",
          findings: [
            { severity: "HIGH", stepId: w.stepId, description: "覆核未留痕", evidence: "照片 3 張" },
            { severity: "LOW", description: "標示不清" },
          ],
        },
      },
      p.office,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.recordInspection).toMatchObject({
      method: "ONSITE_OBSERVATION",
      observations: "現場觀察覆核流程",
      findings: [
        { severity: "HIGH", description: "覆核未留痕", evidence: "照片 3 張", status: "OPEN", step: { id: w.stepId } },
        { severity: "LOW", description: "標示不清", evidence: "", status: "OPEN", step: null },
      ],
    });
  });

  it("refuses bad input with the field named and writes nothing", async () => {
    const foreignStep = (await t.gql(`{ process(code: "P-FIN") { steps { id } } }`, {}, p.office)).data.process.steps[0].id;
    const plans = await t.gql(`{ monitoringPlans(first: 50) { edges { node { id process { id } } } } }`, {}, p.office);
    const foreignPlan = plans.data.monitoringPlans.edges.find((e: any) => e.node.process.id !== w.processId).node.id;
    const before = { inspections: await t.db.prisma.inspection.count(), findings: await t.db.prisma.finding.count() };
    const cases: [Record<string, unknown>, string, string][] = [
      [
        {
          findings: [
            { severity: "LOW", description: "ok" },
            { severity: "LOW", stepId: foreignStep, description: "x" },
          ],
        },
        "BAD_USER_INPUT",
        "findings.1.stepId",
      ],
      [{ planId: foreignPlan, method: "PERIODIC_INSPECTION" }, "BAD_USER_INPUT", "planId"],
      [{ performedAt: new Date(Date.now() + 86_400_000).toISOString() }, "BAD_USER_INPUT", "performedAt"],
    ];
    for (const [change, code, field] of cases) {
      const r = await t.gql(INSPECT, { i: { ...spot(), ...change } }, p.office);
      expect(r.errors?.[0].extensions, field).toMatchObject({ code, field });
    }
    const blank = await t.gql(INSPECT, { i: { ...spot(), summary: "  " } }, p.office);
    expect(blank.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect({ inspections: await t.db.prisma.inspection.count(), findings: await t.db.prisma.finding.count() }).toEqual(before);
  });

  it("§2.2.2 a department head inspects the own unit's processes only; an analyst records nothing", async () => {
    const own = await t.gql(INSPECT, { i: { ...spot(), method: "PERIODIC_INSPECTION" } }, p.finHead);
    expect(own.errors).toBeUndefined();
    const hr = await t.gql(`{ process(code: "P-HR") { id } }`, {}, p.hrHead);
    const fin = await t.gql(`{ process(code: "P-FIN") { id } }`, {}, p.office);
    expect((await t.gql(INSPECT, { i: { ...spot(), processId: fin.data.process.id } }, p.hrHead)).errors?.[0].extensions?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
    expect((await t.gql(INSPECT, { i: { ...spot(), processId: hr.data.process.id } }, p.hrHead)).errors).toBeUndefined();
    expect((await t.gql(INSPECT, { i: spot() }, p.analyst)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });
});
