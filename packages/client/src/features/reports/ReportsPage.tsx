import { useState } from "react";
import { useQuery } from "urql";
import { useApi } from "../../app/api";
import { graphql } from "../../app/graphql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { useSession } from "../../app/session";
import { ErrorNote } from "../../app/ui/States";
import { downloadReport, previousMonth, ReportError } from "./download";
import { SchedulesPanel } from "./SchedulesPanel";

const UNITS_QUERY = graphql(`query ReportUnits { orgUnits(first: 100) { edges { node { id code name nameEn } } } }`);

/**
 * A unit's monthly report (§2.2.3, §6.3.1) as PDF or CSV, fetched with the session's token; for the
 * process office, management and administrators (the server's rule) also its schedules and "send now".
 */
export function ReportsPage() {
  const { t, name } = useI18n();
  const { getToken } = useApi();
  const [units] = useQuery({ query: UNITS_QUERY });
  const [unit, setUnit] = useState("");
  const [month, setMonth] = useState(previousMonth());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const roles = useSession()?.user.roles ?? [];
  const canSchedule = roles.some((r) => r === "ADMIN" || r === "PROCESS_OFFICE" || r === "MANAGEMENT");
  const list = units.data?.orgUnits.edges.map((e) => e.node) ?? [];
  const code = unit || list[0]?.code || "";
  const download = async (format: "pdf" | "csv") => {
    setBusy(true);
    setError(null);
    try {
      await downloadReport(code, month, format, getToken());
    } catch (e) {
      const status = e instanceof ReportError ? e.status : 0;
      setError(status === 403 ? t("report.forbidden") : status === 404 ? t("report.notFound") : t("report.failed", { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="page">
      <header className="page__head">
        <h1>{t("report.title")}</h1>
        <p className="muted">{t("report.subtitle")}</p>
      </header>
      <form className="inline-form" onSubmit={(e) => e.preventDefault()} aria-label={t("report.title")}>
        <label className="field field--inline">
          <span>{t("report.unit")}</span>
          <select name="unit" value={code} onChange={(e) => setUnit(e.target.value)}>
            {list.map((u) => (
              <option key={u.id} value={u.code}>
                {u.code} · {name(u)}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--inline">
          <span>{t("report.month")}</span>
          <input name="month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} required />
        </label>
        <button type="button" className="btn btn--primary btn--small" disabled={busy || !code || !month} onClick={() => download("pdf")}>
          {t("report.pdf")}
        </button>
        <button type="button" className="btn btn--small" disabled={busy || !code || !month} onClick={() => download("csv")}>
          {t("report.csv")}
        </button>
        {busy && (
          <span className="muted" role="status">
            {t("report.downloading")}
          </span>
        )}
      </form>
      {units.error && <ErrorNote message={units.error.message} />}
      {error && <ErrorNote message={error} />}
      {canSchedule && <SchedulesPanel units={list} unitCode={code} period={month} />}
    </div>
  );
}
