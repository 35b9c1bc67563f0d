import { useMemo } from "react";
import { enumValues } from "../../app/graphql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { Link, navigate, useLocation } from "../../app/router";
import { RiskLevelBadge } from "../../app/ui/Badges";
import { Freshness } from "../../app/ui/Freshness";
import { ErrorNote, Loading, Panel } from "../../app/ui/States";
import { useLiveQuery } from "../../app/useLiveQuery";
import { RISK_REGISTER_QUERY, type RegisterRow } from "./loopQueries";

const LEVELS = enumValues<"RiskLevel">({ EXTREME: true, HIGH: true, MEDIUM: true, LOW: true });
const CATEGORIES = enumValues<"RiskCategory">({ MARKET: true, FINANCIAL: true, OPERATIONAL: true, LEGAL: true });
const STATUSES = enumValues<"RiskStatus">({ OPEN: true, MONITORING: true, CLOSED: true });

/** The risk register (§5.1) with filters kept in the address: level, unit, category, status, needs plan, review overdue. */
export function RiskRegisterPage() {
  const { t, tEnum, name } = useI18n();
  const { search } = useLocation();
  const get = (k: string) => search.get(k) ?? "";
  const filter = useMemo(
    () => ({
      ...(get("level") ? { levels: [get("level") as (typeof LEVELS)[number]] } : {}),
      ...(get("unit") ? { unitIds: [get("unit")] } : {}),
      ...(get("category") ? { categories: [get("category") as (typeof CATEGORIES)[number]] } : {}),
      ...(get("status") ? { statuses: [get("status") as (typeof STATUSES)[number]] } : {}),
      ...(get("needsPlan") ? { needsPlan: true } : {}),
      ...(get("overdue") ? { reviewOverdue: true } : {}),
    }),
    [search.toString()],
  );
  const res = useLiveQuery({ query: RISK_REGISTER_QUERY, variables: { filter }, pollMs: 60_000 });
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(search);
    if (v) next.set(k, v);
    else next.delete(k);
    navigate(`/risks/register${next.size ? `?${next}` : ""}`, { replace: true });
  };
  const rows = res.data?.risks.edges.map((e) => e.node) ?? [];
  const units = res.data?.orgUnits.edges.map((e) => e.node) ?? [];
  const select = (k: string, label: string, options: readonly { value: string; label: string }[]) => (
    <label className="field field--inline">
      <span>{label}</span>
      <select name={k} value={get(k)} onChange={(e) => set(k, e.target.value)}>
        <option value="">{t("register.all")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="page">
      <header className="page__head page__head--row">
        <div>
          <h1>{t("register.title")}</h1>
          <p className="muted">{t("register.subtitle")}</p>
        </div>
        <div className="page__tools">
          <Link to="/risks">{t("nav.risks")}</Link>
          <Freshness at={res.fetchedAt} />
        </div>
      </header>
      <search className="filters">
        {select(
          "level",
          t("risks.level"),
          LEVELS.map((v) => ({ value: v, label: tEnum("riskLevel", v) })),
        )}
        {select(
          "unit",
          t("risks.owner"),
          units.map((u) => ({ value: u.id, label: name(u) })),
        )}
        {select(
          "category",
          t("risks.category"),
          CATEGORIES.map((v) => ({ value: v, label: tEnum("riskCategory", v) })),
        )}
        {select(
          "status",
          t("register.status"),
          STATUSES.map((v) => ({ value: v, label: tEnum("riskStatus", v) })),
        )}
        <label className="field field--inline">
          <input type="checkbox" name="needsPlan" checked={!!get("needsPlan")} onChange={(e) => set("needsPlan", e.target.checked ? "1" : "")} /> {t("register.needsPlan")}
        </label>
        <label className="field field--inline">
          <input type="checkbox" name="overdue" checked={!!get("overdue")} onChange={(e) => set("overdue", e.target.checked ? "1" : "")} /> {t("register.overdue")}
        </label>
      </search>
      {res.error && !res.data && <ErrorNote message={res.error.message} onRetry={res.refetch} />}
      {!res.data && !res.error && <Loading />}
      {res.data && (
        <Panel title={t("register.count", { n: res.data.risks.totalCount })}>
          <table className="table">
            <thead>
              <tr>
                <th>{t("risks.code")}</th>
                <th>{t("risks.titleCol")}</th>
                <th>{t("risks.level")}</th>
                <th>{t("risks.category")}</th>
                <th>{t("risks.owner")}</th>
                <th>{t("register.nextReview")}</th>
                <th>{t("register.flags")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <Row key={r.id} r={r} />
              ))}
            </tbody>
          </table>
        </Panel>
      )}
    </div>
  );
}

function Row({ r }: { r: RegisterRow }) {
  const { t, tEnum, name, locale } = useI18n();
  const needsPlan = r.needsPlan;
  return (
    <tr data-risk={r.code}>
      <td>
        <Link to={`/risks/${encodeURIComponent(r.id)}`}>{r.code}</Link>
      </td>
      <td>{locale === "en" && r.titleEn ? r.titleEn : r.title}</td>
      <td>{r.currentLevel ? <RiskLevelBadge level={r.currentLevel} /> : "–"}</td>
      <td>{tEnum("riskCategory", r.category)}</td>
      <td>{name(r.ownerUnit)}</td>
      <td>{r.nextReviewAt ? new Date(r.nextReviewAt).toLocaleDateString(locale) : "–"}</td>
      <td className="small">
        {needsPlan && <span className="text-bad">{t("risks.noPlan")} </span>}
        {r.reviewOverdue && <span className="text-bad">{t("register.overdue")} </span>}
        {r.needsReassessment && <span className="text-bad">{t("risk.reassess")}</span>}
      </td>
    </tr>
  );
}
