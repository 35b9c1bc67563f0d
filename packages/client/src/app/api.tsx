import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { cacheExchange, Client, fetchExchange, Provider, subscriptionExchange } from "urql";
import { createLiveConnection, type LiveConnection } from "./connection";

export interface Api {
  client: Client;
  live: LiveConnection;
  /** The bearer token the screen uses right now. */
  getToken(): string | null;
}

const ApiContext = createContext<Api | null>(null);

/**
 * An urql client (HTTP for queries and mutations, graphql-ws for subscriptions) on one token
 * source. `cache: false` (the wall) keeps no document cache: a screen that runs for weeks
 * with sliding time windows would otherwise keep every answer it ever got.
 */
export function createApi(getToken: () => string | null, options: { cache?: boolean } = {}): Api {
  const live = createLiveConnection(getToken);
  const client = new Client({
    url: "/graphql",
    requestPolicy: "cache-and-network",
    fetchOptions: () => {
      const token = getToken();
      return token ? { headers: { authorization: `Bearer ${token}` } } : {};
    },
    exchanges: [
      ...(options.cache === false ? [] : [cacheExchange]),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || "" };
          return {
            subscribe(sink) {
              const unsubscribe = live.ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return { client, live, getToken };
}

/**
 * Provides the API to a screen. `identity` names whose token it is (a user id, or the display
 * token): a new identity gets a fresh client, cache and socket.
 */
export function ApiProvider({ identity, getToken, cache = true, children }: { identity: string; getToken: () => string | null; cache?: boolean; children: ReactNode }) {
  const [api, setApi] = useState<{ identity: string; api: Api } | null>(null);
  useEffect(() => {
    const created = createApi(getToken, { cache });
    setApi({ identity, api: created });
    return () => created.live.dispose();
    // getToken reads a store; only a new identity needs a new client
  }, [identity]);
  if (!api || api.identity !== identity) return null;
  return (
    <ApiContext.Provider value={api.api}>
      <Provider value={api.api.client}>{children}</Provider>
    </ApiContext.Provider>
  );
}

/** The screen's API (urql client, live connection). */
export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error("useApi must be used inside <ApiProvider>");
  return api;
}
