import type { IncomingMessage, Server } from "node:http";
import type { YogaServerInstance } from "graphql-yoga";
import { useServer } from "graphql-ws/use/ws";
import { type WebSocket, WebSocketServer } from "ws";
import type { Context, Viewer } from "../context.js";
import type { AccessService } from "../modules/access/service.js";
import { CLOSE, type CredentialWatch } from "./credential-watch.js";
import { LIMITS, subscriptionCapRefusal } from "./limits.js";
import { bindLiveDelivery } from "./live-groups.js";
import type { AppMetrics } from "./metrics.js";

type Extra = { request: IncomingMessage; socket: WebSocket; viewer?: Viewer };

/**
 * graphql-ws on the HTTP server's /graphql path; the connection authenticates once in
 * connectionParams, and ends when its credential does (§6.4). Returns the function that closes
 * every socket and the endpoint.
 */
export function attachGraphqlWs(options: {
  server: Server;
  yoga: YogaServerInstance<Record<string, unknown>, Context>;
  access: AccessService;
  credentials: CredentialWatch;
  metrics?: AppMetrics;
}): () => void {
  const { server, yoga, access, credentials } = options;
  const wss = new WebSocketServer({ server, path: "/graphql", maxPayload: LIMITS.bodyBytes });
  const sockets = new Set<WebSocket>();
  useServer<Record<string, unknown>, Extra>(
    {
      onConnect: async (ctx) => {
        const auth = (ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization) as string | undefined;
        const viewer = await access.resolveViewer(auth);
        if (viewer.kind === "anonymous") return false;
        ctx.extra.viewer = viewer;
        const socket = ctx.extra.socket;
        sockets.add(socket);
        options.metrics?.trackConnection(ctx);
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
      onSubscribe: async (ctx, id, payload) => {
        // §6.4: the subscription being opened is already among ctx.subscriptions.
        const capped = subscriptionCapRefusal(Object.keys(ctx.subscriptions).length);
        if (capped) return capped;
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          connectionParams: ctx.connectionParams,
          viewer: ctx.extra.viewer,
        });
        const document = parse(payload.query);
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        const contextValue = await contextFactory();
        // Execute once, write many: a field that supports it delivers live events through a group (live-groups.ts).
        bindLiveDelivery(contextValue, {
          socket: ctx.extra.socket,
          stream: ctx.extra.request.socket,
          id,
          query: payload.query,
          operationName: payload.operationName,
          variables: payload.variables,
          document,
          schema,
        });
        return { schema, operationName: payload.operationName, document, variableValues: payload.variables, contextValue, rootValue: { execute, subscribe } };
      },
    },
    wss,
  );
  return () => {
    for (const socket of sockets) socket.close(1001, "Server shutting down");
    wss.close();
  };
}
