import { useEffect, useRef, useState } from "react";
import { graphql } from "../../../app/graphql";
import { useI18n } from "../../../app/i18n/I18nProvider";
import { navigate, useLocation } from "../../../app/router";
import { holdsScope, useSession } from "../../../app/session";
import { ErrorNote, Loading, Panel } from "../../../app/ui/States";
import { useLiveQuery } from "../../../app/useLiveQuery";
import { useNow } from "../../../app/useNow";
import { FeedAlertFields } from "../queries";
import type { FeedEntry } from "../feedState";
import { type AlertAction, AlertActionDialogs } from "./AlertActionDialogs";
import { AlertFeedItem } from "./AlertFeedItem";

const FOCUSED_ALERT_QUERY = graphql(
  `
  query FocusedAlert($id: ID!) { node(id: $id) { __typename ... on Alert { ...FeedAlertFields events { id at type } } } }
`,
  [FeedAlertFields],
);

/**
 * The API id of the alert a link names. The dashboard's own links carry the API's (global) id;
 * the links in notification messages (mail, chat, inbox text) carry the database id, which is
 * turned into the global one here, as the API encodes it ("Alert:<id>" in base64).
 */
export function alertGlobalId(id: string): string {
  try {
    if (atob(id).startsWith("Alert:")) return id;
  } catch {
    // not base64: a database id
  }
  return btoa(`Alert:${id}`);
}

/**
 * The warning a link names (`/alerts?alert=<id>`: the inbox, a notification's message, the
 * delivery log), shown above the feed whether it is still open or long resolved (§6.2.2).
 */
export function FocusedAlert({ id }: { id: string }) {
  const { t } = useI18n();
  const { search } = useLocation();
  const now = useNow(1000);
  const res = useLiveQuery({ query: FOCUSED_ALERT_QUERY, variables: { id: alertGlobalId(id) }, pollMs: 30_000 });
  const ref = useRef<HTMLDivElement>(null);
  const session = useSession();
  // The editors handle warnings (§2.1.2, §2.2.2, §2.3): the server's scope; it checks each action.
  const canHandle = holdsScope(session, "EDITOR");
  const [target, setTarget] = useState<{ action: AlertAction; entry: FeedEntry } | null>(null);
  const open = (action: AlertAction) => (entry: FeedEntry) => setTarget({ action, entry });
  const node = res.data?.node;
  const alert = node?.__typename === "Alert" ? node : null;
  useEffect(() => {
    if (alert) ref.current?.scrollIntoView?.({ block: "nearest" });
  }, [alert?.id]);
  const clear = () => {
    const next = new URLSearchParams(search);
    next.delete("alert");
    navigate(`/alerts${next.size ? `?${next}` : ""}`, { replace: true });
  };
  const last = alert?.events.reduce<(typeof alert.events)[number] | null>((m, e) => (!m || e.at > m.at ? e : m), null);
  return (
    <div ref={ref} className="focused-alert">
      <Panel
        id="focused-alert"
        title={t("alertFocus.title")}
        actions={
          <button type="button" className="btn btn--small btn--ghost" onClick={clear}>
            {t("alertFocus.clear")}
          </button>
        }
      >
        {res.error && !res.data && <ErrorNote message={res.error.message} onRetry={res.refetch} />}
        {!res.data && !res.error && <Loading />}
        {res.data && !alert && <p className="muted">{t("alertFocus.notFound")}</p>}
        {alert && (
          <ol className="feed feed--app">
            <AlertFeedItem
              variant="app"
              now={now}
              actions={canHandle ? { onAcknowledge: open("acknowledge"), onAssign: open("assign"), onResolve: open("resolve") } : null}
              entry={{ alert, lastAt: last?.at ?? alert.startedAt, lastEventId: last?.id ?? null, lastEventType: last?.type ?? null, lastNote: null }}
            />
          </ol>
        )}
        <AlertActionDialogs target={target} onClose={() => setTarget(null)} onDone={() => res.refetch()} />
      </Panel>
    </div>
  );
}
