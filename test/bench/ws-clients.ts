/**
 * The client side of the live benchmarks, run as a forked child process (harness.ts ClientProcess)
 * so that 1,000 WebSocket clients do not share the server's event loop. Commands arrive over IPC:
 *
 *   open   { set, kind: "gql" | "raw", url, n, token?, query?, subscribe? }  → { ms }
 *   round  { set, trigger: { url, headers, body }, expect, timeoutMs }        → RoundResult
 *   sample { set }                                                            → text of a last message
 *   close  { set } / exit
 *
 * Times are taken here, in one clock: from just before the trigger request is sent to the moment
 * each client's message handler runs (after JSON parsing, as an application would see it).
 */
import { performance } from "node:perf_hooks";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

interface Sub {
  count: number;
  first: number;
  last: number;
  lastMessage: unknown;
  close(): void;
}

interface ClientSet {
  subs: Sub[];
  errors: number;
  expect: number;
  t0: number;
  done: (() => void) | null;
  received: number;
}

const sets = new Map<string, ClientSet>();

function onMessage(set: ClientSet, sub: Sub, message: unknown) {
  const now = performance.now();
  sub.lastMessage = message;
  if (set.t0 === 0) return; // outside a round (warm-up stragglers)
  sub.count++;
  if (sub.count === 1) sub.first = now - set.t0;
  if (sub.count <= set.expect) {
    sub.last = now - set.t0;
    set.received++;
    if (set.received >= set.subs.length * set.expect) set.done?.();
  }
}

async function open(args: { set: string; kind: "gql" | "raw"; url: string; n: number; token?: string; query?: string; subscribe?: boolean }) {
  const set: ClientSet = sets.get(args.set) ?? { subs: [], errors: 0, expect: 1, t0: 0, done: null, received: 0 };
  sets.set(args.set, set);
  const t0 = performance.now();
  const BATCH = 50;
  for (let start = 0; start < args.n; start += BATCH) {
    const batch: Promise<void>[] = [];
    for (let i = start; i < Math.min(args.n, start + BATCH); i++) {
      batch.push(args.kind === "gql" ? openGraphql(set, args) : openRaw(set, args.url));
    }
    await Promise.all(batch);
  }
  return { ms: performance.now() - t0 };
}

function openGraphql(set: ClientSet, args: { url: string; token?: string; query?: string; subscribe?: boolean }): Promise<void> {
  return new Promise((resolve, reject) => {
    let client: Client | null = null;
    const sub: Sub = { count: 0, first: 0, last: 0, lastMessage: null, close: () => void client?.dispose() };
    client = createClient({
      url: args.url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${args.token}` },
      lazy: false,
      retryAttempts: 0,
      keepAlive: 0,
      on: {
        connected: () => resolve(),
        closed: (e) => reject(new Error(`socket closed before connecting: ${JSON.stringify((e as { code?: number })?.code)}`)),
      },
    });
    set.subs.push(sub);
    if (args.subscribe === false) return;
    client.subscribe(
      { query: args.query!, variables: {} },
      {
        next: (msg) => {
          if (msg.errors) set.errors++;
          onMessage(set, sub, msg);
        },
        error: () => {
          set.errors++;
        },
        complete: () => {},
      },
    );
  });
}

function openRaw(set: ClientSet, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const sub: Sub = { count: 0, first: 0, last: 0, lastMessage: null, close: () => ws.terminate() };
    ws.on("open", () => resolve());
    ws.on("error", reject);
    // Parse like graphql-ws does, so both client sides do the same work per message.
    ws.on("message", (data) => onMessage(set, sub, (JSON.parse(String(data)) as { payload: unknown }).payload));
    set.subs.push(sub);
  });
}

async function round(args: { set: string; trigger: { url: string; headers?: Record<string, string>; body: string }; expect: number; timeoutMs: number }) {
  const set = sets.get(args.set);
  if (!set) throw new Error(`no client set ${args.set}`);
  for (const s of set.subs) {
    s.count = 0;
    s.first = NaN;
    s.last = NaN;
  }
  set.expect = args.expect;
  set.received = 0;
  set.errors = 0;
  const all = new Promise<void>((resolve) => {
    set.done = resolve;
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, args.timeoutMs);
  });
  set.t0 = performance.now();
  const res = await fetch(args.trigger.url, { method: "POST", headers: { "content-type": "application/json", ...args.trigger.headers }, body: args.trigger.body });
  const response = await res.text();
  const responseMs = performance.now() - set.t0;
  await Promise.race([all, timeout]);
  clearTimeout(timer);
  set.t0 = 0;
  set.done = null;
  return {
    first: set.subs.map((s) => s.first),
    last: set.subs.map((s) => s.last),
    responseMs,
    received: set.received,
    expected: set.subs.length * args.expect,
    errors: set.errors,
    response,
  };
}

function sample(args: { set: string }) {
  const set = sets.get(args.set);
  const msg = set?.subs.find((s) => s.lastMessage)?.lastMessage;
  if (!msg) throw new Error(`no message received in set ${args.set}`);
  // The frame graphql-ws sends: { id, type: "next", payload: ExecutionResult }.
  return JSON.stringify({ id: "1", type: "next", payload: msg });
}

async function close(args: { set: string }) {
  const set = sets.get(args.set);
  if (!set) return;
  for (const s of set.subs) s.close();
  sets.delete(args.set);
  await new Promise((r) => setTimeout(r, 200));
}

process.on("message", async (m: { seq: number; cmd: string } & Record<string, any>) => {
  try {
    let value: unknown;
    if (m.cmd === "open") value = await open(m as never);
    else if (m.cmd === "round") value = await round(m as never);
    else if (m.cmd === "sample") value = sample(m as never);
    else if (m.cmd === "close") value = await close(m as never);
    else if (m.cmd === "exit") {
      for (const name of [...sets.keys()]) await close({ set: name });
      process.send!({ seq: m.seq, ok: true, value: null });
      setTimeout(() => process.exit(0), 50);
      return;
    } else throw new Error(`unknown command ${m.cmd}`);
    process.send!({ seq: m.seq, ok: true, value });
  } catch (error) {
    process.send!({ seq: m.seq, ok: false, error: (error as Error).stack ?? String(error) });
  }
});
process.on("disconnect", () => process.exit(0));
