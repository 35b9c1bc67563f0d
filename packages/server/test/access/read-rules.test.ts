import { isObjectType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Generation, generationOf } from "../../src/lib/generation.js";
import { createEventBus } from "../../src/lib/pubsub.js";
import { shareReadRuleChanges } from "../../src/modules/access/read-sync.js";
import { asReadRule } from "../../src/modules/access/visible.js";
import { schema } from "../../src/schema/index.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createReadFixture, type Fixture, gid, readableBy, signInViewers, type ViewerName } from "./read-fixture.js";

/**
 * Issue 8, failure 2 (§6.4): every object is read only within its classification and unit,
 * whichever way it is reached: `node(id:)`, `nodes(ids:)`, lists and nested fields.
 */
let t: TestApp;
let objects: Fixture[];
let tokens: Record<string, string> = {};

const VIEWERS = ["MANAGEMENT", "DEPARTMENT_HEAD", "PROCESS_OFFICE", "EMPLOYEE", "ANALYST", "ADMIN", "DISPLAY", "INGEST"] as const satisfies readonly ViewerName[];
const expected = readableBy;

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  const fixture = await createReadFixture(t.db.prisma);
  objects = fixture.objects;
  const signedIn = await signInViewers(t, objects, VIEWERS);
  tokens = signedIn.tokens;
  objects.push({ type: "ApiToken", id: signedIn.apiTokenIds.DISPLAY, label: "the wall's own token", parent: null, readers: ["ADMIN", "DISPLAY"] });
  objects.push({ type: "ApiToken", id: signedIn.apiTokenIds.INGEST, label: "a feed's token", parent: null, readers: ["ADMIN"] });
}, 120_000);
afterAll(() => t?.close());

