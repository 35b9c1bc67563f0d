import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createTestApp, type TestApp } from "../helpers/app.js";

/**
 * Issue 13, item 6: `/metrics` in Prometheus's text format. Pins: each figure an operator
 * watches is there and moves with what happened (readings ingested, alert events, open alerts by
 * level, live subscriptions, subscriber groups, event-loop lag, notification backlog, request
 * durations); and §6.4, nobody off the machine reads it without the METRICS_TOKEN.
 */
const TOKEN = "metrics-test-token-0123456789";
let t: TestApp;
let port: number;
let office: string;
let indicator: string;

beforeAll(async () => {
  process.env.METRICS_TOKEN = TOKEN;
  // Behind a proxy on loopback: X-Forwarded-For names the real caller.
  t = await createTestApp({ readingsDays: 1, trustProxy: "loopback" });
  delete process.env.METRICS_TOKEN;
  port = await t.app.start(0);
  office = await t.login("office@example.com");
  const p = await t.gql(`{ process(code: "P-ADM") { id } }`, {}, office);
  const created = await t.gql(
    `mutation($p: ID!) { createIndicator(input: { processId: $p, code: "METRICS-1", name: "Metrics", unit: "%", kind: EFFICIENCY, direction: LOWER_IS_BETTER, target: 60 }) { id } }`,
    { p: p.data.process.id },
    office,
  );
  indicator = created.data.createIndicator.id;
  await t.gql(
    `mutation($i: ID!) { createThresholdRule(input: { indicatorId: $i, kind: THRESHOLD, level: WARNING, comparator: ABOVE, value: 90, clearValue: 80 }) { id } }`,
    { i: indicator },
    office,
  );
});
afterAll(() => t?.close());

async function scrape(headers: Record<string, string> = {}) {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers });
  return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
}

/** The value of one sample (`name{labels} value`), or undefined when it is not there. */
function sample(text: string, name: string, labels = ""): number | undefined {
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const [series, value] = line.split(" ");
    if (series === (labels ? `${name}{${labels}}` : name)) return Number(value);
  }
  return undefined;
}

describe("/metrics (issue 13, item 6)", () => {
  it("serves every figure in Prometheus's format, and each moves with what happened", async () => {
    const before = await scrape();
    expect(before.status).toBe(200);
    expect(before.type).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of ["nodejs_eventloop_lag_seconds", "controlroom_notification_backlog", "controlroom_subscriber_groups"]) {
      expect(before.text, name).toMatch(new RegExp(`^${name}`, "m"));
    }
    const readingsBefore = sample(before.text, "controlroom_readings_ingested_total") ?? 0;
    const warningsBefore = sample(before.text, "controlroom_alert_events_total", 'level="WARNING"') ?? 0;

    // A live subscription on this process is counted while it is open.
    const ws = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${office}` }, retryAttempts: 0 });
    const received: unknown[] = [];
    const dispose = ws.subscribe({ query: `subscription { alertEvents { id } }` }, { next: (m) => received.push(m), error: () => {}, complete: () => {} });
    for (let i = 0; i < 100 && sample((await scrape()).text, "controlroom_subscriptions") !== 1; i++) await new Promise((r) => setTimeout(r, 50));
    expect(sample((await scrape()).text, "controlroom_subscriptions")).toBe(1);

    // Three readings, one of them a breach: three ingested, one WARNING event, one open WARNING alert.
    const r = await t.gql(
      `mutation($i: ID!) { recordReadings(input: { readings: [{ indicatorId: $i, value: 50 }, { indicatorId: $i, value: 60 }, { indicatorId: $i, value: 95 }] }) { accepted alertEvents } }`,
      { i: indicator },
      office,
    );
    expect(r.data.recordReadings).toEqual({ accepted: 3, alertEvents: 1 });
    const after = (await scrape()).text;
    expect(sample(after, "controlroom_readings_ingested_total")).toBe(readingsBefore + 3);
    expect(sample(after, "controlroom_alert_events_total", 'level="WARNING"')).toBe(warningsBefore + 1);
    const open = await t.db.prisma.alert.groupBy({ by: ["level"], where: { resolvedAt: null }, _count: { _all: true } });
    for (const level of ["WARNING", "CRITICAL"]) {
      expect(sample(after, "controlroom_open_alerts", `level="${level}"`), level).toBe(open.find((o) => o.level === level)?._count._all ?? 0);
    }
    expect(sample(after, "controlroom_http_request_duration_seconds_count", 'method="GET",route="/metrics",status="200"')).toBeGreaterThan(0);

    // The one open graphql-ws subscription is one subscriber group (app/live-groups.ts).
    expect(sample((await scrape()).text, "controlroom_subscriber_groups")).toBe(1);

    dispose();
    await ws.dispose();
    for (let i = 0; i < 100 && sample((await scrape()).text, "controlroom_subscriptions") !== 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(sample((await scrape()).text, "controlroom_subscriptions")).toBe(0);
    expect(sample((await scrape()).text, "controlroom_subscriber_groups")).toBe(0);
  });

  it("§6.4 refuses a caller off the machine without the token (403), and serves one with `Authorization: Bearer $METRICS_TOKEN`", async () => {
    const remote = { "x-forwarded-for": "203.0.113.9" };
    const refused = await scrape(remote);
    expect(refused.status).toBe(403);
    expect(refused.text).not.toMatch(/controlroom_/);
    expect((await scrape({ ...remote, authorization: "Bearer wrong-token-0123456789abc" })).status).toBe(403);
    const served = await scrape({ ...remote, authorization: `Bearer ${TOKEN}` });
    expect(served.status).toBe(200);
    expect(served.text).toMatch(/^controlroom_readings_ingested_total/m);
  });
});
