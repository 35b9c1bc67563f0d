import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSignInThrottle, throttleKeys, SIGN_IN_THROTTLE } from "../../src/modules/access/throttle.js";
import { clientAddress, trustProxy } from "../../src/app/client-address.js";
import { createTestApp, PASSWORD, type TestApp } from "../helpers/app.js";

/**
 * §6.4 sign-in that cannot be abused (issue 8, failure 6): failures counted atomically, a
 * progressive delay per account and source instead of a lock, the same answer for unknown
 * emails, and the client's address from its socket. Requests go through a real listening
 * server from different loopback addresses (127.0.0.x), as different clients would.
 */
let t: TestApp;
let port: number;
// A first wait of a minute: no attempt of this file waits it out, however slow the machine.
const RULES = {
  accountAndSource: { ...SIGN_IN_THROTTLE.accountAndSource, firstDelaySeconds: 60 },
  source: { ...SIGN_IN_THROTTLE.source, firstDelaySeconds: 60 },
};
beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1, signInThrottle: RULES, ratePerMinute: 40 });
  port = await t.app.start(0);
});
afterAll(() => t?.close());

interface Answer {
  status: number;
  data?: any;
  errors?: { message: string; extensions?: Record<string, any> }[];
}

/** POSTs an operation to the server from `from` (a loopback address), with extra headers. */
function post(from: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/graphql", method: "POST", localAddress: from, headers: { "content-type": "application/json", ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ...JSON.parse(text) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken user { roles } } }`;
const code = (a: Answer) => a.errors?.[0]?.extensions?.code ?? "OK";

describe("§6.4 sign-in throttling (issue 8, failure 6)", () => {
  it("failure 6: 30 concurrent wrong passwords counted as one or two; now every one is counted or refused", async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => post("127.0.0.2", LOGIN, { e: "analyst@example.com", p: "wrong" })));
    const checked = answers.filter((a) => code(a) === "INVALID_CREDENTIALS").length;
    const refused = answers.filter((a) => code(a) === "RATE_LIMITED");
    expect(checked + refused.length).toBe(30);
    // Three free attempts, then a minute's wait: the rest were refused before any password check.
    expect(checked).toBe(SIGN_IN_THROTTLE.accountAndSource.free);
    expect(refused[0].status).toBe(429);
    expect(refused[0].errors?.[0].extensions?.retryAfter).toBeGreaterThan(0);
    // Every checked attempt is on the counter: none was lost to a concurrent one.
    // (The socket's address is IPv4-mapped when the server listens on IPv6 too.)
    const keys = ["::ffff:127.0.0.2", "127.0.0.2"].map((a) => throttleKeys("analyst@example.com", a).accountAndSource);
    const row = await t.app.db.prisma.signInThrottle.findFirstOrThrow({ where: { key: { in: keys } } });
    expect(row.failures).toBe(checked);
  });

  it("failure 6: the lockout locked the rightful user out; now the right password from another source still signs in", async () => {
    // 127.0.0.2 guessed the analyst's password above and waits; the analyst elsewhere does not.
    expect(code(await post("127.0.0.2", LOGIN, { e: "analyst@example.com", p: PASSWORD }))).toBe("RATE_LIMITED");
    const rightful = await post("127.0.0.3", LOGIN, { e: "analyst@example.com", p: PASSWORD });
    expect(rightful.errors).toBeUndefined();
    expect(rightful.data.login.user.roles).toEqual(["ANALYST"]);
  });

  it("failure 6: known and unknown emails were answered differently; now the same answers, throttled alike", async () => {
    const attempts = async (from: string, email: string) => {
      const codes: Answer[] = [];
      for (let i = 0; i < 6; i++) codes.push(await post(from, LOGIN, { e: email, p: "wrong" }));
      return codes.map((a) => ({ code: code(a), message: a.errors?.[0].message }));
    };
    const known = await attempts("127.0.0.4", "hr.head@example.com");
    const unknown = await attempts("127.0.0.5", "nobody@example.com");
    expect(unknown).toEqual(known);
    expect(known.map((a) => a.code)).toEqual(["INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "RATE_LIMITED", "RATE_LIMITED", "RATE_LIMITED"]);
    // The hr head was never locked out.
    expect(code(await post("127.0.0.6", LOGIN, { e: "hr.head@example.com", p: PASSWORD }))).toBe("OK");
  });

  it("throttles one source guessing across many accounts (password spraying)", async () => {
    const emails = Array.from({ length: SIGN_IN_THROTTLE.source.free + 1 }, (_, i) => `spray${i}@example.com`);
    const codes = [];
    for (const e of emails) codes.push(code(await post("127.0.0.7", LOGIN, { e, p: "wrong" })));
    expect(codes.slice(0, -1).every((c) => c === "INVALID_CREDENTIALS")).toBe(true);
    expect(codes.at(-1)).toBe("RATE_LIMITED");
  });

  it("forgets keys nobody has tried for longer than the rules remember", async () => {
    const now = new Date();
    await t.db.prisma.signInThrottle.createMany({
      data: [
        { key: "source:192.0.2.1", failures: 9, lastAttemptAt: new Date(now.getTime() - 25 * 3600_000) },
        { key: "source:192.0.2.2", failures: 9, lastAttemptAt: new Date(now.getTime() - 3600_000) },
      ],
    });
    await createSignInThrottle(t.db.prisma).prune(now);
    const left = await t.db.prisma.signInThrottle.findMany({ where: { key: { startsWith: "source:192.0.2." } } });
    expect(left.map((r) => r.key)).toEqual(["source:192.0.2.2"]);
  });
});

describe("§6.4 the client's address (issue 8, failure 6)", () => {
  it("failure 6: every anonymous client shared one rate-limit bucket and X-Forwarded-For was believed; now one address's flood locks out only itself", async () => {
    // 40 operations a minute per identity in this file; the flood forges a new X-Forwarded-For each time.
    const flood = [];
    for (let i = 0; i < 45; i++) flood.push(await post("127.0.0.8", `{ __typename }`, {}, { "x-forwarded-for": `198.51.100.${i}` }));
    expect(flood.some((a) => code(a) === "RATE_LIMITED")).toBe(true);
    const other = await post("127.0.0.9", LOGIN, { e: "management@example.com", p: PASSWORD });
    expect(code(other)).toBe("OK");
  });

  it("believes X-Forwarded-For only from a proxy TRUST_PROXY names", () => {
    // The request as Node's HTTP server hands it over: the peer's address and the headers.
    const via = (peer: string, xff: string) => ({ socket: { remoteAddress: peer }, headers: { "x-forwarded-for": xff } }) as never;
    expect(clientAddress(via("203.0.113.9", "198.51.100.1"), trustProxy(""))).toBe("203.0.113.9");
    expect(clientAddress(via("10.0.0.2", "198.51.100.1"), trustProxy("10.0.0.0/8"))).toBe("198.51.100.1");
    expect(clientAddress(via("203.0.113.9", "198.51.100.1"), trustProxy("10.0.0.0/8"))).toBe("203.0.113.9");
    expect(clientAddress(via("10.0.0.2", "198.51.100.1, 10.0.0.3"), trustProxy("1"))).toBe("10.0.0.3");
    expect(clientAddress(via("10.0.0.2", "198.51.100.1, 10.0.0.3"), trustProxy("loopback, 10.0.0.0/8"))).toBe("198.51.100.1");
    expect(() => trustProxy("not-an-address")).toThrow(/TRUST_PROXY/);
  });
});
