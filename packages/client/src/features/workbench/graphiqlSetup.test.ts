import { afterEach, describe, expect, it, vi } from "vitest";
import { createWorkbenchFetcher, isLiveQuery, type LiveSocket, type QueryAnswer } from "./graphiqlSetup";

/**
 * Issue 14 item 5 (§5.3.1 real-time monitoring): the workbench sends a `query … @live` over the
 * dashboard's graphql-ws connection and shows every answer the server re-sends; everything else
 * (queries, mutations, GraphiQL's introspection) stays one POST. Pinned: a live query sent over
 * HTTP (one answer, never updated) fails; a mutation or plain query sent over the socket fails;
 * a stopped live query that keeps its subscription (or GraphiQL's loop) waiting fails.
 */

/** A socket whose operations answer with what the test pushes; it records what was asked. */
function socket() {
  const asked: { query: string; variables?: Record<string, unknown>; operationName?: string }[] = [];
  const pushers: ((answer: unknown) => void)[] = [];
  let closed = 0;
  const live: LiveSocket = {
    iterate(request) {
      asked.push(request);
      const queue: unknown[] = [];
      let wake: (() => void) | null = null;
      pushers.push((a) => {
        queue.push(a);
        wake?.();
      });
      const it: AsyncIterableIterator<unknown> = {
        async next() {
          while (!queue.length) await new Promise<void>((r) => (wake = r));
          const value = queue.shift();
          if (Array.isArray(value)) throw value;
          return { done: false, value };
        },
        async return() {
          closed++;
          return { done: true, value: undefined };
        },
        [Symbol.asyncIterator]: () => it,
      };
      return it;
    },
  };
  return { live, asked, push: (a: unknown) => pushers.at(-1)?.(a), closed: () => closed };
}

afterEach(() => vi.unstubAllGlobals());

function setup() {
  const ws = socket();
  const answers: QueryAnswer[] = [];
  const liveStates: boolean[] = [];
  const posts: { query: string; variables?: unknown }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (_url: string, init: { body: string }) => {
      posts.push(JSON.parse(init.body) as { query: string });
      return new Response(JSON.stringify({ data: { ok: true } }), { headers: { "content-type": "application/json" } });
    }),
  );
  const fetcher = createWorkbenchFetcher({ getToken: () => "tok", onAnswer: (a) => answers.push(a), live: ws.live, onLive: (on) => liveStates.push(on) });
  const run = (query: string, variables?: Record<string, unknown>, operationName?: string) => fetcher({ query, variables, operationName }) as Promise<unknown>;
  return { ws, answers, liveStates, posts, run };
}

describe("issue 14 item 5 the workbench's routing: live queries over graphql-ws, the rest over HTTP", () => {
  it.each([
    ["query @live { alerts { totalCount } }", null, true],
    ["query Watch($s: String!) @live(throttle: 5000) { indicators(filter: { search: $s }) { totalCount } }", null, true],
    ["query Q @live(if: false) { alerts { totalCount } }", null, false],
    ["{ alerts { totalCount } }", null, false],
    ["query Q { alerts { totalCount } }", null, false],
    ["mutation M { signOut }", null, false],
    ["subscription S { alertEvents { id } }", null, false],
    ["query A @live { a } query B { b }", "A", true],
    ["query A @live { a } query B { b }", "B", false],
    ["query A @live { a } query B { b }", null, false],
    ["query @live { unclosed", null, false],
  ])("§5.3.1 %s (operation %s) is live: %s", (query, operationName, live) => {
    expect(isLiveQuery(query, operationName)).toBe(live);
  });

  it("§5.3.1 a live query goes over the socket and every answer it re-sends reaches GraphiQL and the result pictures", async () => {
    const { ws, answers, liveStates, posts, run } = setup();
    const result = (await run("query Watch($from: DateTime!) @live { alerts { totalCount } }", { from: "{{now-24h}}" }, "Watch")) as AsyncIterableIterator<QueryAnswer>;
    expect(posts).toEqual([]);
    expect(ws.asked).toHaveLength(1);
    expect(ws.asked[0].operationName).toBe("Watch");
    expect(ws.asked[0].variables?.from).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(liveStates).toEqual([true]);
    const iterator = result[Symbol.asyncIterator]();
    ws.push({ data: { alerts: { totalCount: 3 } } });
    expect((await iterator.next()).value).toEqual({ data: { alerts: { totalCount: 3 } } });
    ws.push({ data: { alerts: { totalCount: 4 } } });
    expect((await iterator.next()).value).toEqual({ data: { alerts: { totalCount: 4 } } });
    expect(answers.map((a) => (a.data as { alerts: { totalCount: number } }).alerts.totalCount)).toEqual([3, 4]);

    // Stopped while waiting for the next update: the wait ends and the subscription is closed.
    const waiting = iterator.next();
    await iterator.return?.();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(ws.closed()).toBe(1);
    expect(liveStates).toEqual([true, false]);
  });

  it("§5.3.1 a refused live query (e.g. a validation error) shows its errors and ends", async () => {
    const { ws, answers, liveStates, run } = setup();
    const iterator = ((await run("query @live { nope }")) as AsyncIterableIterator<QueryAnswer>)[Symbol.asyncIterator]();
    ws.push([{ message: 'Cannot query field "nope" on type "Query".' }]);
    expect((await iterator.next()).value).toEqual({ errors: [{ message: 'Cannot query field "nope" on type "Query".' }] });
    expect((await iterator.next()).done).toBe(true);
    expect(answers).toHaveLength(1);
    expect(liveStates).toEqual([true, false]);
  });

  it.each([["{ alerts { totalCount } }"], ["query Q @live(if: false) { alerts { totalCount } }"], ["mutation { signOut }"]])(
    "§6.4 %s is one POST with the viewer's token, not the socket",
    async (query) => {
      const { ws, answers, liveStates, posts, run } = setup();
      expect(await run(query)).toEqual({ data: { ok: true } });
      expect(posts.map((p) => p.query)).toEqual([query]);
      expect(vi.mocked(fetch).mock.calls[0][1]).toMatchObject({ headers: { authorization: "Bearer tok" } });
      expect(ws.asked).toEqual([]);
      expect(liveStates).toEqual([]);
      expect(answers).toEqual([{ data: { ok: true } }]);
    },
  );
});
