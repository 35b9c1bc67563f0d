import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { parseId } from "../../src/modules/common/ids.js";
import { createTestApp, PASSWORD, type TestApp } from "../helpers/app.js";

/**
 * §6.4 live connections end with their credential (issue 8, failure 5): subscriptions over HTTP
 * (SSE) and WebSockets alike, on logout, on revocation, when the access token expires, and when a
 * rotated refresh token is presented again.
 */
let t: TestApp;
let port: number;
// Access tokens that live 4 s, for the expiry tests.
let brief: TestApp;
let briefPort: number;
beforeAll(async () => {
  [t, brief] = await Promise.all([createTestApp({ readingsDays: 1, credentialRecheckMs: 300 }), createTestApp({ readingsDays: 1, accessTokenSeconds: 4 })]);
  [port, briefPort] = await Promise.all([t.app.start(0), brief.app.start(0)]);
});
afterAll(() => Promise.all([t?.close(), brief?.close()]));

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken } }`;
const SUBSCRIPTION = `subscription { indicatorStatusChanged { indicatorId status } }`;

async function signIn(app: TestApp, email: string): Promise<{ accessToken: string; refreshToken: string }> {
  return (await app.gql(LOGIN, { e: email, p: PASSWORD })).data.login;
}

/** Opens a subscription (or a live query) over SSE; `ended` resolves with everything streamed once the server ends it. */
async function sse(app: TestApp, token: string, query = SUBSCRIPTION) {
  const res = await app.app.yoga.fetch("http://yoga/graphql", {
    method: "POST",
    headers: { accept: "text/event-stream", "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let arrived = () => {};
  const ended = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text;
      text += decoder.decode(value, { stream: true });
      arrived();
    }
  })();
  const results = () => [...text.matchAll(/^data: (.+)$/gm)].map((m) => JSON.parse(m[1]) as { data?: unknown; errors?: { extensions?: { code?: string } }[] });
  /** Waits until the stream has sent `n` results. */
  const received = async (n: number) => {
    while (results().length < n) await new Promise<void>((r) => (arrived = r));
  };
  return { ended, results, received };
}

/** Opens a graphql-ws socket, authenticated; `closed` resolves with the close code and reason. */
async function socket(p: number, token: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${p}/graphql`, "graphql-transport-ws");
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.once("close", (code, reason) => r({ code, reason: reason.toString() })));
  await new Promise((r) => ws.once("open", r));
  ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } }));
  const first = await new Promise<string>((r) => ws.once("message", (m) => r(m.toString())));
  expect(JSON.parse(first).type).toBe("connection_ack");
  ws.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: SUBSCRIPTION } }));
  return { closed };
}

