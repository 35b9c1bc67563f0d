import { useState } from "react";
import { useApi } from "../../app/api";
import { useI18n } from "../../app/i18n/I18nProvider";
import { csvFilename, downloadText } from "../../app/ui/CsvButton";
import { findRecordList, recordsToCsv } from "../../lib/csv";
import { EXAMPLE_QUERIES, type ExampleQuery } from "./examples";
import { useExplorerRun, type ExplorerResult } from "./useExplorerRun";

/**
 * The analysts' query editor: GraphQL with the viewer's own token, saved examples, JSON result,
 * CSV of the first list in the result, and a link to the server's GraphiQL for docs.
 */
export function ExplorerPage() {
  const { t } = useI18n();
  const [query, setQuery] = useState(EXAMPLE_QUERIES[0].query);
  const [variables, setVariables] = useState("{}");
  const explorer = useExplorerRun();
  const pick = (ex: ExampleQuery) => {
    setQuery(ex.query);
    setVariables(JSON.stringify(ex.variables ?? {}, null, 2));
    explorer.clearResult();
  };
  return (
    <div className="page">
      <header className="page__head page__head--row">
        <div>
          <h1>{t("explorer.title")}</h1>
          <p className="muted">{t("explorer.subtitle")}</p>
        </div>
        <ExplorerTools />
      </header>
      <div className="explorer">
        <ExampleList onPick={pick} />
        <form
          className="explorer__editor"
          onSubmit={(e) => {
            e.preventDefault();
            void explorer.run(query, variables);
          }}
          onKeyDown={(e) => {
            if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
              e.preventDefault();
              void explorer.run(query, variables);
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
            <button type="submit" className="btn btn--primary" disabled={explorer.running}>
              {explorer.running ? t("explorer.running") : t("explorer.run")}
            </button>
            <span className="muted small">{t("explorer.shortcut")}</span>
          </div>
          {explorer.error && (
            <p className="form-error" role="alert">
              {explorer.error}
            </p>
          )}
        </form>
        <ResultPanel result={explorer.result} />
      </div>
    </div>
  );
}

/** GraphiQL link and "copy headers" (the viewer's bearer token for GraphiQL). */
function ExplorerTools() {
  const { t } = useI18n();
  const { getToken } = useApi();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(JSON.stringify({ Authorization: `Bearer ${getToken() ?? ""}` }));
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <div className="page__tools">
      <a className="btn btn--ghost btn--small" href="/graphql" target="_blank" rel="noreferrer">
        {t("explorer.graphiql")} ↗
      </a>
      <button type="button" className="btn btn--ghost btn--small" onClick={copy}>
        {copied ? t("explorer.copied") : t("explorer.copyHeaders")}
      </button>
    </div>
  );
}

function ExampleList({ onPick }: { onPick(ex: ExampleQuery): void }) {
  const { t } = useI18n();
  return (
    <aside className="explorer__examples" aria-labelledby="ex-title">
      <h2 id="ex-title" className="panel__title">
        {t("explorer.examples")}
      </h2>
      <ul>
        {EXAMPLE_QUERIES.map((ex) => (
          <li key={ex.title}>
            <button type="button" className="link-button" onClick={() => onPick(ex)}>
              {t(ex.title)}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}

/** The JSON answer, its timing, and CSV of the first list in it. */
function ResultPanel({ result }: { result: ExplorerResult | null }) {
  const { t } = useI18n();
  const list = result ? findRecordList(result.data) : null;
  return (
    <section className="explorer__result" aria-labelledby="result-title">
      <header className="panel__head">
        <h2 id="result-title" className="panel__title">
          {t("explorer.result")}
        </h2>
        {result && (
          <span className="muted small">
            {t("explorer.took", { ms: result.ms })}
            {list ? ` · ${t("common.count", { n: list.length })}` : ""}
          </span>
        )}
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
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the result pane scrolls; keyboard users must be able to focus it to scroll */}
      <pre className="code-output" tabIndex={0} aria-live="polite">
        {result?.text ?? ""}
      </pre>
    </section>
  );
}
