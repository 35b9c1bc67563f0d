import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findByIdOnDriver } from "../../src/lib/driver-find.js";
import { createTestApp, type TestApp } from "../helpers/app.js";

/**
 * Issue 13 item 1: a live event's row is read on the driver in one statement (lib/driver-find.ts)
 * instead of through Prisma's compiler and client. Exactness pinned: for the include and select
 * trees the alertEvents resolvers ask for, the row equals Prisma's own answer field for field
 * (Date, bigint, null relations, JSON), and anything the reader does not handle goes to Prisma.
 */
let t: TestApp;
const statements: string[] = [];

/** The dashboard's selection (packages/client alert feed), as Pothos hands it to `alertEvents`'s resolve. */
const DASHBOARD = { include: { alert: { include: { rule: true, indicator: { include: { process: true } }, assignee: true } } } };

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  t.db.onRead((text) => statements.push(text));
  const office = await t.login("office@example.com");
  const p = await t.gql(`query { process(code: "P-FIN") { id } }`, {}, office);
  const ind = await t.gql(
    `mutation($p: ID!) { createIndicator(input: { processId: $p, code: "DRV-1", name: "Driver read", unit: "%", kind: EFFICIENCY, direction: LOWER_IS_BETTER, target: 60 }) { id } }`,
    { p: p.data.process.id },
    office,
  );
  await t.gql(
    `mutation($i: ID!) { createThresholdRule(input: { indicatorId: $i, kind: THRESHOLD, level: WARNING, comparator: ABOVE, value: 90, clearValue: 80 }) { id } }`,
    { i: ind.data.createIndicator.id },
    office,
  );
  for (const value of [97.25, 50]) {
    await t.gql(
      `mutation($i: ID!, $v: Float!) { recordReadings(input: { readings: [{ indicatorId: $i, value: $v }] }) { alertEvents } }`,
      { i: ind.data.createIndicator.id, v: value },
      office,
    );
  }
  // An assignee with notification preferences (a JSON column) on one alert: the relation present, not null.
  const alert = await t.db.prisma.alert.findFirstOrThrow({ orderBy: { startedAt: "desc" } });
  const user = await t.db.prisma.user.findFirstOrThrow({ where: { email: "office@example.com" } });
  await t.db.prisma.user.update({ where: { id: user.id }, data: { notificationPreferences: { email: false, levels: ["CRITICAL"], nested: { a: [1, 2.5] } } } });
  await t.db.prisma.alert.update({ where: { id: alert.id }, data: { assigneeId: user.id } });
});
afterAll(() => t?.close());

describe("issue 13 item 1: a live event's row read on the driver", () => {
  it("equals Prisma's row for the dashboard's include tree, every event (assigned and not, fired and resolved)", async () => {
    const events = await t.db.prisma.alertEvent.findMany({ orderBy: { id: "asc" }, select: { id: true } });
    expect(events.length).toBeGreaterThanOrEqual(2);
    for (const { id } of events) {
      const prisma = await t.db.prisma.alertEvent.findUniqueOrThrow({ ...DASHBOARD, where: { id } });
      const before = statements.length;
      const driver = await findByIdOnDriver(t.db.prisma, t.db.read, "AlertEvent", id, DASHBOARD);
      // Failure pinned: a Date left as text, a bigint as a number, a missing or extra field, a relation not nested.
      expect(driver).toStrictEqual(prisma);
      expect(statements.length - before).toBe(1);
    }
  });

  it("equals Prisma's row for select trees, with null optional relations", async () => {
    const { id } = await t.db.prisma.alertEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    const queries = [
      {
        select: { id: true, type: true, at: true, value: true, alert: { select: { id: true, state: true, acknowledgedBy: true, rule: { select: { level: true, kind: true } } } } },
      },
      { select: { id: true, actor: true, alert: { include: { process: true, acknowledgedBy: true } } } },
      {},
    ];
    for (const query of queries) {
      const prisma = await t.db.prisma.alertEvent.findUniqueOrThrow({ ...(query as object), where: { id } });
      expect(await findByIdOnDriver(t.db.prisma, t.db.read, "AlertEvent", id, query)).toStrictEqual(prisma);
    }
  });

  it("leaves to Prisma what it does not handle (a list relation, arguments), and rejects a missing row as findUniqueOrThrow does", async () => {
    expect(findByIdOnDriver(t.db.prisma, t.db.read, "AlertEvent", 1n, { include: { alert: { include: { events: true } } } })).toBeNull();
    expect(findByIdOnDriver(t.db.prisma, t.db.read, "AlertEvent", 1n, { include: { alert: { select: { id: true }, where: { id: "x" } } } })).toBeNull();
    await expect(findByIdOnDriver(t.db.prisma, t.db.read, "AlertEvent", 999_999_999n, DASHBOARD)).rejects.toThrow(/No AlertEvent/);
  });
});
