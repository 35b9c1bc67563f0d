import { useState } from "react";
import { useQuery } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { navigate, useLocation } from "../../app/router";
import { ErrorNote, Loading, Panel } from "../../app/ui/States";
import { IndicatorForm } from "./IndicatorForm";
import { RULE_EDITOR_QUERY } from "./queries";
import { RuleWorkbench } from "./RuleWorkbench";
import "./rules.css";

/**
 * The rule editor (issue 14 item 6, §4.1, §5.3.2): the process office and department heads
 * define indicators (and change their definition) and their threshold, no-data and trend rules,
 * previewing a rule against the indicator's history (the last 7, 30 or 90 days, or a chosen
 * range) before saving it. `?indicator=<id>` opens one indicator.
 */
export function RuleEditorPage() {
  const { t, name } = useI18n();
  const { search } = useLocation();
  const indicatorId = search.get("indicator");
  const [creating, setCreating] = useState(false);
  const [res, refetch] = useQuery({ query: RULE_EDITOR_QUERY });
  const open = (id: string) => navigate(`/rules?indicator=${encodeURIComponent(id)}`);
  return (
    <div className="page">
      <header className="page__head">
        <h1>{t("rules.title")}</h1>
        <p className="muted">{t("rules.subtitle")}</p>
      </header>
      {res.error && <ErrorNote message={res.error.message} onRetry={() => refetch({ requestPolicy: "network-only" })} />}
      {!res.data && res.fetching && <Loading />}
      {res.data && (
        <div className="toolbar">
          <label className="field">
            <span>{t("rules.indicator")}</span>
            <select name="indicator" value={indicatorId ?? ""} onChange={(e) => e.target.value && open(e.target.value)}>
              <option value="">{t("rules.chooseIndicator")}</option>
              {res.data.indicators.edges.map(({ node }) => (
                <option key={node.id} value={node.id}>
                  {node.code} {name(node)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn" aria-expanded={creating} onClick={() => setCreating((c) => !c)}>
            {t("rules.newIndicator")}
          </button>
        </div>
      )}
      {creating && res.data && (
        <Panel title={t("rules.newIndicator")} id="rules-new-indicator">
          <IndicatorForm
            processes={res.data.processes.edges.map((e) => e.node)}
            onDone={(id) => {
              setCreating(false);
              refetch({ requestPolicy: "network-only" });
              open(id);
            }}
          />
        </Panel>
      )}
      {indicatorId && <RuleWorkbench indicatorId={indicatorId} />}
    </div>
  );
}
