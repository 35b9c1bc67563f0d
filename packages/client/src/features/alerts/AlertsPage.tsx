import { useQuery } from "urql";
import { enumValues } from "../../app/graphql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { navigate, useLocation } from "../../app/router";
import type { AlertLevel } from "./queries";
import { AlertFeedPanel } from "./components/AlertFeedPanel";
import { FocusedAlert } from "./components/FocusedAlert";
import { FILTER_OPTIONS_QUERY } from "./queries";

const LEVELS = enumValues<"AlertLevel">({ CRITICAL: true, WARNING: true });

/** The warning feed with filters by process, unit and level; the filters live in the address. */
export function AlertsPage() {
  const { t, tEnum, name } = useI18n();
  const { search } = useLocation();
  const [options] = useQuery({ query: FILTER_OPTIONS_QUERY, variables: {} });
  const processId = search.get("process") ?? "";
  const unitId = search.get("unit") ?? "";
  const level = (search.get("level") ?? "") as AlertLevel | "";
  const showResolved = search.get("resolved") !== "0";

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    const q = next.toString();
    navigate(`/alerts${q ? `?${q}` : ""}`, { replace: true });
  };

  const processes = options.data?.processes.edges.map((e) => e.node) ?? [];
  const units = options.data?.orgUnits.edges.map((e) => e.node) ?? [];

  return (
    <div className="page">
      <header className="page__head">
        <h1>{t("nav.alerts")}</h1>
      </header>
      <form className="filters" aria-label={t("feed.filters")} onSubmit={(e) => e.preventDefault()}>
        <label className="field field--inline">
          <span>{t("feed.process")}</span>
          <select value={processId} onChange={(e) => set("process", e.target.value)} name="process">
            <option value="">{t("common.all")}</option>
            {processes.map((p) => (
              <option key={p.id} value={p.id}>
                {p.code} · {name(p)}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--inline">
          <span>{t("feed.unit")}</span>
          <select value={unitId} onChange={(e) => set("unit", e.target.value)} name="unit">
            <option value="">{t("common.all")}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {name(u)}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--inline">
          <span>{t("feed.level")}</span>
          <select value={level} onChange={(e) => set("level", e.target.value)} name="level">
            <option value="">{t("common.all")}</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {tEnum("level", l)}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--check">
          <input type="checkbox" checked={showResolved} onChange={(e) => set("resolved", e.target.checked ? "" : "0")} name="resolved" />
          <span>{t("feed.showResolved")}</span>
        </label>
      </form>
      {search.get("alert") && <FocusedAlert key={search.get("alert")} id={search.get("alert") ?? ""} />}
      <AlertFeedPanel includeResolved={showResolved} scope={{ processIds: processId ? [processId] : null, unitIds: unitId ? [unitId] : null, levels: level ? [level] : null }} />
    </div>
  );
}