describe("issue 8, failure 2: objects read past their classification through node(id:) (§6.4)", () => {
  it("every type that implements Node declares a read rule", () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === "Node")) continue;
      const scopes = (type.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes;
      if (!asReadRule(scopes)) missing.push(type.name);
    }
    expect(missing).toEqual([]);
  });

  it("the fixture has an object of every Node type", () => {
    const nodeTypes = Object.values(schema.getTypeMap())
      .filter((ty) => isObjectType(ty) && ty.getInterfaces().some((i) => i.name === "Node"))
      .map((ty) => ty.name);
    expect([...new Set(objects.map((o) => o.type))].sort()).toEqual(nodeTypes.sort());
  });

  it.each([...VIEWERS])("role × type matrix: %s reads through node(id:) exactly what the policy allows, hidden ones as null", async (viewer) => {
    const wrong: string[] = [];
    for (const o of objects) {
      const r = await t.gql(`query($id: ID!) { node(id: $id) { id __typename } }`, { id: gid(o.type, o.id) }, tokens[viewer]);
      const seen = r.data?.node != null;
      if (seen !== expected(viewer, o)) wrong.push(`${o.type} (${o.label}): ${seen ? "read" : "hidden"}`);
      // A hidden object looks like an unknown id: null, and no error that says it exists.
      if (viewer !== "INGEST" && !seen) expect(r.errors, `${viewer} ${o.type} ${o.label}`).toBeUndefined();
    }
    expect(wrong).toEqual([]);
  });

  it.each([...VIEWERS].filter((v) => v !== "INGEST"))("nodes(ids:) agrees with node(id:) for %s", async (viewer) => {
    const r = await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: objects.map((o) => gid(o.type, o.id)) }, tokens[viewer]);
    expect(r.errors).toBeUndefined();
    expect(r.data.nodes.map((n: unknown) => n != null)).toEqual(objects.map((o) => expected(viewer, o)));
  });

  it("the analyst cannot read the response measures of a SECRET risk nor the contingency plan of a CONFIDENTIAL one", async () => {
    const secretResponse = objects.find((o) => o.type === "RiskResponse" && o.parent?.classification === "SECRET")!;
    const confidentialPlan = objects.find((o) => o.type === "ContingencyPlan" && o.parent?.classification === "CONFIDENTIAL")!;
    const q = `query($a: ID!, $b: ID!) { a: node(id: $a) { ... on RiskResponse { measures } } b: node(id: $b) { ... on ContingencyPlan { measures } } }`;
    const analyst = await t.gql(q, { a: gid("RiskResponse", secretResponse.id), b: gid("ContingencyPlan", confidentialPlan.id) }, tokens.ANALYST);
    expect(analyst).toMatchObject({ data: { a: null, b: null } });
    expect(JSON.stringify(analyst)).not.toMatch(/措施/);
    const management = await t.gql(q, { a: gid("RiskResponse", secretResponse.id), b: gid("ContingencyPlan", confidentialPlan.id) }, tokens.MANAGEMENT);
    expect(management.data.a.measures).toMatch(/應對措施/);
    expect(management.data.b.measures).toMatch(/預案措施/);
  });

  it("Indicator.risks leaves out a risk the viewer may not read instead of failing the whole indicators query", async () => {
    const indicator = objects.find((o) => o.type === "Indicator" && o.parent?.classification === "INTERNAL")!;
    const secretRisk = objects.find((o) => o.type === "Risk" && o.parent?.classification === "SECRET")!;
    const internalRisk = objects.find((o) => o.type === "Risk" && o.parent?.classification === "INTERNAL")!;
    await t.db.prisma.indicator.update({ where: { id: indicator.id }, data: { risks: { connect: [{ id: secretRisk.id }, { id: internalRisk.id }] } } });
    generationOf(t.db.prisma).bump(); // a write outside the API: tell the read caches, as every audited write does
    const q = `{ indicators(first: 500) { edges { node { id risks { id classification } } } } }`;
    const analyst = await t.gql(q, {}, tokens.ANALYST);
    expect(analyst.errors).toBeUndefined();
    const row = analyst.data.indicators.edges.find((e: { node: { id: string } }) => e.node.id === gid("Indicator", indicator.id));
    expect(row.node.risks).toEqual([{ id: gid("Risk", internalRisk.id), classification: "INTERNAL" }]);
    const management = await t.gql(q, {}, tokens.MANAGEMENT);
    const all = management.data.indicators.edges.find((e: { node: { id: string } }) => e.node.id === gid("Indicator", indicator.id));
    expect(all.node.risks.map((r: { classification: string }) => r.classification).sort()).toEqual(["INTERNAL", "SECRET"]);
  });

  it("a nested field drops what the viewer may not read: Action.evaluation of another unit's process is null for the owner unit", async () => {
    // An action owned by Finance, from an evaluation of an HR process: the Finance employee reads
    // the action (its unit must act on it), not the HR evaluation.
    const hrEvaluation = objects.find((o) => o.type === "Evaluation" && o.parent?.unit === "HR" && o.parent.classification === "INTERNAL")!;
    const fin = (await t.db.prisma.orgUnit.findUniqueOrThrow({ where: { code: "FIN" } })).id;
    const action = await t.db.prisma.action.create({ data: { kind: "RECTIFICATION", title: "跨部門整改", description: "", ownerUnitId: fin, evaluationId: hrEvaluation.id } });
    generationOf(t.db.prisma).bump();
    const r = await t.gql(`query($id: ID!) { node(id: $id) { ... on Action { title evaluation { id } } } }`, { id: gid("Action", action.id) }, tokens.EMPLOYEE);
    expect(r.errors).toBeUndefined();
    expect(r.data.node).toEqual({ title: "跨部門整改", evaluation: null });
  });
});

describe("issue 8, failure 8: read rules are not cached past a reclassification (§6.4)", () => {
  it("after a risk is reclassified SECRET, the analyst's next node(id:) returns null", async () => {
    const risk = objects.find((o) => o.type === "Risk" && o.parent?.classification === "INTERNAL" && o.parent.unit === "HR")!;
    const q = `query($id: ID!) { node(id: $id) { ... on Risk { title } } }`;
    expect((await t.gql(q, { id: gid("Risk", risk.id) }, tokens.ANALYST)).data.node).not.toBeNull();
    const update = await t.gql(`mutation($id: ID!) { updateRisk(input: { id: $id, classification: SECRET }) { changedFields } }`, { id: gid("Risk", risk.id) }, tokens.MANAGEMENT);
    expect(update.data.updateRisk.changedFields).toEqual(["classification"]);
    const after = await t.gql(q, { id: gid("Risk", risk.id) }, tokens.ANALYST);
    expect(after.errors).toBeUndefined();
    expect(after.data.node).toBeNull();
  });

  it("a write committed on another replica (its message on the shared event bus) ends this replica's read caches", async () => {
    const bus = createEventBus(null as never);
    const generation = new Generation();
    const stop = shareReadRuleChanges(bus, generation);
    const seen = bus.subscribe("readRulesChanged");
    const delivered = seen.next(); // listens from here on
    const before = generation.current();
    bus.publish("readRulesChanged", { origin: "another replica" });
    await delivered; // delivered to every listener of the bus, ours after the replica's
    expect(generation.current()).toBeGreaterThan(before);
    await seen.return?.(undefined);
    await stop();
  });
});
