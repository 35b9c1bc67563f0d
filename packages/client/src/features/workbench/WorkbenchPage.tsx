import { GraphiQL, HISTORY_PLUGIN } from "graphiql";
import type { GraphiQLPlugin } from "@graphiql/react";
import "graphiql/style.css";
// Monaco's editor, JSON and GraphQL workers, bundled by Vite as files of this build (no CDN).
import "graphiql/setup-workers/vite";
import { useMemo, useState } from "react";
import { useQuery } from "urql";
import { useApi } from "../../app/api";
import { useI18n } from "../../app/i18n/I18nProvider";
import { useLocation } from "../../app/router";
import { useSession } from "../../app/session";
import { ErrorNote, Loading } from "../../app/ui/States";
import { ExamplesPanel } from "./ExamplesPanel";
import { createWorkbenchFetcher, personalStorage, type QueryAnswer } from "./graphiqlSetup";
import { EXAMPLE_QUERIES } from "./examples";
import { SAVED_QUERY } from "./queries";
import { ResultView } from "./results/ResultView";
import { SavedQueriesPanel } from "./SavedQueriesPanel";
import "./workbench.css";

const BookIcon = () => (
  <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
    <path d="M4 5a2 2 0 0 1 2-2h13v16H6a2 2 0 0 0-2 2V5z" />
    <path d="M8 7h7" />
  </svg>
);
const StarIcon = () => (
  <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round">
    <path d="m12 3 2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z" />
  </svg>
);

/**
 * The analysts' workbench (issue 14): GraphiQL inside the dashboard, signed in with the viewer's
 * own session; the schema's docs and completion (introspection as this viewer), the example and
 * saved queries and the history as its side panes; the last answer below as a table or a chart.
 * `/workbench?query=<id>` opens a saved query. This page is its own chunk: the wall and the other
 * pages never load GraphiQL or Monaco.
 */
export function WorkbenchPage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const savedId = search.get("query");
  // The link's query is read once, when the page opens; opening another one later changes the editors directly.
  const [openId] = useState(savedId);
  const [saved] = useQuery({ query: SAVED_QUERY, variables: { id: openId ?? "" }, pause: !openId });
  const loaded = saved.data?.node && "query" in saved.data.node ? saved.data.node : null;
  return (
    <div className="page page--wide workbench">
      <header className="page__head page__head--row">
        <div>
          <h1>{t("workbench.title")}</h1>
          <p className="muted">{t("workbench.subtitle")}</p>
        </div>
        <div className="page__tools">
          <a className="btn btn--ghost btn--small" href="/graphql" target="_blank" rel="noreferrer">
            {t("workbench.serverGraphiql")} ↗
          </a>
        </div>
      </header>
      {openId && saved.fetching && !saved.data ? (
        <Loading />
      ) : (
        <>
          {openId && saved.data && !loaded && <ErrorNote message={t("workbench.notFound")} />}
          {saved.error && <ErrorNote message={saved.error.message} />}
          <Workbench initialQuery={loaded?.query} initialVariables={loaded ? JSON.stringify(loaded.variables ?? {}, null, 2) : undefined} />
        </>
      )}
    </div>
  );
}

function Workbench({ initialQuery, initialVariables }: { initialQuery?: string; initialVariables?: string }) {
  const { t, locale } = useI18n();
  const { getToken, live } = useApi();
  const session = useSession();
  const [answer, setAnswer] = useState<QueryAnswer | null>(null);
  // While a live query runs: how many answers it has sent (the first one and every update).
  const [liveAnswers, setLiveAnswers] = useState<number | null>(null);
  const fetcher = useMemo(
    () =>
      createWorkbenchFetcher({
        getToken,
        live: live.ws,
        onAnswer: (a) => {
          setAnswer(a);
          setLiveAnswers((n) => (n === null ? n : n + 1));
        },
        onLive: (running) => setLiveAnswers(running ? 0 : null),
      }),
    [getToken, live],
  );
  const storage = useMemo(() => personalStorage(session?.user.id ?? "anonymous"), [session?.user.id]);
  const plugins = useMemo<GraphiQLPlugin[]>(
    () => [{ title: t("workbench.examples"), icon: BookIcon, content: ExamplesPanel }, { title: t("workbench.saved"), icon: StarIcon, content: SavedQueriesPanel }, HISTORY_PLUGIN],
    [t],
  );
  return (
    <>
      <div className="workbench__editor" data-testid="graphiql">
        {/* A new language names the panes anew: GraphiQL starts again (its tabs and history are in storage). */}
        <GraphiQL
          key={locale}
          fetcher={fetcher}
          storage={storage}
          plugins={plugins}
          forcedTheme="light"
          defaultQuery={EXAMPLE_QUERIES[0].query}
          initialQuery={initialQuery}
          initialVariables={initialVariables}
          isHeadersEditorEnabled={false}
          showPersistHeadersSettings={false}
        />
      </div>
      <section className="panel workbench__result" aria-labelledby="wb-result">
        <header className="panel__head">
          <h2 id="wb-result" className="panel__title">
            {t("results.title")}
          </h2>
          {liveAnswers !== null && (
            <span className="conn conn--ok" role="status" aria-live="polite" data-testid="wb-live" data-updates={Math.max(0, liveAnswers - 1)}>
              <span className="conn__dot" aria-hidden="true" />
              <span className="conn__text">{t("workbench.live", { n: Math.max(0, liveAnswers - 1) })}</span>
            </span>
          )}
        </header>
        {answer?.errors?.length ? <ErrorNote message={(answer.errors[0] as { message?: string }).message ?? ""} /> : null}
        <ResultView data={answer ? answer.data : undefined} />
      </section>
    </>
  );
}
