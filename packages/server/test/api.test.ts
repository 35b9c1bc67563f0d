import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./helpers/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const CATALOGUE = `{ processes(first: 10) { totalCount edges { node {
  id code name nameEn category goal major
  owner { name }
  steps { position name }
  indicators { totalCount }
  risks { totalCount } } } } }`;

describe("the process catalogue through GraphQL (§3)", () => {
  it("answers the catalogue query with the five processes of §3.1–§3.5", async () => {
    const token = await t.login("analyst@example.com");
    const r = await t.gql(CATALOGUE, {}, token);
    expect(r.errors).toBeUndefined();
    expect(r.data.processes.totalCount).toBe(5);
    const codes = r.data.processes.edges.map((e: any) => e.node.code);
    expect(codes).toEqual(["P-ADM", "P-FIN", "P-HR", "P-MKT", "P-STR"]);
    const fin = r.data.processes.edges.find((e: any) => e.node.code === "P-FIN").node;
    expect(fin.steps.map((s: any) => s.position)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(fin.steps[0].name).toBe("財務預算編制");
    expect(fin.indicators.totalCount).toBeGreaterThanOrEqual(3);
    expect(fin.risks.totalCount).toBeGreaterThan(0);
    expect(fin.owner.name).toBe("財務部");
  });

  it("resolves a global id through node(id:)", async () => {
    const token = await t.login("analyst@example.com");
    const list = await t.gql(`{ processes(first: 1) { edges { node { id code } } } }`, {}, token);
    const { id, code } = list.data.processes.edges[0].node;
    const r = await t.gql(`query($id: ID!) { node(id: $id) { id ... on Process { code } } }`, { id }, token);
    expect(r.data.node).toEqual({ id, code });
  });
});
