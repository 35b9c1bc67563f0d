import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { PrismaClient } from "../lib/db.js";
import type { PubSub } from "../lib/pubsub.js";
import { clientAddress, type TrustProxy } from "./client-address.js";

/**
 * `/metrics` in Prometheus's text format (prom-client), one registry per app (two apps in one
 * process share nothing). What a monitoring room's operators watch (docs/operations.md, "Metrics"):
 * - readings ingested and alert events published by this process (counters; sum over replicas);
 * - open alerts by level and the notification outbox's backlog (gauges read from the database at
 *   each scrape: the same on every replica);
 * - live subscriptions on this process, and subscriber groups (set by whoever groups them);
 * - the event loop's lag, heap, GC (prom-client's default process metrics);
 * - HTTP request durations by route and status.
 * Only the loopback address may read it, or a caller with `Authorization: Bearer $METRICS_TOKEN`.
 */
export interface AppMetrics {
  registry: Registry;
  /** The bus, counting what this process publishes (readings, alert events by level). */
  countPublished(bus: PubSub): PubSub;
  /** Counts a graphql-ws connection's subscriptions while its socket is open. */
  trackConnection(ctx: { subscriptions: Record<string, unknown>; extra: { socket: { once(event: "close", listener: () => void): unknown } } }): void;
  /** Times one HTTP request (call at its start; it records when the response finishes). */
  timeRequest(req: IncomingMessage, res: ServerResponse): void;
  /** Answers `/metrics` (refusing callers that are neither on loopback nor hold the token). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function createMetrics(options: { prisma: PrismaClient; trust: TrustProxy; token?: string; subscriberGroups?: () => number }): AppMetrics {
  const { prisma, trust } = options;
  const token = options.token ?? process.env.METRICS_TOKEN ?? "";
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const readings = new Counter({ name: "controlroom_readings_ingested_total", help: "Readings stored and published by this process.", registers: [registry] });
  const events = new Counter({
    name: "controlroom_alert_events_total",
    help: "Alert events (fired, escalated, resolved, …) published by this process, by level.",
    labelNames: ["level"],
    registers: [registry],
  });
  const connections = new Set<{ subscriptions: Record<string, unknown> }>();
  new Gauge({
    name: "controlroom_subscriptions",
    help: "Live GraphQL subscriptions on this process (graphql-ws).",
    registers: [registry],
    collect() {
      let n = 0;
      for (const c of connections) n += Object.keys(c.subscriptions).length;
      this.set(n);
    },
  });
  new Gauge({
    name: "controlroom_websocket_connections",
    help: "Open graphql-ws connections on this process.",
    registers: [registry],
    collect() {
      this.set(connections.size);
    },
  });
  new Gauge({
    name: "controlroom_subscriber_groups",
    help: "Subscriber groups on this process: subscriptions executed once per event and group.",
    registers: [registry],
    collect() {
      if (options.subscriberGroups) this.set(options.subscriberGroups());
    },
  });
  databaseGauges(registry, prisma);
  const duration = new Histogram({
    name: "controlroom_http_request_duration_seconds",
    help: "HTTP request durations, by route and status.",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  return {
    registry,
    countPublished(bus) {
      const publish: PubSub["publish"] = (topic, ...args) => {
        if (topic === "readings") readings.inc((args[0] as unknown[]).length);
        else if (topic === "alertEvent") events.inc({ level: (args[0] as { level?: string })?.level ?? "UNKNOWN" });
        return bus.publish(topic, ...args);
      };
      return { ...bus, publish };
    },
    trackConnection(ctx) {
      connections.add(ctx);
      ctx.extra.socket.once("close", () => connections.delete(ctx));
    },
    timeRequest(req, res) {
      const end = duration.startTimer({ method: req.method ?? "GET", route: routeOf(req.url ?? "/") });
      res.once("finish", () => end({ status: String(res.statusCode) }));
    },
    async handle(req, res) {
      if (!allowed(req, trust, token)) {
        res.writeHead(403, { "content-type": "text/plain" }).end("Metrics are served to the loopback address, or with Authorization: Bearer <METRICS_TOKEN>.\n");
        return;
      }
      res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" }).end(await registry.metrics());
    },
  };
}

/** Open alerts by level and the outbox's backlog, read at each scrape (the database is shared, so every replica says the same). */
function databaseGauges(registry: Registry, prisma: PrismaClient) {
  new Gauge({
    name: "controlroom_open_alerts",
    help: "Alerts not resolved, by level.",
    labelNames: ["level"],
    registers: [registry],
    async collect() {
      this.reset();
      this.set({ level: "WARNING" }, 0);
      this.set({ level: "CRITICAL" }, 0);
      const rows = await prisma.alert.groupBy({ by: ["level"], where: { resolvedAt: null }, _count: { _all: true } }).catch(() => []);
      for (const r of rows) this.set({ level: r.level }, r._count._all);
    },
  });
  new Gauge({
    name: "controlroom_notification_backlog",
    help: "Notifications waiting to be sent (the outbox: PENDING or SENDING).",
    registers: [registry],
    async collect() {
      const n = await prisma.notificationDelivery.count({ where: { status: { in: ["PENDING", "SENDING"] } } }).catch(() => Number.NaN);
      this.set(n);
    },
  });
}

/** A route label with few values: never the query string or an id. */
function routeOf(url: string): string {
  const path = url.split("?")[0];
  for (const known of ["/graphql", "/health", "/metrics", "/auth/oidc/"]) if (path === known || (known.endsWith("/") && path.startsWith(known))) return known;
  return path.startsWith("/reports/") ? "/reports/" : "other";
}

function allowed(req: IncomingMessage, trust: TrustProxy, token: string): boolean {
  const header = req.headers.authorization ?? "";
  if (token && header.startsWith("Bearer ")) {
    const given = Buffer.from(header.slice(7));
    const wanted = Buffer.from(token);
    if (given.length === wanted.length && timingSafeEqual(given, wanted)) return true;
  }
  return LOOPBACK.test(clientAddress(req, trust) ?? "");
}
