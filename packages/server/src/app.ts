import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { createYoga, type Plugin, type YogaServerInstance } from "graphql-yoga";
import sirv from "sirv";
import { type AppCaches, createAppCaches } from "./app/caches.js";
import { trustProxy } from "./app/client-address.js";
import { complexityMemo } from "./app/complexity-memo.js";
import { type ContextParts, createContextFactory } from "./app/context.js";
import { createCredentialWatch, endSubscriptionsWithCredential } from "./app/credential-watch.js";
import { GRAPHIQL_DEFAULT_QUERY } from "./app/graphiql.js";
import { inputGuard } from "./app/input-guard.js";
import { createLiveQueries } from "./app/live-queries.js";
import { startBackgroundJobs } from "./app/jobs.js";
import { liveGroupCounts } from "./app/live-groups.js";
import { type AppMetrics, createMetrics } from "./app/metrics.js";
import { armorPlugins, bodyLimitRefusal, corsFromAllowList, introspectionForSignedIn, rateLimitPlugin, suggestionsForSignedIn, tokenLimitCode } from "./app/limits.js";
import { createOidcRoutes } from "./app/oidc.js";
import { createReportRoutes } from "./app/reports.js";
import { validationCache } from "./app/validation-cache.js";
import { attachGraphqlWs } from "./app/websocket.js";
import type { Context } from "./context.js";
import { type Database, openDatabase } from "./lib/db.js";
import { logger } from "./lib/logger.js";
import { maskError } from "./lib/masking.js";
import { REPO_ROOT } from "./lib/paths.js";
import { createEventBus, type PubSub } from "./lib/pubsub.js";
import { plannedResponses } from "./plan/response.js";
import { directIngestPlugin } from "./modules/alerting/ingest-direct.js";
import { loadSigningSecret } from "./modules/access/secret.js";
import { createAccessService } from "./modules/access/service.js";
import type { SignInThrottleRules } from "./modules/access/throttle.js";
import { oidcSettings } from "./modules/people/oidc-config.js";
import { schema } from "./schema/index.js";

export interface AppOptions {
  /** The database; default: the one the environment names. */
  db?: Database;
  /** The event bus; default: Redis when REDIS_URL is set, else in-process. */
  pubsub?: PubSub;
  /** The access-token signing key; default: JWT_SECRET or the key kept under DATA_DIR. */
  secret?: Uint8Array;
  /** The built dashboard to serve; null to serve none. Default: packages/client/dist if built. */
  clientDir?: string | null;
  /** Operations per identity per minute. */
  ratePerMinute?: number;
  /** Run the missing-data and acknowledgement-expiry checks every this many ms; 0 to not run them. */
  checkIntervalMs?: number;
  /** Access-token lifetime in seconds; default ACCESS_TOKEN_TTL or 15 minutes. */
  accessTokenSeconds?: number;
  /** Which proxies' `X-Forwarded-For` to believe (see `trustProxy`); default TRUST_PROXY. */
  trustProxy?: string;
  /** Sign-in throttling rules; default SIGN_IN_THROTTLE. */
  signInThrottle?: SignInThrottleRules;
  /** Re-check the credentials of live connections every this many ms; 0 not to. Default 60 s. */
  credentialRecheckMs?: number;
  /** Where people reach the dashboard (mail links, the OpenID Connect callback); default PUBLIC_URL or the listening address. */
  publicUrl?: string;
  /** Look for notifications to send every this many ms (DELIVERY_POLL_MS, default 1000); 0 to send none. */
  deliveryPollMs?: number;
  /** First retry of a failed notification after this many ms, doubling (DELIVERY_RETRY_BASE_MS, default 2000). */
  deliveryRetryBaseMs?: number;
}

export interface App {
  yoga: YogaServerInstance<Record<string, unknown>, Context>;
  db: Database;
  pubsub: PubSub;
  server: Server;
  /** This instance's caches (read sets, write generation): never shared with another app. */
  caches: AppCaches;
  /** This instance's Prometheus metrics, served at /metrics (app/metrics.ts). */
  metrics: AppMetrics;
  start(port?: number): Promise<number>;
  stop(): Promise<void>;
}

type Yoga = YogaServerInstance<Record<string, unknown>, Context>;

