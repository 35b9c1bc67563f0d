import { checkConditions } from "../../src/modules/alerting/conditions.js";
import { publishMessages } from "../../src/modules/alerting/publish.js";
import type { TestApp } from "../helpers/app.js";

/** The logins the evaluation tests act as, and the finance unit's ids. */
export interface People {
  office: string;
  mgmt: string;
  finHead: string;
  hrHead: string;
  employee: string;
  analyst: string;
  finUnit: string;
  finHeadId: string;
  hrUnit: string;
}

export async function people(t: TestApp): Promise<People> {
  const [office, mgmt, finHead, hrHead, employee, analyst] = await Promise.all(
    ["office", "management", "finance.head", "hr.head", "employee", "analyst"].map((n) => t.login(`${n}@example.com`)),
  );
  const fin = await t.gql(`{ me { user { id unit { id } } } }`, {}, finHead);
  const hr = await t.gql(`{ me { user { unit { id } } } }`, {}, hrHead);
  return { office, mgmt, finHead, hrHead, employee, analyst, finUnit: fin.data.me.user.unit.id, finHeadId: fin.data.me.user.id, hrUnit: hr.data.me.user.unit.id };
}

let serial = 0;

/**
 * A new FINANCE process owned by the finance department with one EFFICIENCY indicator (higher is
 * better, target 100) and a CRITICAL rule below 60 that clears at 70: no seeded data touches it.
 */
export async function freshProcess(t: TestApp, p: People) {
  const n = ++serial;
  const proc = await t.gql(
    `mutation($u: ID!, $c: String!) { createProcess(input: { code: $c, name: "票據審核流程", nameEn: "Invoice review", category: FINANCE, goal: "準確及時", ownerUnitId: $u }) { id steps { id } } }`,
    { u: p.finUnit, c: `P-EV${n}` },
    p.mgmt,
  );
  if (!proc.data) throw new Error(JSON.stringify(proc.errors));
  const processId = proc.data.createProcess.id as string;
  const step = await t.gql(`mutation($p: ID!) { createProcessStep(input: { processId: $p, name: "覆核", nameEn: "Review" }) { id } }`, { p: processId }, p.mgmt);
  const ind = await t.gql(
    `mutation($p: ID!, $c: String!) { createIndicator(input: { processId: $p, code: $c, name: "準時審核率", unit: "%", kind: EFFICIENCY, direction: HIGHER_IS_BETTER, target: 100 }) { id } }`,
    { p: processId, c: `EV${n}-01` },
    p.office,
  );
  const indicatorId = ind.data.createIndicator.id as string;
  await t.gql(
    `mutation($i: ID!) { createThresholdRule(input: { indicatorId: $i, kind: THRESHOLD, level: CRITICAL, comparator: BELOW, value: 60, clearValue: 70 }) { id } }`,
    { i: indicatorId },
    p.office,
  );
  return { processId, indicatorId, stepId: step.data.createProcessStep.id as string, code: `P-EV${n}` };
}

/**
 * Minutes every "ago" of these tests is pushed further back when the suite starts in the first 62
 * minutes of a UTC month: readings 60 minutes ago, an inspection 30 minutes ago and the period
 * (the month of 60 minutes ago) then all fall in the previous month instead of straddling two.
 */
export const EARLY = (() => {
  const now = new Date();
  return now.getTime() - Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) < 62 * 60_000 ? 62 : 0;
})();

/** The instant `minutes` (plus {@link EARLY}) before now. */
export const ago = (minutes: number) => new Date(Date.now() - (minutes + EARLY) * 60_000);

/** Readings of one indicator, `minutesAgo` (plus {@link EARLY}) before now each. */
export async function readings(t: TestApp, token: string, indicatorId: string, values: number[], minutesAgo = 60) {
  const now = Date.now() - EARLY * 60_000;
  const r = await t.gql(
    `mutation($r: [ReadingInput!]!) { recordReadings(input: { readings: $r }) { accepted alertEvents } }`,
    { r: values.map((value, i) => ({ indicatorId, value, observedAt: new Date(now - (minutesAgo - i) * 60_000).toISOString(), key: `k${now}-${i}-${Math.random()}` })) },
    token,
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.recordReadings;
}

/** The month (YYYY-MM, UTC) an instant falls in. */
export const monthOf = (d: Date) => d.toISOString().slice(0, 7);

/** One scheduler pass of the condition checks at `now`, published as the scheduler would. */
export async function checkAt(t: TestApp, now: Date) {
  const r = await checkConditions(t.db.prisma, now);
  publishMessages(t.app.pubsub, r);
  return r.events;
}

export const RECTIFICATION = `causeAnalysis: "審核人手不足,退件率上升", measures: "增派審核人員並導入自動校驗"`;
