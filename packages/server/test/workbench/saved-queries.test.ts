/**
 * Issue 14 saved queries (§2.3.3 collect and analyse run data; §6.4 default-deny reads): kept per
 * author, shared with the author's unit or the company, changed only by their author; a shared
 * query runs with its reader's own access, never the author's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processWhere } from "../../src/modules/access/visibility.js";
import { createTestApp, type TestApp } from "../helpers/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
}, 120_000);
afterAll(() => t?.close());

const SAVE = `mutation($i: SaveQueryInput!) { saveQuery(input: $i) { id name sharing variables mine author { name } } }`;
const LIST = `{ savedQueries(first: 50) { totalCount edges { node { id name query variables sharing mine } } } }`;
const names = async (token: string) => ((await t.gql(LIST, {}, token)).data?.savedQueries.edges ?? []).map((e: any) => e.node.name).sort();

describe("issue 14: saved queries are the author's, shared by unit or company", () => {
  it("failure pinned: a private query leaked, or a UNIT one reached another unit — each reader lists exactly what is shared with them", async () => {
    const employee = await t.login("employee@example.com"); // FIN
    const financeHead = await t.login("finance.head@example.com"); // FIN
    const hrHead = await t.login("hr.head@example.com"); // HR
    const q = "{ me { name } }";
    for (const [name, sharing] of [
      ["員工私人", "PRIVATE"],
      ["財務部共用", "UNIT"],
      ["全公司共用", "COMPANY"],
    ] as const) {
      const r = await t.gql(SAVE, { i: { name, query: q, sharing, variables: { n: 1 } } }, employee);
      expect(r.errors).toBeUndefined();
      expect(r.data.saveQuery).toMatchObject({ name, sharing, variables: { n: 1 }, mine: true });
    }
    expect(await names(employee)).toEqual(["全公司共用", "員工私人", "財務部共用"].sort());
    expect(await names(financeHead)).toEqual(["全公司共用", "財務部共用"].sort());
    expect(await names(hrHead)).toEqual(["全公司共用"]);
    const anonymous = await t.gql(LIST, {}, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("failure pinned: a reader could change someone else's shared query — only the author renames, re-shares or deletes", async () => {
    const analyst = await t.login("analyst@example.com");
    const office = await t.login("office@example.com");
    const saved = await t.gql(SAVE, { i: { name: "風險分數", query: "{ risks(first: 5) { totalCount } }", sharing: "COMPANY" } }, analyst);
    const id = saved.data.saveQuery.id;

    const seen = (await t.gql(`query($id: ID!) { node(id: $id) { ... on SavedQuery { name mine } } }`, { id }, office)).data.node;
    expect(seen).toEqual({ name: "風險分數", mine: false });
    const rename = `mutation($id: ID!, $n: String) { updateSavedQuery(input: { id: $id, name: $n }) { changedFields savedQuery { name } } }`;
    expect((await t.gql(rename, { id, n: "改名" }, office)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await t.gql(`mutation($id: ID!) { deleteSavedQuery(id: $id) { id } }`, { id }, office)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");

    const renamed = await t.gql(rename, { id, n: "依分數排列風險" }, analyst);
    expect(renamed.data.updateSavedQuery).toEqual({ changedFields: ["name"], savedQuery: { name: "依分數排列風險" } });
    expect((await t.gql(rename, { id, n: "依分數排列風險" }, analyst)).data.updateSavedQuery.changedFields).toEqual([]);
    const unshared = await t.gql(`mutation($id: ID!) { updateSavedQuery(input: { id: $id, sharing: PRIVATE }) { changedFields } }`, { id }, analyst);
    expect(unshared.data.updateSavedQuery.changedFields).toEqual(["sharing"]);
    expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id }, office)).data.node).toBeNull();

    const deleted = await t.gql(`mutation($id: ID!) { deleteSavedQuery(id: $id) { id } }`, { id }, analyst);
    expect(deleted.data.deleteSavedQuery.id).toBe(id);
    expect(await t.db.prisma.auditLog.count({ where: { entity: "SavedQuery", action: { in: ["saveQuery", "updateSavedQuery", "deleteSavedQuery"] } } })).toBeGreaterThanOrEqual(4);
  });

  it("failure pinned: half-written or unclear bad input — empty name, a query that is not GraphQL, variables that are not an object", async () => {
    const analyst = await t.login("analyst@example.com");
    const before = await t.db.prisma.savedQuery.count();
    const cases = [
      [{ name: "  ", query: "{ me { name } }" }, "name"],
      [{ name: "x", query: "{ me { name }" }, "query"],
      [{ name: "x", query: "{ me { name } }", variables: [1, 2] }, "variables"],
    ] as const;
    for (const [input, field] of cases) {
      const r = await t.gql(SAVE, { i: input }, analyst);
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    expect(await t.db.prisma.savedQuery.count()).toBe(before);
  });
});

describe("issue 14 / §6.4: a shared query runs with the reader's own access, never the author's", () => {
  it("failure pinned: a reader of another unit saw the author's rows — two readers run the same company query and each gets only their own visible processes", async () => {
    const office = await t.login("office@example.com"); // every unit, up to CONFIDENTIAL
    const financeHead = await t.login("finance.head@example.com");
    const hrHead = await t.login("hr.head@example.com");
    const query = `query Catalogue { processes(first: 100) { edges { node { code owner { code } } } } }`;
    const saved = await t.gql(SAVE, { i: { name: "流程目錄", query, sharing: "COMPANY" } }, office);
    const id = saved.data.saveQuery.id;

    const codesFor = async (token: string) => {
      // What the workbench does: read the saved query, then run its text with the reader's own token.
      const node = (await t.gql(`query($id: ID!) { node(id: $id) { ... on SavedQuery { query variables } } }`, { id }, token)).data.node;
      const r = await t.gql(node.query, node.variables, token);
      expect(r.errors).toBeUndefined();
      return r.data.processes.edges.map((e: any) => e.node.code).sort();
    };
    const visibleTo = async (email: string) => {
      const u = await t.db.prisma.user.findUniqueOrThrow({ where: { email } });
      const viewer = { kind: "user", user: { id: u.id, unitId: u.unitId, roles: u.roles, name: u.name, email: u.email } } as never;
      return (await t.db.prisma.process.findMany({ where: { AND: [processWhere(viewer), { archivedAt: null }] }, select: { code: true } })).map((p) => p.code).sort();
    };
    const author = await codesFor(office);
    const finance = await codesFor(financeHead);
    const hr = await codesFor(hrHead);
    expect(finance).toEqual(await visibleTo("finance.head@example.com"));
    expect(hr).toEqual(await visibleTo("hr.head@example.com"));
    // The readers see less than the author, and not the same rows as each other.
    expect(finance.length).toBeLessThan(author.length);
    expect(hr.length).toBeLessThan(author.length);
    expect(finance).not.toEqual(hr);
  });
});

describe("issue 14 / §6.4: saved queries belong to people, not to API tokens", () => {
  it("failure pinned: a wall's DISPLAY token or a feed's INGEST token listed, read, saved, changed or deleted saved queries — each is refused and nothing is written", async () => {
    const admin = await t.login("admin@example.com");
    const analyst = await t.login("analyst@example.com");
    const shared = await t.gql(SAVE, { i: { name: "全公司看板", query: "{ me { name } }", sharing: "COMPANY" } }, analyst);
    const id = shared.data.saveQuery.id;
    const indicator = (await t.gql(`{ indicators(first: 1) { edges { node { id } } } }`, {}, admin)).data.indicators.edges[0].node.id;
    const tokenOf = async (kind: "DISPLAY" | "INGEST") => {
      const r = await t.gql(
        `mutation($k: ApiTokenKind!, $i: [ID!]) { createApiToken(input: { name: "saved-query test", kind: $k, indicatorIds: $i }) { token } }`,
        { k: kind, i: kind === "INGEST" ? [indicator] : null },
        admin,
      );
      expect(r.errors).toBeUndefined();
      return r.data.createApiToken.token as string;
    };
    const before = await t.db.prisma.savedQuery.count();
    for (const kind of ["DISPLAY", "INGEST"] as const) {
      const token = await tokenOf(kind);
      const denied = ["UNAUTHENTICATED", "FORBIDDEN"];
      const list = await t.gql(LIST, {}, token);
      expect(list.data?.savedQueries ?? null, kind).toBeNull();
      expect(denied, `${kind} savedQueries`).toContain(list.errors?.[0]?.extensions?.code);
      const save = await t.gql(SAVE, { i: { name: "x", query: "{ me { name } }", sharing: "COMPANY" } }, token);
      expect(denied, `${kind} saveQuery`).toContain(save.errors?.[0]?.extensions?.code);
      const rename = await t.gql(`mutation($id: ID!) { updateSavedQuery(input: { id: $id, name: "y" }) { changedFields } }`, { id }, token);
      expect(denied, `${kind} updateSavedQuery`).toContain(rename.errors?.[0]?.extensions?.code);
      const remove = await t.gql(`mutation($id: ID!) { deleteSavedQuery(id: $id) { id } }`, { id }, token);
      expect(denied, `${kind} deleteSavedQuery`).toContain(remove.errors?.[0]?.extensions?.code);
      // Not even a company-wide one by its id.
      const node = await t.gql(`query($id: ID!) { node(id: $id) { ... on SavedQuery { name } } }`, { id }, token);
      expect(node.data?.node ?? null, `${kind} node`).toBeNull();
    }
    expect(await t.db.prisma.savedQuery.count()).toBe(before);
    expect((await t.gql(`query($id: ID!) { node(id: $id) { ... on SavedQuery { name } } }`, { id }, analyst)).data.node).toEqual({ name: "全公司看板" });
  });

  it("failure pinned: the author of a shared query was unreadable to its readers — a reader of another unit sees the author's name on the list and by id", async () => {
    const employee = await t.login("employee@example.com"); // FIN
    const hrHead = await t.login("hr.head@example.com"); // HR
    const saved = await t.gql(SAVE, { i: { name: "財務部對全公司", query: "{ me { name } }", sharing: "COMPANY" } }, employee);
    const id = saved.data.saveQuery.id;
    const r = await t.gql(`{ savedQueries(first: 100) { edges { node { id author { name } } } } }`, {}, hrHead);
    expect(r.errors).toBeUndefined();
    const author = saved.data.saveQuery.author.name;
    expect(r.data.savedQueries.edges.find((e: any) => e.node.id === id).node.author.name).toBe(author);
  });
});
