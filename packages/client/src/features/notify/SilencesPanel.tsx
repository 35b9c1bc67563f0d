import { useState } from "react";
import { useMutation } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { Dialog } from "../../app/ui/Dialog";
import { errorText } from "../../app/ui/errorText";
import { ErrorNote, Loading, Panel } from "../../app/ui/States";
import { useLiveQuery } from "../../app/useLiveQuery";
import { END_SILENCE, SILENCES_QUERY, UPDATE_SILENCE, type Silence } from "./queries";

/** "2026-11-30T10:00:00Z" → the local "2026-11-30T18:00" a datetime-local input shows. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function silenceStatus(s: Silence, now: number): "active" | "ended" | "scheduled" {
  if (Date.parse(s.endsAt) <= now) return "ended";
  return Date.parse(s.startsAt) > now ? "scheduled" : "active";
}

/** Silences (§6.2.2): active and ended ones, with their end and reason editable and an "end now". */
export function SilencesPanel() {
  const { t } = useI18n();
  const [activeOnly, setActiveOnly] = useState(false);
  const res = useLiveQuery({ query: SILENCES_QUERY, variables: { active: activeOnly || null }, pollMs: 60_000 });
  const [end, runEnd] = useMutation(END_SILENCE);
  const [editing, setEditing] = useState<Silence | null>(null);
  const silences = res.data?.silences ?? [];
  const now = Date.now();
  return (
    <>
      <div className="filters">
        <label className="check">
          <input type="checkbox" checked={activeOnly} onChange={(e) => setActiveOnly(e.target.checked)} /> {t("silence.activeOnly")}
        </label>
      </div>
      {end.error && <ErrorNote message={errorText(end.error) ?? ""} />}
      {res.error && !res.data && <ErrorNote message={res.error.message} onRetry={res.refetch} />}
      {!res.data && !res.error && <Loading />}
      {res.data && (
        <Panel title={t("silence.count", { n: silences.length })}>
          {silences.length === 0 ? (
            <p className="muted empty">{t("loop.empty")}</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>{t("silence.status")}</th>
                    <th>{t("silence.target")}</th>
                    <th>{t("silence.reason")}</th>
                    <th>{t("silence.starts")}</th>
                    <th>{t("silence.ends")}</th>
                    <th>{t("silence.by")}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {silences.map((s) => (
                    <SilenceRow
                      key={s.id}
                      s={s}
                      status={silenceStatus(s, now)}
                      onEdit={() => setEditing(s)}
                      onEnd={async () => {
                        await runEnd({ id: s.id });
                        res.refetch();
                      }}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Panel>
      )}
      {editing && (
        <EditSilenceDialog
          silence={editing}
          onClose={() => {
            setEditing(null);
            res.refetch();
          }}
        />
      )}
    </>
  );
}

function useTarget() {
  const { name } = useI18n();
  return (s: Silence) => (s.indicator ? `${s.indicator.code} ${name(s.indicator)}` : s.process ? `${s.process.code} ${name(s.process)}` : "–");
}

function SilenceRow({ s, status, onEdit, onEnd }: { s: Silence; status: "active" | "ended" | "scheduled"; onEdit(): void; onEnd(): void }) {
  const { t, date } = useI18n();
  const target = useTarget()(s);
  return (
    <tr data-silence={s.id} data-status={status}>
      <td>
        <span className={`pill pill--small ${status === "active" ? "pill--warning" : ""}`}>{t(`silence.${status}`)}</span>
      </td>
      <td>{target}</td>
      <td>{s.reason}</td>
      <td>{date(s.startsAt, "medium")}</td>
      <td>{date(s.endsAt, "medium")}</td>
      <td>{s.createdBy.name}</td>
      <td className="table__actions">
        {status !== "ended" && (
          <>
            <button type="button" className="btn btn--small" onClick={onEdit} aria-label={`${t("silence.edit")}: ${target}`}>
              {t("silence.edit")}
            </button>
            <button type="button" className="btn btn--small btn--ghost" onClick={onEnd} aria-label={`${t("silence.endNow")}: ${target}`}>
              {t("silence.endNow")}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

function EditSilenceDialog({ silence, onClose }: { silence: Silence; onClose(): void }) {
  const { t } = useI18n();
  const target = useTarget()(silence);
  const [endsAt, setEndsAt] = useState(toLocalInput(silence.endsAt));
  const [reason, setReason] = useState(silence.reason);
  const [problem, setProblem] = useState<string | null>(null);
  const [res, run] = useMutation(UPDATE_SILENCE);
  return (
    <Dialog
      open
      title={t("silence.editTitle", { target })}
      onClose={onClose}
      busy={res.fetching}
      error={problem}
      submitLabel={t("loop.save")}
      onSubmit={async () => {
        const r = await run({ input: { id: silence.id, endsAt: new Date(endsAt).toISOString(), reason: reason.trim() } });
        if (r.error) return setProblem(t("loop.failed", { message: errorText(r.error) ?? "?" }));
        onClose();
      }}
    >
      <label className="field">
        <span>{t("silence.ends")}</span>
        <input type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} required />
      </label>
      <label className="field">
        <span>{t("silence.reason")}</span>
        <textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} required />
      </label>
    </Dialog>
  );
}
