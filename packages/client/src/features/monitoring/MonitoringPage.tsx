import { useState } from "react";
import { useMutation } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { Link, navigate, useLocation } from "../../app/router";
import { useSession } from "../../app/session";
import { errorText } from "../../app/ui/errorText";
import { Freshness } from "../../app/ui/Freshness";
import { ErrorNote, Loading } from "../../app/ui/States";
import { useLiveQuery } from "../../app/useLiveQuery";
import { CreatePlanDialog, InspectionDialog } from "./components/PlanDialogs";
import { DEACTIVATE_PLAN, PLANS_QUERY, type Plan } from "./queries";

/** Monitoring plans (§4.2) with their due dates, overdue marked; create, deactivate, record an inspection. */
export function MonitoringPage() {
  const { t, tEnum, name, date } = useI18n();
  const { search } = useLocation();
  const session = useSession();
  const overdueOnly = search.get("overdue") === "1";
  const processFilter = search.get("process");
  const res = useLiveQuery({ query: PLANS_QUERY, variables: { overdue: overdueOnly ? true : null, processIds: processFilter ? [processFilter] : null }, pollMs: 5 * 60_000 });
  const [creating, setCreating] = useState(false);
  const [inspecting, setInspecting] = useState<{ plan: Plan | null; processId: string } | null>(null);
  const [deactivate, runDeactivate] = useMutation(DEACTIVATE_PLAN);
  const [notice, setNotice] = useState<string | null>(null);
  const roles = session?.user.roles ?? [];
  const canManage = roles.some((r) => r === "PROCESS_OFFICE" || r === "DEPARTMENT_HEAD" || r === "ADMIN");
  const canInspect = canManage || roles.includes("MANAGEMENT");
  const plans = res.data?.monitoringPlans.edges.map((e) => e.node) ?? [];
  const processes = res.data?.processes.edges.map((e) => e.node) ?? [];
  const inspectedProcess = inspecting && processes.find((p) => p.id === inspecting.processId);
  return (
    <div className="page">
      <header className="page__head page__head--row">
        <div>
          <h1>{t("monitoring.title")}</h1>
          <p className="muted">{t("monitoring.subtitle")}</p>
        </div>
        <div className="page__tools">
          <Freshness at={res.fetchedAt} />
          <label className="check">
            <input type="checkbox" checked={overdueOnly} onChange={(e) => navigate(e.target.checked ? "/monitoring?overdue=1" : "/monitoring", { replace: true })} />{" "}
            {t("monitoring.onlyOverdue")}
          </label>
          {canManage && (
            <button type="button" className="btn btn--primary btn--small" onClick={() => setCreating(true)}>
              {t("monitoring.create")}
            </button>
          )}
        </div>
      </header>
      {deactivate.error && <ErrorNote message={t("loop.failed", { message: errorText(deactivate.error) ?? "?" })} />}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {res.error && !res.data && <ErrorNote message={res.error.message} onRetry={res.refetch} />}
      {!res.data && !res.error && <Loading />}
      {res.data && !plans.length && <p className="muted">{t("loop.empty")}</p>}
      {plans.length > 0 && (
        <div className="table-wrap">
          <table className="table plans">
            <caption className="sr-only">{t("monitoring.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("loop.process")}</th>
                <th scope="col">{t("monitoring.method")}</th>
                <th scope="col">{t("monitoring.cadence")}</th>
                <th scope="col">{t("loop.unit")}</th>
                <th scope="col">{t("monitoring.lastDone")}</th>
                <th scope="col">{t("monitoring.nextDue")}</th>
                <th scope="col">
                  <span className="sr-only">{t("loop.status")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {plans.map((p) => (
                <tr key={p.id} data-plan-id={p.id} data-overdue={p.overdue ? "true" : undefined} className={`${p.overdue ? "is-overdue" : ""} ${p.active ? "" : "is-inactive"}`}>
                  <th scope="row">
                    <Link to={`/processes/${encodeURIComponent(p.process.code)}`}>{name(p.process)}</Link>
                    {p.description && <div className="muted small">{p.description}</div>}
                  </th>
                  <td data-label={t("monitoring.method")}>{tEnum("method", p.method)}</td>
                  <td data-label={t("monitoring.cadence")}>{tEnum("cadence", p.cadence)}</td>
                  <td data-label={t("loop.unit")}>{name(p.unit)}</td>
                  <td data-label={t("monitoring.lastDone")}>{p.lastDoneAt ? date(p.lastDoneAt, "date") : "—"}</td>
                  <td data-label={t("monitoring.nextDue")}>
                    {p.nextDueAt ? date(p.nextDueAt, "date") : "—"} {p.overdue && <span className="pill pill--critical">{t("monitoring.overdue")}</span>}
                    {!p.active && <span className="pill">{t("monitoring.inactive")}</span>}
                  </td>
                  <td>
                    <div className="row-actions">
                      {p.active && canInspect && (
                        <button
                          type="button"
                          className="btn btn--small"
                          onClick={() => setInspecting({ plan: p, processId: p.process.id })}
                          aria-label={`${t("monitoring.record")}: ${name(p.process)}`}
                        >
                          {t("monitoring.record")}
                        </button>
                      )}
                      {p.active && canManage && (
                        <button
                          type="button"
                          className="btn btn--small btn--ghost"
                          disabled={deactivate.fetching}
                          onClick={async () => {
                            await runDeactivate({ id: p.id });
                            res.refetch();
                          }}
                          aria-label={`${t("monitoring.deactivate")}: ${name(p.process)}`}
                        >
                          {t("monitoring.deactivate")}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {creating && (
        <CreatePlanDialog
          processes={processes}
          units={res.data?.orgUnits.edges.map((e) => e.node) ?? []}
          onClose={() => {
            setCreating(false);
            res.refetch();
          }}
        />
      )}
      {inspecting && inspectedProcess && (
        <InspectionDialog
          plan={inspecting.plan}
          process={inspectedProcess}
          onClose={(done) => {
            setInspecting(null);
            if (done) setNotice(t("monitoring.recorded"));
            res.refetch();
          }}
        />
      )}
    </div>
  );
}
