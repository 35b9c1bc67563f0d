import { enumValues } from "../../app/graphql";
import { useState } from "react";
import { useI18n } from "../../app/i18n/I18nProvider";
import { Link, navigate, useLocation } from "../../app/router";
import { Freshness } from "../../app/ui/Freshness";
import { ErrorNote, Loading, Panel } from "../../app/ui/States";
import { useLiveQuery } from "../../app/useLiveQuery";
import { DELIVERIES_QUERY, type Delivery } from "./queries";

const STATUSES = enumValues<"OutboxStatus">({ PENDING: true, SENDING: true, SENT: true, FAILED: true });
type Status = (typeof STATUSES)[number];
const PAGE = 50;

/** The delivery log (§6.2.2): every message with its status, attempts and last error; filters (status, contact point, alert) in the address. */
export function DeliveriesPanel() {
  const { t, tEnum } = useI18n();
  const { search } = useLocation();
  const status = (search.get("status") ?? "") as Status | "";
  const contactPointId = search.get("contactPoint") ?? "";
  const alertId = search.get("alert") ?? "";
  const [first, setFirst] = useState(PAGE);
  const filter = { ...(status ? { status: [status] } : {}), ...(contactPointId ? { contactPointId } : {}), ...(alertId ? { alertId } : {}) };
  const res = useLiveQuery({ query: DELIVERIES_QUERY, variables: { first, filter }, pollMs: 15_000 });
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(search);
    if (v) next.set(k, v);
    else next.delete(k);
    next.set("tab", "deliveries");
    navigate(`/notifications?${next}`, { replace: true });
  };
  const conn = res.data?.notificationDeliveries;
  const rows = conn?.edges.map((e) => e.node) ?? [];
  return (
    <>
      <search className="filters">
        <label className="field field--inline">
          <span>{t("delivery.status")}</span>
          <select name="status" value={status} onChange={(e) => set("status", e.target.value)}>
            <option value="">{t("common.all")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {tEnum("outboxStatus", s)}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--inline">
          <span>{t("policy.contactPoint")}</span>
          <select name="contactPoint" value={contactPointId} onChange={(e) => set("contactPoint", e.target.value)}>
            <option value="">{t("delivery.allContactPoints")}</option>
            {res.data?.contactPoints.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        {alertId && (
          <span className="pill" data-alert-filter={alertId}>
            {t("delivery.alertFilter", { alert: rows.find((d) => d.alert?.id === alertId)?.alert?.message ?? "…" })}{" "}
            <button type="button" className="btn btn--small btn--ghost" onClick={() => set("alert", "")}>
              {t("delivery.allAlerts")}
            </button>
          </span>
        )}
      </search>
      {res.error && !res.data && <ErrorNote message={res.error.message} onRetry={res.refetch} />}
      {!res.data && !res.error && <Loading />}
      {conn && (
        <Panel title={t("delivery.count", { n: conn.totalCount })} meta={<Freshness at={res.fetchedAt} />}>
          {rows.length === 0 ? (
            <p className="muted empty">{t("loop.empty")}</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>{t("delivery.created")}</th>
                    <th>{t("policy.contactPoint")}</th>
                    <th>{t("delivery.reason")}</th>
                    <th>{t("delivery.alert")}</th>
                    <th>{t("delivery.status")}</th>
                    <th>{t("delivery.attempts")}</th>
                    <th>{t("delivery.lastError")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((d) => (
                    <DeliveryRow key={d.id} d={d} onlyAlert={alertId ? undefined : (id) => set("alert", id)} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {conn.pageInfo.hasNextPage && (
            <button type="button" className="btn btn--small" onClick={() => setFirst((n) => n + PAGE)}>
              {t("delivery.more")}
            </button>
          )}
        </Panel>
      )}
    </>
  );
}

const STATUS_PILL: Record<string, string> = { SENT: "pill--ok", FAILED: "pill--critical", PENDING: "pill--warning", SENDING: "pill--warning" };

function DeliveryRow({ d, onlyAlert }: { d: Delivery; onlyAlert?: (alertId: string) => void }) {
  const { t, tEnum, date } = useI18n();
  return (
    <tr data-delivery={d.id} data-status={d.status}>
      <td>{date(d.createdAt, "medium")}</td>
      <td>{d.contactPoint.name}</td>
      <td>{d.reason === "TEST" ? t("delivery.test") : tEnum("event", d.reason)}</td>
      <td>
        {d.alert ? (
          <>
            <Link to={`/alerts?alert=${encodeURIComponent(d.alert.id)}`}>
              {tEnum("level", d.alert.level)} · {d.alert.message}
            </Link>
            {onlyAlert && (
              <button type="button" className="btn btn--small btn--ghost" onClick={() => onlyAlert(d.alert!.id)}>
                {t("delivery.onlyAlert")}
              </button>
            )}
          </>
        ) : (
          "–"
        )}
      </td>
      <td>
        <span className={`pill pill--small ${STATUS_PILL[d.status] ?? ""}`}>{tEnum("outboxStatus", d.status)}</span>
        <div className="muted small">
          {d.status === "SENT" && d.sentAt && date(d.sentAt, "medium")}
          {(d.status === "PENDING" || d.status === "SENDING") && t("delivery.nextAttempt", { time: date(d.nextAttemptAt, "medium") })}
        </div>
      </td>
      <td>{d.attempts}</td>
      <td className="delivery-error" title={d.attemptLog.map((a) => `${a.at} ${a.ok ? "ok" : (a.error ?? "")}`).join("\n")}>
        {d.lastError ?? "–"}
      </td>
    </tr>
  );
}
