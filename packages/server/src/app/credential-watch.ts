import { GraphQLError, type ExecutionResult } from "graphql";
import { Repeater, type Plugin } from "graphql-yoga";
import type { Context, Viewer } from "../context.js";
import { logger } from "../lib/logger.js";
import type { PubSub } from "../lib/pubsub.js";
import type { AccessService } from "../modules/access/service.js";
import { marksLive } from "./live-queries.js";

/** Why a live connection's credential ended. */
export type CredentialEnd = "revoked" | "expired";

/** How a WebSocket closes when its credential ends. */
export const CLOSE = {
  revoked: { code: 4403, reason: "Forbidden: credential revoked" },
  expired: { code: 4401, reason: "Unauthorized: access token expired" },
} as const;

export interface CredentialWatch {
  /**
   * Calls `onEnd` once when the viewer's credential ends: its session or token is revoked (the
   * `credentialRevoked` event, or a periodic re-check), or its access token expires. Returns a
   * function that stops watching.
   */
  watch(viewer: Viewer, onEnd: (why: CredentialEnd) => void): () => void;
  stop(): Promise<void>;
}

interface Watcher {
  viewer: Viewer;
  end(why: CredentialEnd): void;
}

const matches = (viewer: Viewer, r: { sessionId?: string; tokenId?: string; userId?: string }) =>
  (viewer.kind === "user" && (viewer.sessionId === r.sessionId || viewer.user.id === r.userId)) || (viewer.kind === "token" && viewer.token.id === r.tokenId);

// setTimeout's longest delay; a later expiry is re-armed when this one fires.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * §6.4: one watch over every long-lived connection (WebSockets and SSE subscriptions), so that a
 * credential which ends, ends them all, on every replica.
 */
export function createCredentialWatch(options: { pubsub: PubSub; access: AccessService; recheckMs: number }): CredentialWatch {
  const watchers = new Set<Watcher>();

  const revoked = options.pubsub.subscribe("credentialRevoked");
  void (async () => {
    for await (const r of revoked) for (const w of [...watchers]) if (matches(w.viewer, r)) w.end("revoked");
  })();

  // A DISPLAY token's wall runs for weeks: re-check every credential now and then, in case a
  // revocation's event never reached this process (or a user was disabled in the database).
  const recheck =
    options.recheckMs > 0
      ? setInterval(async () => {
          const list = [...watchers];
          if (list.length === 0) return;
          try {
            const valid = await options.access.stillValid(list.map((w) => w.viewer));
            list.forEach((w, i) => {
              if (!valid[i]) w.end("revoked");
            });
          } catch (error) {
            logger.warn({ err: error }, "re-checking live connections' credentials failed");
          }
        }, options.recheckMs)
      : null;
  recheck?.unref();

  return {
    watch(viewer, onEnd) {
      if (viewer.kind === "anonymous") return () => {};
      let timer: ReturnType<typeof setTimeout> | undefined;
      const w: Watcher = {
        viewer,
        end(why) {
          if (!watchers.delete(w)) return;
          clearTimeout(timer);
          onEnd(why);
        },
      };
      watchers.add(w);
      const expiresAt = viewer.kind === "user" ? viewer.expiresAt : undefined;
      const arm = () => {
        if (!expiresAt) return;
        const ms = expiresAt.getTime() - Date.now();
        if (ms <= 0) return w.end("expired");
        timer = setTimeout(arm, Math.min(ms, MAX_TIMER_MS));
        timer.unref();
      };
      arm();
      return () => {
        watchers.delete(w);
        clearTimeout(timer);
      };
    },
    async stop() {
      if (recheck) clearInterval(recheck);
      await revoked.return?.(undefined);
      watchers.clear();
    },
  };
}

/**
 * Ends a subscription or a live query (`@live`, re-sent by `@envelop/live-query`) over HTTP (SSE)
 * when its credential ends: a last result with an UNAUTHENTICATED error saying why, then the
 * stream completes. Over a WebSocket the whole socket closes instead (4401 / 4403), so that the
 * client reconnects with a fresh token and resumes every operation; such operations carry the
 * socket in their context and are left alone here.
 */
export function endSubscriptionsWithCredential(watch: CredentialWatch): Plugin<Context> {
  const endStream = (contextValue: unknown) => {
    const ctx = contextValue as Context & { socket?: unknown };
    if (ctx.socket) return;
    return ({ result, setResult }: { result: unknown; setResult(next: AsyncIterableIterator<ExecutionResult>): void }) => {
      if (isAsyncIterable<ExecutionResult>(result)) setResult(until(result, ctx.viewer, watch));
    };
  };
  return {
    onSubscribe({ args }) {
      const end = endStream(args.contextValue);
      return end && { onSubscribeResult: end };
    },
    // A live query is a query whose execution yields a stream (re-executed on invalidation); any
    // other query's result is one value, so no hook is added to it (issue 13: per request).
    onExecute({ args }) {
      if (!marksLive(args.document, args.operationName)) return;
      const end = endStream(args.contextValue);
      return end && { onExecuteDone: end };
    },
  };
}

function isAsyncIterable<T>(value: unknown): value is AsyncIterable<T> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

function until(source: AsyncIterable<ExecutionResult>, viewer: Viewer, watch: CredentialWatch): AsyncIterableIterator<ExecutionResult> {
  return new Repeater<ExecutionResult>(async (push, stop) => {
    const it = source[Symbol.asyncIterator]();
    const unwatch = watch.watch(viewer, (why) => {
      const message = why === "expired" ? "Your access token expired: subscribe again with a new one." : "Your session or token was revoked.";
      void push({ errors: [new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", reason: why } })] });
      stop();
    });
    // The source may be an async generator waiting for its next event: its return() takes effect
    // only then, so it is not awaited.
    void stop.then(() => {
      unwatch();
      void Promise.resolve(it.return?.()).catch(() => {});
    });
    try {
      for (;;) {
        const next = await Promise.race([it.next(), stop.then(() => null)]);
        if (!next || next.done) break;
        await push(next.value);
      }
    } catch (error) {
      stop(error);
      return;
    }
    stop();
  });
}
