import { useRef, useState } from "react";
import { useApi } from "../../app/api";
import { graphqlRequest } from "../../app/graphqlRequest";
import { useI18n } from "../../app/i18n/I18nProvider";
import { fillTimePlaceholders } from "./examples";

export interface ExplorerResult {
  text: string;
  data: unknown;
  ms: number;
}

/**
 * Runs the explorer's query with the viewer's own token (so the answers are what the viewer may
 * read); a new run cancels the one still in flight.
 */
export function useExplorerRun() {
  const { t } = useI18n();
  const { getToken } = useApi();
  const [result, setResult] = useState<ExplorerResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | null>(null);

  const run = async (query: string, variables: string) => {
    let vars: Record<string, unknown> | undefined;
    try {
      vars = JSON.parse(fillTimePlaceholders(variables.trim() || "{}")) as Record<string, unknown>;
    } catch {
      setError(t("explorer.badVariables"));
      return;
    }
    setError(null);
    setRunning(true);
    abort.current?.abort();
    abort.current = new AbortController();
    const started = performance.now();
    try {
      const r = await graphqlRequest<unknown>(query, vars, getToken(), { throwOnErrors: false, signal: abort.current.signal });
      const { status: _status, ...body } = r;
      setResult({ text: JSON.stringify(body, null, 2), data: body.data, ms: Math.round(performance.now() - started) });
    } catch (e) {
      if ((e as Error).name !== "AbortError") setError((e as Error).message);
    } finally {
      setRunning(false);
    }
  };

  return { run, result, clearResult: () => setResult(null), error, running };
}
