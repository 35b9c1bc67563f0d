import { useEffect, useRef, useState } from "react";
import { useQuery, type AnyVariables, type CombinedError, type TypedDocumentNode } from "urql";
import { useApi } from "./api";
import { useConnectionState } from "./connection";

export interface LiveQueryResult<D> {
  /** The latest data; kept through a failed refetch so a screen never blanks on a network drop. */
  data: D | undefined;
  error: CombinedError | undefined;
  fetching: boolean;
  /** When the data shown was fetched (epoch ms), null before the first answer. */
  fetchedAt: number | null;
  refetch(): void;
}

/**
 * A query that stays fresh on a screen that runs for weeks: it refetches after every reconnect
 * of the live connection (what changed while away), optionally polls, and keeps its last good
 * data and the time it was fetched for the freshness labels.
 */
export function useLiveQuery<D, V extends AnyVariables>(args: {
  query: TypedDocumentNode<D, V>;
  variables?: V;
  pause?: boolean;
  /** Refetch this often (ms) while the page is open. */
  pollMs?: number;
}): LiveQueryResult<D> {
  const { live } = useApi();
  const { generation } = useConnectionState(live);
  const [result, reexecute] = useQuery<D, V>({ query: args.query, variables: args.variables as V, pause: args.pause });
  const key = JSON.stringify(args.variables ?? null);
  const sticky = useRef<{ key: string; data: D | undefined; at: number | null }>({ key, data: undefined, at: null });
  const [, force] = useState(0);

  if (sticky.current.key !== key) sticky.current = { key, data: undefined, at: null };
  useEffect(() => {
    if (result.data !== undefined && !result.stale) {
      sticky.current = { key, data: result.data, at: Date.now() };
      force((n) => n + 1);
    }
  }, [result.data, result.stale, key]);

  const firstGeneration = useRef(generation);
  useEffect(() => {
    if (generation > firstGeneration.current && !args.pause) reexecute({ requestPolicy: "network-only" });
  }, [generation, args.pause, reexecute]);

  useEffect(() => {
    if (!args.pollMs || args.pause) return;
    const id = setInterval(() => reexecute({ requestPolicy: "network-only" }), args.pollMs);
    return () => clearInterval(id);
  }, [args.pollMs, args.pause, reexecute]);

  return {
    data: result.data ?? sticky.current.data,
    error: result.error,
    fetching: result.fetching,
    fetchedAt: sticky.current.at,
    refetch: () => reexecute({ requestPolicy: "network-only" }),
  };
}
