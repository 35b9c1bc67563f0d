import { useMemo, useState } from "react";
import { enumValues } from "../../app/graphql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { navigate, useLocation } from "../../app/router";
import { useSession } from "../../app/session";
import { Freshness } from "../../app/ui/Freshness";
import { ErrorNote, Loading } from "../../app/ui/States";
import { useLiveQuery } from "../../app/useLiveQuery";
import { ActionCard, type ActionStep } from "./components/ActionCard";
import { ActionStepDialog } from "./components/ActionStepDialog";
import { ACTIONS_QUERY, trackerOrder, type ActionItem, type ActionStatus } from "./queries";

const STATUSES = enumValues<"ActionStatus">({ OPEN: true, IN_PROGRESS: true, DONE: true, VERIFIED: true, CANCELLED: true });

/** The rectification tracker (§4.4.2): overdue first, filters by unit and status kept in the address. */
export function ActionsPage() {
  const { t, tEnum, name } = useI18n();
  const { search } = useLocation();
  const session = useSession();
  const unit = search.get("unit") ?? "";
  const status = (search.get("status") ?? "") as ActionStatus | "";
  const focus = search.get("action");
  const res = useLiveQuery({ query: ACTIONS_QUERY, variables: { unitIds: unit ? [unit] : null, statuses: status ? [status] : null }, pollMs: 60_000 });
  const [target, setTarget] = useState<{ step: ActionStep; action: ActionItem } | null>(null);
  const actions = useMemo(() => [...(res.data?.actions.edges.map((e) => e.node) ?? [])].sort(trackerOrder), [res.data]);
  const canVerify = !!session?.user.roles.some((r) => r === "PROCESS_OFFICE" || r === "ADMIN");
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete("action");
    navigate(`/actions${next.size ? `?${next}` : ""}`, { replace: true });
  };
  return (
    <div className="page">
      <header className="page__head page__head--row">
        <div>
          <h1>{t("actions.title")}</h1>
          <p className="muted">{t("actions.subtitle")}</p>
        </div>
        <div className="page__tools">
          <Freshness at={res.fetchedAt} />
        </div>
      </header>
      <fieldset className="filters" aria-label={t("nav.actions")}>
        <label className="field field--inline">
          <span>{t("loop.unit")}</span>
          <select value={unit} onChange={(e) => setParam("unit", e.target.value)}>
            <option value="">{t("common.all")}</option>
            {res.data?.orgUnits.edges.map(({ node: u }) => (
              <option key={u.id} value={u.id}>
                {name(u)}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--inline">
          <span>{t("loop.status")}</span>
          <select value={status} onChange={(e) => setParam("status", e.target.value)}>
            <option value="">{t("common.all")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {tEnum("actionStatus", s)}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      {res.error && !res.data && <ErrorNote message={res.error.message} onRetry={res.refetch} />}
      {!res.data && !res.error && <Loading />}
      {res.data && !actions.length && <p className="muted">{t("loop.empty")}</p>}
      <ul className="action-list">
        {actions.map((a) => (
          <ActionCard key={a.id} action={a} canVerify={canVerify} highlighted={a.id === focus} onStep={(step, action) => setTarget({ step, action })} />
        ))}
      </ul>
      <ActionStepDialog
        target={target}
        onClose={() => {
          setTarget(null);
          res.refetch();
        }}
      />
    </div>
  );
}
