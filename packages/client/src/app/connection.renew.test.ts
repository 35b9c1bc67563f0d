// @vitest-environment happy-dom
import { createRequire } from "node:module";
// graphql-ws names its server function like a React hook; it is not one.
import { useServer as serveGraphqlWs } from "graphql-ws/use/ws";
import { afterEach, describe, expect, it } from "vitest";
import { type WebSocket as ServerSocket, WebSocketServer } from "ws";
import { createLiveConnection, type LiveConnection } from "./connection";

// graphql as graphql-ws's server loads it (Node resolves its CommonJS main); an `import` here
// would get its ES module build, a second copy whose schema graphql-ws refuses ("another realm").
const { GraphQLInt, GraphQLObjectType, GraphQLSchema } = createRequire(import.meta.url)("graphql") as typeof import("graphql");

/**
 * A graphql-ws server like the app's (graphql-ws/use/ws on `ws`): it records the token of every
 * connection, and `tick(n)` sends n to every open `ticks` subscription.
 */
async function tickServer() {
  const waiting = new Set<(n: number) => void>();
  let opened = 0;
  const ticks = async function* () {
    opened++;
    for (;;) yield { ticks: await new Promise<number>((resolve) => waiting.add(resolve)) };
  };
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: "Query", fields: { ok: { type: GraphQLInt, resolve: () => 1 } } }),
    subscription: new GraphQLObjectType({ name: "Subscription", fields: { ticks: { type: GraphQLInt, subscribe: ticks } } }),
  });
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  const tokens: string[] = [];
  const sockets: ServerSocket[] = [];
  serveGraphqlWs(
    {
      schema,
      onConnect: (ctx) => {
        tokens.push(String(ctx.connectionParams?.authorization));
        sockets.push(ctx.extra.socket);
        return true;
      },
    },
    wss,
  );
  return {
    url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}`,
    tokens,
    sockets,
    /** Subscriptions opened so far. */
    opened: () => opened,
    tick(n: number) {
      const list = [...waiting];
      waiting.clear();
      for (const resolve of list) resolve(n);
    },
    close: () => new Promise<void>((resolve) => wss.close(() => resolve())),
  };
}

/** Waits for a condition the test drives toward (no time is asserted: it fails only if it never holds). */
async function until(cond: () => boolean, what: string) {
  for (let i = 0; i < 600 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!cond()) throw new Error(`never happened: ${what}`);
}

let conn: LiveConnection | null = null;
let server: Awaited<ReturnType<typeof tickServer>> | null = null;
afterEach(async () => {
  conn?.dispose();
  await server?.close();
  conn = null;
  server = null;
});

describe("§6.4 the live connection when its access token expires", () => {
  it("reconnects with the renewed token and resumes its subscriptions after the server's 4401 'access token expired' close", async () => {
    server = await tickServer();
    let token = "first";
    conn = createLiveConnection(() => token, { url: server.url });
    const got: number[] = [];
    const errors: unknown[] = [];
    conn.ws.subscribe<{ ticks: number }>({ query: "subscription { ticks }" }, { next: (r) => got.push(r.data!.ticks), error: (e) => errors.push(e), complete: () => {} });
    await until(() => server!.opened() === 1, "the subscription is open");
    server.tick(1);
    await until(() => got.length === 1, "the first tick arrives");

    // The session renews its token a minute early; the server then closes the socket that signed
    // in with the old one, as the app's credential watch does (app/credential-watch.ts CLOSE.expired).
    token = "renewed";
    server.sockets[0].close(4401, "Unauthorized: access token expired");

    // Before: graphql-ws counted 4401 as fatal, so it never reconnected, the subscription
    // ended with the close as its error and the page said "denied" for good.
    await until(() => server!.opened() === 2, `the subscription opened again on a second connection (${JSON.stringify(conn!.getState())})`);
    expect(server.tokens).toEqual(["Bearer first", "Bearer renewed"]);
    server.tick(2);
    await until(() => got.length === 2, "a tick after the reconnect arrives");
    expect(got).toEqual([1, 2]);
    expect(errors).toEqual([]);
    expect(conn.getState()).toMatchObject({ status: "connected", generation: 2 });
  }, 60_000);

  it("still treats a revoked credential (4403) as a denial the page shows", async () => {
    server = await tickServer();
    conn = createLiveConnection(() => "revoked-later", { url: server.url });
    conn.ws.subscribe({ query: "subscription { ticks }" }, { next: () => {}, error: () => {}, complete: () => {} });
    await until(() => server!.opened() === 1, "the subscription is open");
    server.sockets[0].close(4403, "Forbidden: credential revoked");
    await until(() => conn!.getState().lastCloseCode === 4403, "the close reaches the page");
    expect(conn.getState().status).toBe("denied");
  }, 60_000);
});
