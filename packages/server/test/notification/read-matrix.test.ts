/**
 * §6.4 / §6.2.2: the notification objects (contact points, policies, deliveries, escalation
 * policies, report schedules and runs) are read only by the process office, management and
 * administrators — through every way in: their lists, the fields that nest them, node(id:), the
 * results of the mutations that write them, and the inbox subscription — for every role and for
 * both machine token kinds (DISPLAY, INGEST). `test/access/read-rules.test.ts` checks node(id:)
 * for every Node type; this pins the other ways in for these types.
 */
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createReadFixture, signInViewers, type ViewerName } from "../access/read-fixture.js";

let t: TestApp;
let port: number;
let tokens: Record<string, string>;
const ids: Record<string, string> = {};
const VIEWERS = ["MANAGEMENT", "DEPARTMENT_HEAD", "PROCESS_OFFICE", "EMPLOYEE", "ANALYST", "ADMIN", "DISPLAY", "INGEST"] as const satisfies readonly ViewerName[];
const ADMINS: readonly string[] = ["MANAGEMENT", "PROCESS_OFFICE", "ADMIN"];

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  port = await t.app.start(0);
  const fixture = await createReadFixture(t.db.prisma);
  tokens = (await signInViewers(t, fixture.objects, VIEWERS)).tokens;
  const office = tokens.PROCESS_OFFICE!;
  const cp = await t.gql(`mutation { createContactPoint(input: { name: "矩陣收件匣", kind: IN_APP }) { id } }`, {}, office);
  ids.contactPoint = cp.data.createContactPoint.id;
  const p = await t.gql(`mutation($c: ID!) { createNotificationPolicy(input: { contactPointId: $c }) { id } }`, { c: ids.contactPoint }, office);
  ids.policy = p.data.createNotificationPolicy.id;
  const tested = await t.gql(`mutation($c: ID!) { testContactPoint(id: $c) { delivery { id } } }`, { c: ids.contactPoint }, office);
  ids.delivery = tested.data.testContactPoint.delivery.id;
  await t.gql(
    `mutation($c: ID!) { createEscalationPolicy(input: { name: "矩陣升級", category: FINANCE, steps: [{ afterMinutes: 5, contactPointId: $c }] }) { id } }`,
    { c: ids.contactPoint },
    office,
  );
  const unit = (await t.gql(`{ orgUnits(first: 1) { edges { node { id } } } }`, {}, office)).data.orgUnits.edges[0].node.id;
  await t.gql(
    `mutation($u: ID!, $c: ID!) { createReportSchedule(input: { unitId: $u, cron: "0 8 1 * *", contactPointIds: [$c] }) { id } }`,
    { u: unit, c: ids.contactPoint },
    office,
  );
}, 180_000);
afterAll(() => t?.close());

/** Each list, with the fields that nest a contact point, a policy or a delivery. */
const LISTS = {
  contactPoints: `{ contactPoints { id name } }`,
  notificationPolicies: `{ notificationPolicies { id contactPoint { id name } } }`,
  notificationDeliveries: `{ notificationDeliveries(first: 50) { totalCount edges { node { id contactPoint { id } policy { id } } } } }`,
  escalationPolicies: `{ escalationPolicies { id steps { contactPoint { id } } } }`,
  reportSchedules: `{ reportSchedules { id contactPoints { id } } }`,
} as const;

