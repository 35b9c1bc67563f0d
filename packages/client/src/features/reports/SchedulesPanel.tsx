import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { errorText } from "../../app/ui/errorText";
import { ErrorNote, Loading } from "../../app/ui/States";
import { MultiSelect } from "../notify/fields";
import { CREATE_SCHEDULE, DELETE_SCHEDULE, type Run, SCHEDULES_QUERY, SEND_REPORT, type Schedule } from "./queries";
import { CRON_PRESETS, ScheduleForm } from "./ScheduleForm";

const CONTEXT = { additionalTypenames: ["ReportSchedule", "ReportRun"] };

interface Unit {
  id: string;
  code: string;
  name: string;
  nameEn?: string | null;
}

/**
 * Report schedules and sendings (§2.2.3, §6.3.1), for the process office, management and
 * administrators: the schedules with their next run, a form for a new one, delete, "send now" for
 * the chosen unit and month, and the latest runs with each contact point's outcome.
 */
export function SchedulesPanel({ units, unitCode, period }: { units: Unit[]; unitCode: string; period: string }) {
  const { t, tEnum, name, date } = useI18n();
  const [res, refetch] = useQuery({ query: SCHEDULES_QUERY, context: CONTEXT });
  const [, create] = useMutation(CREATE_SCHEDULE);
  const [del, runDelete] = useMutation(DELETE_SCHEDULE);
  const [send, runSend] = useMutation(SEND_REPORT);
  const [targets, setTargets] = useState<string[]>([]);
  const [sent, setSent] = useState<string | null>(null);
  const points = res.data?.contactPoints ?? [];
  const cronText = (s: Schedule) => {
    const preset = CRON_PRESETS.find((p) => p.cron === s.cron);
    return preset ? t(preset.key) : s.cron;
  };
  const unitLabel = (u: { code: string; name: string; nameEn?: string | null }) => `${u.code} · ${name(u)}`;
  const remove = async (s: Schedule) => {
    if (!window.confirm(t("schedule.deleteConfirm", { unit: unitLabel(s.unit) }))) return;
    await runDelete({ id: s.id }, CONTEXT);
    refetch({ requestPolicy: "network-only" });
  };
  const sendNow = async () => {
    setSent(null);
    const unit = units.find((u) => u.code === unitCode);
    if (!unit) return;
    const r = await runSend({ input: { unitId: unit.id, period, contactPointIds: targets } }, CONTEXT);
    if (r.data) setSent(r.data.sendUnitReport.ok ? t("schedule.sentOk") : t("schedule.sentFailed"));
    refetch({ requestPolicy: "network-only" });
  };

  if (res.fetching && !res.data) return <Loading />;
  if (res.error && !res.data) return <ErrorNote message={res.error.message} />;
  return (
    <>
      <section className="panel" aria-labelledby="send-now-title">
        <h2 id="send-now-title">{t("schedule.sendTitle", { unit: unitCode, period })}</h2>
        <div className="inline-form">
          <MultiSelect label={t("schedule.contactPoints")} name="sendTo" options={points.map((c) => ({ value: c.id, label: c.name }))} value={targets} onChange={setTargets} />
          <button type="button" className="btn btn--primary btn--small" disabled={send.fetching || targets.length === 0 || !unitCode || !period} onClick={sendNow}>
            {t("schedule.sendNow")}
          </button>
          {sent && (
            <span className="muted" role="status" data-send-result>
              {sent}
            </span>
          )}
        </div>
        {send.error && <ErrorNote message={errorText(send.error) ?? ""} />}
      </section>
      <section className="panel" aria-labelledby="schedules-title">
        <h2 id="schedules-title">{t("schedule.title")}</h2>
        <ScheduleForm
          units={units.map((u) => ({ id: u.id, label: unitLabel(u) }))}
          contactPoints={points.map((c) => ({ id: c.id, label: c.name }))}
          onSubmit={async (input) => {
            const r = await create({ input }, CONTEXT);
            if (!r.error) refetch({ requestPolicy: "network-only" });
            return errorText(r.error);
          }}
        />
        {del.error && <ErrorNote message={errorText(del.error) ?? ""} />}
        {res.data?.reportSchedules.length ? (
          <table className="table">
            <thead>
              <tr>
                <th>{t("report.unit")}</th>
                <th>{t("schedule.when")}</th>
                <th>{t("schedule.timeZone")}</th>
                <th>{t("schedule.periodKind")}</th>
                <th>{t("schedule.format")}</th>
                <th>{t("schedule.contactPoints")}</th>
                <th>{t("schedule.nextRun")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {res.data.reportSchedules.map((s) => (
                <tr key={s.id} data-schedule={s.unit.code}>
                  <td>{unitLabel(s.unit)}</td>
                  <td title={s.cron}>{cronText(s)}</td>
                  <td>{s.timeZone}</td>
                  <td>{tEnum("reportPeriodKind", s.periodKind)}</td>
                  <td>{s.format}</td>
                  <td>{s.contactPoints.map((c) => c.name).join(", ")}</td>
                  <td>{date(s.nextRunAt)}</td>
                  <td>
                    <button type="button" className="btn btn--small" disabled={del.fetching} onClick={() => remove(s)}>
                      {t("schedule.delete")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">{t("schedule.none")}</p>
        )}
      </section>
      <section className="panel" aria-labelledby="runs-title">
        <h2 id="runs-title">{t("schedule.runs")}</h2>
        {res.data?.reportRuns.length ? (
          <table className="table">
            <thead>
              <tr>
                <th>{t("schedule.runAt")}</th>
                <th>{t("report.unit")}</th>
                <th>{t("schedule.period")}</th>
                <th>{t("schedule.format")}</th>
                <th>{t("schedule.results")}</th>
              </tr>
            </thead>
            <tbody>
              {res.data.reportRuns.map((r) => (
                <RunRow key={r.id} run={r} label={unitLabel(r.unit)} />
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">{t("schedule.noRuns")}</p>
        )}
      </section>
    </>
  );
}

function RunRow({ run, label }: { run: Run; label: string }) {
  const { t, date } = useI18n();
  return (
    <tr data-run={run.unit.code} data-ok={run.ok}>
      <td>
        {date(run.createdAt)} {run.scheduleId ? "" : `(${t("schedule.manual")})`}
      </td>
      <td>{label}</td>
      <td>{run.period}</td>
      <td>{run.format}</td>
      <td>
        <ul className="plain-list">
          {run.results.map((x, i) => (
            <li key={x.contactPoint?.id ?? i} data-result={x.ok ? "ok" : "failed"}>
              {x.contactPoint?.name ?? t("schedule.deletedPoint")}: {x.ok ? t("schedule.ok") : t("schedule.failed", { error: x.error ?? "" })}
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
}
