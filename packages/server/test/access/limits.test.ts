import { existsSync, readdirSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { complexityFromQuery } from "@pothos/plugin-complexity";
import { type DocumentNode, type GraphQLInputType, isEnumType, isInputObjectType, isListType, isNonNullType, print, type TypeNode, typeFromAST } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { GRAPHIQL_DEFAULT_QUERY } from "../../src/app/graphiql.js";
import { LIMITS } from "../../src/app/limits.js";
import { REPO_ROOT } from "../../src/lib/paths.js";
import { ANALYST_QUERY } from "../../../../test/bench/analyst-query.js";
import { schema } from "../../src/schema/index.js";
import { createTestApp, type TestApp } from "../helpers/app.js";

/** §6.4 abuse limits: depth, aliases, tokens and cost per operation, and a rate per identity. */
let t: TestApp;
let port: number;
const ALLOWED_ORIGIN = "https://wall.example.com";
beforeAll(async () => {
  process.env.CORS_ORIGINS = ALLOWED_ORIGIN;
  t = await createTestApp({ readingsDays: 1, ratePerMinute: 40 });
  delete process.env.CORS_ORIGINS;
  port = await t.app.start(0);
});
afterAll(() => t?.close());

describe("§6.4 abuse limits", () => {
  it("refuses a 50-deep query with QUERY_TOO_DEEP", async () => {
    let inner = "id";
    for (let i = 0; i < 25; i++) inner = `process { owner { processes(first: 1) { edges { node { ${inner} } } } } }`;
    const q = `{ indicators(first: 1) { edges { node { ${inner} } } } }`;
    const r = await t.gql(q, {}, await t.login("analyst@example.com"));
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.[0].extensions?.code).toBe("QUERY_TOO_DEEP");
  });

  it("refuses a 1,000-alias query with TOO_MANY_ALIASES", async () => {
    const q = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: me { kind }`).join(" ")} }`;
    const r = await t.gql(q, {}, await t.login("analyst@example.com"));
    expect(r.errors?.[0].message, JSON.stringify(r.errors?.[0])).toMatch(/alias|token/i);
    expect(["TOO_MANY_ALIASES", "TOO_MANY_TOKENS"]).toContain(r.errors?.[0].extensions?.code);
  });

  it("refuses a query costing more than the limit with QUERY_TOO_COMPLEX", async () => {
    const q = `{ processes(first: 500) { edges { node { indicators(first: 500) { edges { node { readings(last: 1000) { value } rules { id } } } } } } } }`;
    const r = await t.gql(q, {}, await t.login("analyst@example.com"));
    expect(r.errors?.[0].extensions?.code).toBe("QUERY_TOO_COMPLEX");
  });

  it("caps a page at 500 nodes whatever `first` asks", async () => {
    const r = await t.gql(`{ processes(first: 100000) { totalCount } }`, {}, await t.login("management@example.com"));
    expect(r.errors?.[0].extensions?.code ?? "OK").not.toBe("INTERNAL_SERVER_ERROR");
  });

  it("throttles a flood from one token with RATE_LIMITED while another token is served", async () => {
    const flooder = await t.login("employee@example.com");
    const other = await t.login("office@example.com");
    const results = [];
    for (let i = 0; i < 45; i++) results.push(await t.gql(`{ me { kind } }`, {}, flooder));
    const limited = results.filter((r) => r.errors?.[0].extensions?.code === "RATE_LIMITED");
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0].status).toBe(429);
    const served = await t.gql(`{ me { kind } }`, {}, other);
    expect(served.data.me.kind).toBe("user");
  });

  it("never shows a stack trace or SQL in a response", async () => {
    const r = await t.gql(`{ processes(first: 1, filter: { unitId: "not-an-id" }) { totalCount } }`, {}, await t.login("analyst@example.com"));
    const text = JSON.stringify(r);
    expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(text).not.toMatch(/at \w+ \(|SELECT|prisma|\.ts:/i);
  });

  it("failure 7 (§6.4): `indicators(first: 200) { readings(last: 1000) }` was within the budget — now QUERY_TOO_COMPLEX", async () => {
    const r = await t.gql(`{ indicators(first: 200) { edges { node { readings(last: 1000) { value } } } } }`, {}, await t.login("analyst@example.com"));
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.[0].extensions?.code).toBe("QUERY_TOO_COMPLEX");
  });

  it("§6.4 issue 13: an operation with more variable values than the cost memo keys (a batch's worth) is still refused QUERY_TOO_COMPLEX", async () => {
    // Not costed before execution (that coerced every variable once more): Pothos costs it at its root field.
    const ids = Array.from({ length: 1001 }, (_, i) => Buffer.from(`Indicator:x${i}`).toString("base64"));
    const r = await t.gql(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id } indicators(first: 200) { edges { node { readings(last: 1000) { value } } } } }`,
      { ids },
      await t.login("analyst@example.com"),
    );
    // failure: an uncosted operation answered (the limit skipped with the memo).
    expect(r.errors?.map((e) => e.extensions?.code)).toContain("QUERY_TOO_COMPLEX");
    expect(r.data?.indicators ?? null).toBeNull();
  });

  it("failure (§6.4, issue 13): the analysts' daily nested query (test/bench) cost 202,942 and was refused QUERY_TOO_COMPLEX — now answered", async () => {
    const cost = complexityFromQuery(ANALYST_QUERY, { schema, variables: {}, ctx: { limits: LIMITS } as never }).complexity;
    expect(cost).toBeLessThanOrEqual(LIMITS.complexity);
    const r = await t.gql(ANALYST_QUERY, {}, await t.login("management@example.com"));
    expect(r.errors).toBeUndefined();
    expect(r.data.processes.edges.length).toBeGreaterThan(0);
    expect(r.data.processes.edges.some((e: { node: { steps: { indicators: unknown[] }[] } }) => e.node.steps.some((s) => s.indicators.length > 0))).toBe(true);
  });

  it("§6.4: costing a step's indicators at a few keeps the same query over many processes refused", async () => {
    const many = ANALYST_QUERY.replace("processes(first: 10)", "processes(first: 100)");
    const r = await t.gql(many, {}, await t.login("management@example.com"));
    expect(r.errors?.[0].extensions?.code).toBe("QUERY_TOO_COMPLEX");
  });

  it("§6.4 (issue 13, costs kept per query): the same query accepted with a small page is still refused with a large one", async () => {
    const q = `query($n: Int!) { processes(first: $n) { edges { node { code steps { indicators { readings(last: 1000) { value } } } } } } }`;
    const token = await t.login("analyst@example.com");
    for (let i = 0; i < 2; i++) {
      expect((await t.gql(q, { n: 1 }, token)).errors).toBeUndefined();
      const big = await t.gql(q, { n: 500 }, token);
      expect(big.data ?? null).toBeNull();
      expect(big.errors?.[0].extensions?.code).toBe("QUERY_TOO_COMPLEX");
    }
  });

  /** A valid value of a required variable's type: enums take their first value, input objects their required fields. */
  function sampleValue(type: GraphQLInputType): unknown {
    if (isNonNullType(type)) return sampleValue(type.ofType);
    if (isListType(type)) return [sampleValue(type.ofType)];
    if (isEnumType(type)) return type.getValues()[0].value;
    if (isInputObjectType(type)) {
      return Object.fromEntries(
        Object.values(type.getFields())
          .filter((f) => isNonNullType(f.type))
          .map((f) => [f.name, sampleValue(f.type)]),
      );
    }
    return { DateTime: new Date().toISOString(), Boolean: true, Float: 1, Int: 1 }[type.name] ?? "x";
  }

  it("§6.4 the dashboard's documents, the analysts' nested query and the documented examples fit the budget", async () => {
    const documents: [string, string, Record<string, unknown>][] = [
      ["GraphiQL default", GRAPHIQL_DEFAULT_QUERY, {}],
      [
        "README first query",
        "{ processes(first: 10) { totalCount edges { node { id code name nameEn category goal major owner { name } steps { position name } indicators { totalCount } risks { totalCount } } } } }",
        {},
      ],
      [
        "analysts' nested query (5 processes)",
        `query($n: Int!) { processes(first: $n) { edges { node { code steps { position name indicators { code readings(last: 100) { value observedAt } } } indicators(first: 50) { edges { node { code readings(last: 100) { value } } } } } } } risks(first: 50) { edges { node { code latestAssessment { score level } } } } }`,
        { n: 5 },
      ],
    ];
    const features = join(REPO_ROOT, "packages/client/src/features");
    const files = readdirSync(features)
      .map((f) => join(features, f, "queries.ts"))
      .filter((f) => existsSync(f));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      for (const [name, doc] of Object.entries(exports)) {
        // Typed documents (gql.tada) are DocumentNodes with their fragments; a bare fragment is
        // counted where an operation spreads it.
        if ((doc as { kind?: string })?.kind !== "Document") continue;
        const operation = (doc as DocumentNode).definitions.find((d) => d.kind === "OperationDefinition");
        if (!operation) continue;
        const body = print(doc as DocumentNode);
        // The largest variables the client sends: 1000 readings or buckets, pages of 100.
        const variables: Record<string, unknown> = {};
        for (const def of (operation as { variableDefinitions?: { variable: { name: { value: string } }; type: unknown }[] }).variableDefinitions ?? []) {
          const type = JSON.stringify(def.type);
          const v = def.variable.name.value;
          if (/"Int"/.test(type)) variables[v] = 1000;
          else if (!/^\{"kind":"NonNullType"/.test(type)) continue;
          else variables[v] = sampleValue(typeFromAST(schema, def.type as TypeNode) as GraphQLInputType);
        }
        documents.push([`${file} ${name}`, body, variables]);
      }
    }
    expect(documents.length).toBeGreaterThan(10);
    for (const [name, query, variables] of documents) {
      const cost = complexityFromQuery(query, { schema, variables, ctx: { limits: LIMITS } as never }).complexity;
      expect(cost, name).toBeLessThanOrEqual(LIMITS.complexity);
    }
  });

  it("failure 7 (§6.4): a 20 MB request body is parsed — now 413 PAYLOAD_TOO_LARGE before it is read", async () => {
    const big = JSON.stringify({ query: "{ me { kind } }", variables: { pad: "x".repeat(2 * 1024 * 1024) } });
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: big });
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
    // Without a length (chunked), the size is unknown until read: 411.
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path: "/graphql", method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end(JSON.stringify({ query: "{ me { kind } }" }));
    });
    expect(chunked.status).toBe(411);
    expect(JSON.parse(chunked.body).errors[0].extensions.code).toBe("LENGTH_REQUIRED");
    // An ordinary request still passes.
    const ok = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ me { kind } }" }),
    });
    expect(ok.status).toBe(200);
  });

  it("failure 7 (§6.4): CORS reflects any Origin with credentials — now only the configured origins", async () => {
    const ask = (origin: string, method = "POST") =>
      t.app.yoga.fetch("http://yoga/graphql", {
        method,
        headers: { origin, "content-type": "application/json", "access-control-request-method": "POST" },
        ...(method === "POST" ? { body: JSON.stringify({ query: "{ me { kind } }" }) } : {}),
      });
    for (const method of ["POST", "OPTIONS"]) {
      const evil = await ask("https://evil.example.net", method);
      expect(evil.headers.get("access-control-allow-origin")).toBeNull();
      expect(evil.headers.get("access-control-allow-credentials")).toBeNull();
      const allowed = await ask(ALLOWED_ORIGIN, method);
      expect(allowed.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    }
  });

  it('failure 8 (§6.4): field suggestions ("Did you mean …") are given to anonymous callers — now to signed-in callers only', async () => {
    const anonymous = await t.gql(`{ prcesses { id } }`);
    expect(anonymous.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(anonymous.errors?.[0].message).not.toMatch(/Did you mean|processes/);
    const analyst = await t.gql(`{ prcesses { id } }`, {}, await t.login("management@example.com"));
    expect(analyst.errors?.[0].message).toMatch(/Did you mean "processes"/);
  });

  it("failure 7 (§6.4): subscriptions count in the rate limit of their identity", async () => {
    const token = await t.login("hr.head@example.com");
    const ws = new WebSocket(`ws://127.0.0.1:${port}/graphql`, "graphql-transport-ws");
    await new Promise((r) => ws.once("open", r));
    ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } }));
    await new Promise((r) => ws.once("message", r));
    const limited = new Promise<Record<string, unknown>>((resolve) =>
      ws.on("message", (raw) => {
        const m = JSON.parse(String(raw));
        const error = m.payload?.errors?.[0] ?? m.payload?.[0];
        if (error?.extensions?.code === "RATE_LIMITED") resolve(error);
      }),
    );
    for (let i = 0; i < 45; i++) ws.send(JSON.stringify({ id: String(i), type: "subscribe", payload: { query: "subscription { indicatorStatusChanged { indicatorId } }" } }));
    expect((await limited).message).toMatch(/Too many requests/);
    ws.close();
  });
});
