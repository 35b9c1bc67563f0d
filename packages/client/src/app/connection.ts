import { createClient, type Client as WsClient } from "graphql-ws";
import { useSyncExternalStore } from "react";

/**
 * The live (graphql-ws) connection of a screen: one WebSocket that reconnects by itself with
 * backoff for as long as the page lives, detects a dead network with ping/pong, and exposes
 * its state so every panel can say whether what it shows is live.
 */

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "denied";

export interface ConnectionState {
  status: ConnectionStatus;
  /** When the current status began (epoch ms). */
  since: number;
  /** Retries since the last successful connection. */
  attempt: number;
  /** Successful connections so far; it goes up on every reconnect. */
  generation: number;
  /** Close code of the last drop, if any. */
  lastCloseCode: number | null;
}

export interface LiveConnection {
  ws: WsClient;
  getState(): ConnectionState;
  subscribe(listener: () => void): () => void;
  dispose(): void;
}

/** Backoff before reconnect attempt `n` (0-based): 0.5 s doubling to 15 s, with jitter. */
export function retryDelayMs(n: number, random: () => number = Math.random): number {
  const base = Math.min(15_000, 500 * 2 ** Math.min(n, 10));
  return Math.round(base * (0.6 + 0.4 * random()));
}

const PING_EVERY_MS = 10_000;
const PONG_TIMEOUT_MS = 5_000;
const DENIED_CODES = new Set([4401, 4403]);

/**
 * The server closes a socket when the access token it signed in with expires (4401 "… access
 * token expired"). The session has renewed its token a minute earlier, so this is an ordinary
 * reconnect with the new token, not a denial (see TOKEN_RENEW_CLOSE).
 */
export function tokenExpired(event: unknown): boolean {
  const e = event as { code?: number; reason?: string } | undefined;
  return e?.code === 4401 && /expired/i.test(e.reason ?? "");
}

/**
 * What graphql-ws is told instead when the server closed the socket because its access token
 * expired. graphql-ws counts 4401 among the closes it never retries (it throws before
 * `shouldRetry` is asked), so a signed-in page's live connection used to end for good when the
 * token it connected with expired, 15 minutes after sign-in: every chart stopped, every panel
 * went stale (the dashboard soak, docs/bench/dashboard.md §4). 4205 (graphql-ws's own recipe for a
 * client restart) is retried like a dropped network: the client reconnects with the session's
 * renewed token and resubscribes.
 */
export const TOKEN_RENEW_CLOSE = 4205;

/**
 * The page's WebSocket, except that the server's "access token expired" close reaches graphql-ws
 * (which sets `onclose`, called after the listeners) as TOKEN_RENEW_CLOSE.
 */
export function renewingWebSocket(Base: typeof WebSocket = WebSocket): typeof WebSocket {
  return class RenewingWebSocket extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener("close", (event) => {
        if (!tokenExpired(event)) return;
        event.stopImmediatePropagation();
        this.dispatchEvent(new CloseEvent("close", { code: TOKEN_RENEW_CLOSE, reason: event.reason, wasClean: event.wasClean }));
      });
    }
  };
}

/** Opens the live connection to `/graphql` on this origin with the given bearer token. */
export function createLiveConnection(getToken: () => string | null, options: { url?: string } = {}): LiveConnection {
  let state: ConnectionState = { status: "connecting", since: Date.now(), attempt: 0, generation: 0, lastCloseCode: null };
  const listeners = new Set<() => void>();
  const set = (patch: Partial<ConnectionState>) => {
    const next = { ...state, ...patch };
    if (patch.status && patch.status !== state.status) next.since = Date.now();
    state = next;
    for (const l of listeners) l();
  };

  let socket: WebSocket | null = null;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  const url = options.url ?? `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`;

  const ws = createClient({
    url,
    webSocketImpl: renewingWebSocket(),
    lazy: false,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: (n) => new Promise((resolve) => setTimeout(resolve, retryDelayMs(n))),
    keepAlive: PING_EVERY_MS,
    onNonLazyError: () => set({ status: "denied" }),
    connectionParams: () => {
      const token = getToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    on: {
      connecting: (isRetry) =>
        set(
          isRetry
            ? { status: state.status === "denied" ? "denied" : "reconnecting", attempt: state.attempt + 1 }
            : { status: state.status === "connected" ? "reconnecting" : state.status },
        ),
      connected: (s) => {
        socket = s as WebSocket;
        set({ status: "connected", attempt: 0, generation: state.generation + 1 });
      },
      closed: (event) => {
        socket = null;
        clearTimeout(pongTimer);
        const code = (event as CloseEvent | undefined)?.code ?? null;
        set({ status: code !== null && DENIED_CODES.has(code) ? "denied" : "reconnecting", lastCloseCode: code });
      },
      // A network that dies without closing the socket shows up as a missing pong.
      ping: (received) => {
        if (received) return;
        clearTimeout(pongTimer);
        pongTimer = setTimeout(() => {
          if (socket?.readyState === WebSocket.OPEN) socket.close(4408, "Pong timeout");
        }, PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
    },
  });

  return {
    ws,
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      clearTimeout(pongTimer);
      void ws.dispose();
    },
  };
}

/** The connection's state; re-renders on every change. */
export function useConnectionState(conn: LiveConnection): ConnectionState {
  return useSyncExternalStore(conn.subscribe, conn.getState, conn.getState);
}
