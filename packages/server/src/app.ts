import { createServer, type IncomingMessage, type Server } from "node:http";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import { useServer } from "graphql-ws/use/ws";
import sirv from "sirv";
import { WebSocketServer, type WebSocket } from "ws";
import { clientAddress, trustProxy } from "./app/client-address.js";
import { CLOSE, createCredentialWatch, endSubscriptionsWithCredential } from "./app/credential-watch.js";
import { GRAPHIQL_DEFAULT_QUERY } from "./app/graphiql.js";
import { inputGuard } from "./app/input-guard.js";
import {
  armorPlugins,
  bodyLimitRefusal,
  corsFromAllowList,
  introspectionForSignedIn,
  LIMITS,
  rateLimitPlugin,
  subscriptionCapRefusal,
  suggestionsForSignedIn,
  tokenLimitCode,
} from "./app/limits.js";
import type { Context, Viewer } from "./context.js";
import { type Database, openDatabase } from "./lib/db.js";
import { logger } from "./lib/logger.js";
import { maskError } from "./lib/masking.js";
import { REPO_ROOT } from "./lib/paths.js";
import { createEventBus, type PubSub } from "./lib/pubsub.js";
import { loadSigningSecret } from "./modules/access/secret.js";
import { shareReadRuleChanges } from "./modules/access/read-sync.js";
import { createAccessService } from "./modules/access/service.js";
import type { SignInThrottleRules } from "./modules/access/throttle.js";
import { publishMessages } from "./modules/alerting/publish.js";
import { startScheduler } from "./modules/alerting/scheduler.js";
import { startNotificationWorker } from "./modules/notification/start.js";
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
  start(port?: number): Promise<number>;
  stop(): Promise<void>;
}

/** Builds the API, the WebSocket endpoint, /health and the dashboard on one HTTP server. */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: known debt (issue 9 item 4): buildApp still wires context, transports and jobs in one place
export function buildApp(options: AppOptions = {}): App {
  const db = options.db ?? openDatabase();
  const pubsub = options.pubsub ?? createEventBus();
  const access = createAccessService(db.prisma, options.secret ?? loadSigningSecret(), {
    accessTokenSeconds: options.accessTokenSeconds,
    signInThrottle: options.signInThrottle,
  });
  const trust = trustProxy(options.trustProxy);
  // §6.4: a revoked session or token, or an expired access token, ends its live connections.
  const credentials = createCredentialWatch({ pubsub, access, recheckMs: options.credentialRecheckMs ?? 60_000 });

  const yoga = createYoga<Record<string, unknown>, Context>({
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
    context: async (initial): Promise<Context> => {
      const params = (initial as { connectionParams?: Record<string, unknown> }).connectionParams;
      const authorization = (params?.authorization ?? params?.Authorization ?? initial.request?.headers.get("authorization")) as string | undefined;
      const viewer = (initial as { viewer?: Viewer }).viewer ?? (await access.resolveViewer(authorization));
      const address = clientAddress((initial as { req?: IncomingMessage }).req, trust);
      return { ...initial, prisma: db.prisma, pubsub, viewer, access, clientAddress: address, limits: { complexity: LIMITS.complexity } } as Context;
    },
    plugins: [
      armorPlugins(),
      tokenLimitCode(),
      // Analysts keep GraphiQL's docs once signed in; anonymous callers get only `login`.
      introspectionForSignedIn(),
      suggestionsForSignedIn(async (authorization) => (await access.resolveViewer(authorization)).kind !== "anonymous"),
      rateLimitPlugin({ perMinute: options.ratePerMinute }),
      inputGuard(),
      endSubscriptionsWithCredential(credentials),
    ],
  });

  const clientDir = options.clientDir === undefined ? join(REPO_ROOT, "packages/client/dist") : options.clientDir;
  const serveClient = clientDir && existsSync(clientDir) ? sirv(clientDir, { single: true, etag: true, gzip: true }) : null;

  const server = createServer(async (req, res) => {
    const url = req.url ?? "/";
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

  // graphql-ws on the same path; the connection authenticates once in connectionParams.
  const wss = new WebSocketServer({ server, path: "/graphql", maxPayload: LIMITS.bodyBytes });
  const sockets = new Set<WebSocket>();
  useServer<Record<string, unknown>, { request: IncomingMessage; socket: WebSocket; viewer?: Viewer }>(
    {
      onConnect: async (ctx) => {
        const auth = (ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization) as string | undefined;
        const viewer = await access.resolveViewer(auth);
        if (viewer.kind === "anonymous") return false;
        ctx.extra.viewer = viewer;
        const socket = ctx.extra.socket;
        sockets.add(socket);
        // The whole socket closes: graphql-ws clients reconnect (with a fresh token) and resume.
        const unwatch = credentials.watch(viewer, (why) => socket.close(CLOSE[why].code, CLOSE[why].reason));
        socket.once("close", () => {
          sockets.delete(socket);
          unwatch();
        });
        return true;
      },
      execute: (args: unknown) => (args as { rootValue: { execute: (a: unknown) => unknown } }).rootValue.execute(args) as never,
      subscribe: (args: unknown) => (args as { rootValue: { subscribe: (a: unknown) => unknown } }).rootValue.subscribe(args) as never,
      onSubscribe: async (ctx, _id, payload) => {
        // §6.4: the subscription being opened is already among ctx.subscriptions.
        const capped = subscriptionCapRefusal(Object.keys(ctx.subscriptions).length);
        if (capped) return capped;
        const {
          schema: s,
          execute,
          subscribe,
          contextFactory,
          parse,
          validate,
        } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          connectionParams: ctx.connectionParams,
          viewer: ctx.extra.viewer,
        });
        const document = parse(payload.query);
        const errors = validate(s, document);
        if (errors.length > 0) return errors;
        return {
          schema: s,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
      },
    },
    wss,
  );

  // §4.2.4 / §5.3.2: missing data and lapsed acknowledgements, checked on a timer; the checks act
  // once even when several replicas run them.
  const checkIntervalMs = options.checkIntervalMs ?? Number(process.env.CHECK_INTERVAL_MS ?? 30_000);
  const scheduler =
    checkIntervalMs > 0
      ? startScheduler({
          prisma: db.prisma,
          intervalMs: checkIntervalMs,
          publish: (messages) => publishMessages(pubsub, messages),
          onError: (error) => logger.error({ err: error }, "scheduled check failed"),
        })
      : null;

  // §6.2.2: the notification outbox's sender.
  const notifications = startNotificationWorker({ prisma: db.prisma, pubsub, pollMs: options.deliveryPollMs, retryBaseMs: options.deliveryRetryBaseMs });

  // §6.4: a reclassification on any replica ends every replica's cached read sets.
  const stopSharingReadRules = shareReadRuleChanges(pubsub);

  return {
    yoga,
    db,
    pubsub,
    server,
    start(port = Number(process.env.PORT ?? 4000)) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, () => {
          const address = server.address();
          resolve(typeof address === "object" && address ? address.port : port);
        });
      });
    },
    async stop() {
      await scheduler?.stop();
      await notifications?.stop();
      await credentials.stop();
      await stopSharingReadRules();
      for (const socket of sockets) socket.close(1001, "Server shutting down");
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pubsub.close();
      if (!options.db) await db.close();
    },
  };
}