describe("§6.4 live connections end with their credential (issue 8, failure 5)", () => {
  it("failure 5: SSE subscriptions kept streaming after logout; now the stream ends", async () => {
    const { accessToken } = await signIn(t, "management@example.com");
    const stream = await sse(t, accessToken);
    expect((await t.gql(`mutation { logout }`, {}, accessToken)).data.logout).toBe(true);
    const text = await stream.ended;
    expect(text).toMatch(/UNAUTHENTICATED/);
    expect(text).toMatch(/revoked/);
  });

  it("§6.4 failure pinned: an @live query over SSE kept re-sending after its session was revoked; now the stream ends with UNAUTHENTICATED and sends nothing after", async () => {
    const LIVE = `query @live { indicators(first: 100) { edges { node { id lastValue } } } }`;
    const admin = await t.login("admin@example.com");
    const indicator = (await t.gql(`{ indicators(first: 1) { edges { node { id } } } }`, {}, admin)).data.indicators.edges[0].node.id as string;
    const feed = (
      await t.gql(`mutation($ids: [ID!]) { createApiToken(input: { kind: INGEST, name: "SSE live feed", indicatorIds: $ids }) { token } }`, { ids: [indicator] }, admin)
    ).data.createApiToken.token as string;
    const record = (value: number, key: string) =>
      t.gql(`mutation($r: [ReadingInput!]!) { recordReadings(input: { readings: $r }) { accepted } }`, { r: [{ indicatorId: indicator, value, key }] }, feed);

    const { accessToken } = await signIn(t, "management@example.com");
    const stream = await sse(t, accessToken, LIVE);
    await stream.received(1);
    expect(stream.results()[0].errors).toBeUndefined();
    // Live: a reading re-sends it.
    await record(31337, "sse-live-revoke-1");
    await stream.received(2);
    expect(stream.results()[1].errors).toBeUndefined();

    expect((await t.gql(`mutation { logout }`, {}, accessToken)).data.logout).toBe(true);
    await stream.ended;
    // A reading after the revocation finds the stream already closed.
    await record(31338, "sse-live-revoke-2");
    const results = stream.results();
    expect(results.at(-1)?.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(results.slice(0, -1).every((r) => r.errors === undefined)).toBe(true);
    expect(JSON.stringify(results)).not.toContain("31338");
  });

  it("failure 5: SSE subscriptions kept streaming after token revocation; now the stream ends", async () => {
    const admin = await t.login("admin@example.com");
    const created = await t.gql(`mutation { createApiToken(input: { name: "Wall SSE", kind: DISPLAY }) { token apiToken { id } } }`, {}, admin);
    const stream = await sse(t, created.data.createApiToken.token);
    await t.gql(`mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id: created.data.createApiToken.apiToken.id }, admin);
    expect(await stream.ended).toMatch(/UNAUTHENTICATED/);
  });

  it("failure 5: a WebSocket was never re-checked after its access token expired; now it closes with 4401 at expiry, and an SSE stream ends", async () => {
    const { accessToken, refreshToken } = await signIn(brief, "analyst@example.com");
    const [ws, stream] = await Promise.all([socket(briefPort, accessToken), sse(brief, accessToken)]);
    expect(await ws.closed).toEqual({ code: 4401, reason: "Unauthorized: access token expired" });
    expect(await stream.ended).toMatch(/"reason":"expired"/);
    // The session itself lives on: the client renews its token and connects again.
    const renewed = await brief.gql(`mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken } }`, { r: refreshToken });
    await socket(briefPort, renewed.data.refreshToken.accessToken);
  });

  it("failure 5: reusing a rotated refresh token was refused but did not revoke the session; now it ends the session and its sockets", async () => {
    const first = await signIn(t, "office@example.com");
    const REFRESH = `mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken refreshToken } }`;
    const second = (await t.gql(REFRESH, { r: first.refreshToken })).data.refreshToken;
    const ws = await socket(port, second.accessToken);
    const replay = await t.gql(REFRESH, { r: first.refreshToken });
    expect(replay.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    expect((await ws.closed).code).toBe(4403);
    // The legitimate holder's tokens of that session are dead too.
    expect((await t.gql(REFRESH, { r: second.refreshToken })).errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    expect((await t.gql(`{ me { kind } }`, {}, second.accessToken)).errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const audit = await t.db.prisma.auditLog.findFirstOrThrow({ where: { entity: "Session", changes: { path: ["refreshTokenReused"], equals: true } } });
    expect(audit.action).toBe("refreshToken");
  });

  it("re-checks a DISPLAY token's socket now and then: revoked without an event, it still closes", async () => {
    const admin = await t.login("admin@example.com");
    const created = await t.gql(`mutation { createApiToken(input: { name: "Wall re-check", kind: DISPLAY }) { token apiToken { id } } }`, {}, admin);
    const ws = await socket(port, created.data.createApiToken.token);
    // Revoked behind the server's back (another tool, a missed event): no credentialRevoked.
    const id = parseId(created.data.createApiToken.apiToken.id, "ApiToken");
    await t.db.prisma.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    expect((await ws.closed).code).toBe(4403);
  });
});