describe("§6.4 notification objects read only by the process office, management and administrators", () => {
  it.each([...VIEWERS])("%s: every list and the fields nested in it", async (viewer) => {
    for (const [field, query] of Object.entries(LISTS)) {
      const r = await t.gql(query, {}, tokens[viewer]);
      if (ADMINS.includes(viewer)) {
        expect(r.errors, `${viewer} ${field}`).toBeUndefined();
        // The objects written above are in each admin's lists, nested ones resolved.
        expect(JSON.stringify(r.data), `${viewer} ${field}`).toContain(
          field === "notificationDeliveries" ? ids.delivery! : field === "notificationPolicies" ? ids.policy! : ids.contactPoint!,
        );
      } else {
        // Refused as a whole: no data, and nothing of the objects in the error.
        expect(r.data?.[field] ?? null, `${viewer} ${field}`).toBeNull();
        expect(r.errors?.[0]?.extensions?.code, `${viewer} ${field}`).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
        expect(JSON.stringify(r.errors)).not.toContain(ids.contactPoint!);
      }
    }
  });

  it.each([...VIEWERS])("%s: node(id:) and the delivery log's nested objects", async (viewer) => {
    for (const id of [ids.contactPoint!, ids.policy!, ids.delivery!]) {
      const r = await t.gql(`query($id: ID!) { node(id: $id) { id ... on NotificationDelivery { contactPoint { id } policy { id } } } }`, { id }, tokens[viewer]);
      expect(r.data?.node?.id ?? null, `${viewer} ${id}`).toBe(ADMINS.includes(viewer) ? id : null);
    }
  });

  it.each([...VIEWERS])("%s: the mutations that write them answer with their result only to those who may", async (viewer) => {
    const before = await t.db.prisma.contactPoint.count();
    const created = await t.gql(`mutation { createContactPoint(input: { name: "by ${viewer}", kind: IN_APP }) { id name } }`, {}, tokens[viewer]);
    const updated = await t.gql(
      `mutation($i: UpdateContactPointInput!) { updateContactPoint(input: $i) { id name } }`,
      { i: { id: ids.contactPoint, name: "矩陣收件匣", kind: "IN_APP" } },
      tokens[viewer],
    );
    const reordered = await t.gql(`mutation($p: ID!) { reorderNotificationPolicies(ids: [$p]) { id contactPoint { id } } }`, { p: ids.policy }, tokens[viewer]);
    const test = await t.gql(`mutation($c: ID!) { testContactPoint(id: $c) { ok delivery { id contactPoint { id } } } }`, { c: ids.contactPoint }, tokens[viewer]);
    if (ADMINS.includes(viewer)) {
      for (const r of [created, updated, reordered, test]) expect(r.errors, viewer).toBeUndefined();
      expect(updated.data.updateContactPoint.id).toBe(ids.contactPoint);
      expect(test.data.testContactPoint.delivery.contactPoint.id).toBe(ids.contactPoint);
      expect(await t.db.prisma.contactPoint.count()).toBe(before + 1);
    } else {
      for (const r of [created, updated, reordered, test]) {
        expect(r.data ?? null, viewer).toBeNull();
        expect(r.errors?.[0]?.extensions?.code, viewer).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
      }
      expect(await t.db.prisma.contactPoint.count()).toBe(before);
    }
  });

  it("the inbox subscription: a contact point's test message reaches only the tester's own notificationAdded; machine tokens get none", async () => {
    const got: Record<string, string[]> = {};
    const clients = VIEWERS.map((v) => {
      got[v] = [];
      const client = createClient({
        url: `ws://127.0.0.1:${port}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${tokens[v]}` },
        retryAttempts: 0,
        lazy: true,
      });
      client.subscribe(
        { query: `subscription { notificationAdded { subject } }` },
        {
          next: (m: any) => got[v]!.push(m.data?.notificationAdded?.subject ?? `error:${m.errors?.[0]?.extensions?.code}`),
          error: () => got[v]!.push("error"),
          complete: () => {},
        },
      );
      return client;
    });
    await new Promise((r) => setTimeout(r, 500));
    const r = await t.gql(`mutation($c: ID!) { testContactPoint(id: $c) { ok } }`, { c: ids.contactPoint }, tokens.MANAGEMENT);
    expect(r.data.testContactPoint.ok).toBe(true);
    const end = Date.now() + 5000;
    while (got.MANAGEMENT!.filter((s) => !s.startsWith("error")).length < 1 && Date.now() < end) await new Promise((res) => setTimeout(res, 25));
    await new Promise((res) => setTimeout(res, 300));
    await Promise.all(clients.map((c) => c.dispose()));
    for (const v of VIEWERS) {
      const messages = got[v]!.filter((s) => !s.startsWith("error"));
      expect(messages.length, v).toBe(v === "MANAGEMENT" ? 1 : 0);
    }
  });
});