/** Builds the API, the WebSocket endpoint, /health and the dashboard on one HTTP server. */
export function buildApp(options: AppOptions = {}): App {
  const db = options.db ?? openDatabase();
  const trust = trustProxy(options.trustProxy);
  const metrics = createMetrics({ prisma: db.prisma, trust, subscriberGroups: () => liveGroupCounts(caches).groups });
  const pubsub = metrics.countPublished(options.pubsub ?? createEventBus());
  const secret = options.secret ?? loadSigningSecret();
  const access = createAccessService(db.prisma, secret, {
    accessTokenSeconds: options.accessTokenSeconds,
    signInThrottle: options.signInThrottle,
  });
  const caches = createAppCaches(db.prisma, db.read);
  // §6.4: a revoked session or token, or an expired access token, ends its live connections.
  const credentials = createCredentialWatch({ pubsub, access, recheckMs: options.credentialRecheckMs ?? 60_000 });
  // Issue 14 item 5: `query … @live`, re-sent when the bus says what it read changed.
  const live = createLiveQueries(pubsub);
  const yoga = createApi({ prisma: db.prisma, pubsub, access, caches, trust }, credentials, options.ratePerMinute, live.plugin);
  // Single sign-on when OIDC_ISSUER is set (read at build time, as the sign-in page's query does).
  const oidc = oidcSettings();
  let listeningPort = 0;
  const publicUrl = () => options.publicUrl ?? process.env.PUBLIC_URL ?? `http://127.0.0.1:${listeningPort}`;
  const oidcRoutes = oidc ? createOidcRoutes({ settings: oidc, prisma: db.prisma, access, pubsub, secret, publicUrl }) : null;
  const reportRoutes = createReportRoutes({ prisma: db.prisma, access });
  const server = createHttpServer(db, yoga, options.clientDir === undefined ? join(REPO_ROOT, "packages/client/dist") : options.clientDir, { oidcRoutes, reportRoutes, metrics });
  const closeWs = attachGraphqlWs({ server, yoga, access, credentials, metrics });
  const stopJobs = startBackgroundJobs({
    prisma: db.prisma,
    pubsub,
    caches,
    deliveryPollMs: options.deliveryPollMs,
    deliveryRetryBaseMs: options.deliveryRetryBaseMs,
    checkIntervalMs: options.checkIntervalMs ?? Number(process.env.CHECK_INTERVAL_MS ?? 30_000),
  });

  return {
    yoga,
    db,
    pubsub,
    server,
    caches,
    metrics,
    start(port = Number(process.env.PORT ?? 4000)) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, () => {
          const address = server.address();
          listeningPort = typeof address === "object" && address ? address.port : port;
          resolve(listeningPort);
        });
      });
    },
    async stop() {
      await stopJobs();
      await credentials.stop();
      await live.stop();
      closeWs();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pubsub.close();
      if (!options.db) await db.close();
    },
  };
}

/** The GraphQL API (yoga) with its context, error masking and the §6.4 limits. */
function createApi(parts: ContextParts, credentials: ReturnType<typeof createCredentialWatch>, ratePerMinute: number | undefined, livePlugin: Plugin): Yoga {
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    landingPage: false,
    // §6.4: only the configured origins (CORS_ORIGINS) get CORS headers; never any Origin reflected.
    cors: corsFromAllowList(),
    // Unexpected errors are logged once, by the mask below.
    logging: { debug: () => {}, info: () => {}, warn: (...a) => logger.warn(a), error: () => {} },
    graphiql: { title: "Control Room API", defaultQuery: GRAPHIQL_DEFAULT_QUERY, subscriptionsProtocol: "WS" },
    // GraphiQL from the package itself, not from a CDN: it works on a closed network.
    renderGraphiQL,
    maskedErrors: {
      maskError: (error, message) => {
        const result = maskError(error, message);
        if (result.masked) logger.error({ err: error }, "unexpected error in an operation");
        return result.error;
      },
    },
    context: createContextFactory(parts),
    // §6.4's body limit is enforced by the HTTP server before yoga sees the request (bodyLimitRefusal:
    // a Content-Length over the limit is refused, a body without one is refused; node's parser reads
    // no more than the Content-Length, and yoga decodes no Content-Encoding). Yoga's own limit would
    // pipe every body through a TransformStream to count it again: 7 % of the CPU on the simple list (issue 13).
    maxRequestBodySize: false,
    // Parsed documents are still kept by yoga; validation results by validationCache (last below).
    parserAndValidationCache: { validationCache: false },
    plugins: [
      armorPlugins(),
      tokenLimitCode(),
      // Analysts keep GraphiQL's docs once signed in; anonymous callers get only `login`.
      introspectionForSignedIn(),
      suggestionsForSignedIn(async (authorization) => (await parts.access.resolveViewer(authorization)).kind !== "anonymous"),
      rateLimitPlugin({ perMinute: ratePerMinute }),
      inputGuard(),
      complexityMemo(),
      endSubscriptionsWithCredential(credentials),
      livePlugin,
      validationCache(),
      // Last: after every other plugin's onExecute (plan/response.ts, modules/alerting/ingest-direct.ts).
      plannedResponses(),
      directIngestPlugin(),
    ],
  });
}

/** /health, /metrics, /reports, /graphql (body limit first) and the built dashboard, on one HTTP server. */
function createHttpServer(
  db: Database,
  yoga: Yoga,
  clientDir: string | null,
  routes: { oidcRoutes: ReturnType<typeof createOidcRoutes> | null; reportRoutes: ReturnType<typeof createReportRoutes>; metrics: AppMetrics },
): Server {
  const { oidcRoutes, reportRoutes, metrics } = routes;
  const serveClient = clientDir && existsSync(clientDir) ? sirv(clientDir, { single: true, etag: true, gzip: true }) : null;
  return createServer(async (req, res) => {
    const url = req.url ?? "/";
    metrics.timeRequest(req, res);
    if (url === "/metrics" || url.startsWith("/metrics?")) return metrics.handle(req, res);
    if (oidcRoutes && url.startsWith("/auth/oidc/") && oidcRoutes(req, res)) return;
    if (reportRoutes(req, res)) return;
    if (url === "/health" || url.startsWith("/health?")) {
      try {
        await db.prisma.$queryRaw`SELECT 1`;
        res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify({ status: "ok", database: db.target.kind }));
      } catch {
        res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ status: "unavailable", database: db.target.kind }));
      }
      return;
    }
    if (url.startsWith("/graphql")) {
      // §6.4: a body over the limit is refused before it is read, let alone parsed.
      const refused = bodyLimitRefusal(req.method, req.headers);
      if (refused) {
        res.writeHead(refused.status, { "content-type": "application/json", connection: "close" }).end(refused.body);
        req.resume();
        return;
      }
      return yoga.handle(req, res);
    }
    if (serveClient)
      return serveClient(req, res, () => {
        res.writeHead(404).end("Not found");
      });
    res.writeHead(404, { "content-type": "text/plain" }).end("Not found. The API is at /graphql.");
  });
}
