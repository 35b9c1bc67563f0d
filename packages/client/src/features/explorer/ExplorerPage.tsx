import { useRef, useState } from "react";
import { graphqlRequest } from "../../app/graphqlRequest";
import { useI18n } from "../../app/i18n/I18nProvider";
import { useApi } from "../../app/api";
import { csvFilename, downloadText } from "../../app/ui/CsvButton";
import { findRecordList, recordsToCsv } from "../../lib/csv";
import { EXAMPLE_QUERIES, fillTimePlaceholders } from "./examples";

/**
 * The analysts' query editor: GraphQL with the viewer's own token (so the answers are what the
 * viewer may read), saved examples, JSON result, CSV of the first list in the result, and a
 * link to the server's GraphiQL for docs.
 */
export function ExplorerPage() {
  const { t } = useI18n();
  const { getToken } = useApi();
  const [query, setQuery] = useState(EXAMPLE_QUERIES[0].query);
  const [variables, setVariables] = useState("{}");
  const [result, setResult] = useState<{ text: string; data: unknown; ms: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [copied, setCopied] = useState(false);
  const abort = useRef<AbortController | null>(null);

  const run = async () => {
    let vars: Record<string, unknown> | undefined;
    try {
      const text = fillTimePlaceholders(variables.trim() || "{}");
      vars = JSON.parse(text) as Record<string, unknown>;
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

  const list = result ? findRecordList(result.data) : null;

  return (
    <div className="page">
      <header className="page__head page__head--row">
        <div>
          <h1>{t("explorer.title")}</h1>
          <p className="muted">{t("explorer.subtitle")}</p>
        </div>
        <div className="page__tools">
          <a className="btn btn--ghost btn--small" href="/graphql" target="_blank" rel="noreferrer">{t("explorer.graphiql")} ↗</a>
          <button
            type="button"
            className="btn btn--ghost btn--small"
            onClick={async () => {
              await navigator.clipboard?.writeText(JSON.stringify({ Authorization: `Bearer ${getToken() ?? ""}` }));
              setCopied(true);
              setTimeout(() => setCopied(false), 2000);
            }}
          >
            {copied ? t("explorer.copied") : t("explorer.copyHeaders")}
          </button>
        </div>
      </header>
      <div className="explorer">
        <aside className="explorer__examples" aria-labelledby="ex-title">
          <h2 id="ex-title" className="panel__title">{t("explorer.examples")}</h2>
          <ul>
            {EXAMPLE_QUERIES.map((ex) => (
              <li key={ex.title}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setQuery(ex.query);
                    setVariables(JSON.stringify(ex.variables ?? {}, null, 2));
                    setResult(null);
                  }}
                >
                  {t(ex.title)}
                </button>
              </li>
            ))}
          </ul>
        </aside>
        <form
          className="explorer__editor"
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
          onKeyDown={(e) => {
            if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
              e.preventDefault();
              void run();
            }
          }}
        >
          <label className="field">
            <span>{t("explorer.query")}</span>
            <textarea className="code-input" value={query} onChange={(e) => setQuery(e.target.value)} rows={16} spellCheck={false} name="query" />
          </label>
          <label className="field">
            <span>{t("explorer.variables")}</span>
            <textarea className="code-input" value={variables} onChange={(e) => setVariables(e.target.value)} rows={4} spellCheck={false} name="variables" />
          </label>
          <div className="explorer__run">
            <button type="submit" className="btn btn--primary" disabled={running}>{running ? t("explorer.running") : t("explorer.run")}</button>
            <span className="muted small">{t("explorer.shortcut")}</span>
          </div>
          {error && <p className="form-error" role="alert">{error}</p>}
        </form>
        <section className="explorer__result" aria-labelledby="result-title">
          <header className="panel__head">
            <h2 id="result-title" className="panel__title">{t("explorer.result")}</h2>
            {result && <span className="muted small">{t("explorer.took", { ms: result.ms })}{list ? ` · ${t("common.count", { n: list.length })}` : ""}</span>}
            <button
              type="button"
              className="btn btn--ghost btn--small"
              disabled={!list || list.length === 0}
              title={list ? undefined : t("explorer.noList")}
              onClick={() => list && downloadText(csvFilename("query"), recordsToCsv(list))}
            >
              {t("common.downloadCsv")}
            </button>
          </header>
          <pre className="code-output" tabIndex={0} aria-live="polite">{result?.text ?? ""}</pre>
        </section>
      </div>
    </div>
  );
}
