import { useRef, useState } from "react";
import { useMutation } from "urql";
import { useI18n } from "../../../app/i18n/I18nProvider";
import { Dialog } from "../../../app/ui/Dialog";
import { errorText } from "../../../app/ui/errorText";
import { CREATE_PLAN, RECORD_INSPECTION, type Plan } from "../queries";

type Named = { id: string; code: string; name: string; nameEn: string };
type ProcessOption = Named & { steps: readonly { id: string; position: number; name: string; nameEn: string }[] };

const METHODS = ["PERIODIC_INSPECTION", "SPOT_CHECK", "ONSITE_OBSERVATION", "DATA_ANALYSIS"] as const;
const CADENCES = ["MONTHLY", "QUARTERLY", "SEMI_ANNUAL", "ANNUAL", "AD_HOC"] as const;
const SEVERITIES = ["HIGH", "MEDIUM", "LOW"] as const;

/** Local "YYYY-MM-DDTHH:mm" for a datetime-local input. */
const localInput = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** A new monitoring plan (§4.2.1): process, method, cadence, responsible unit, first due date. */
export function CreatePlanDialog({ processes, units, onClose }: { processes: readonly ProcessOption[]; units: readonly Named[]; onClose(): void }) {
  const { t, tEnum, name } = useI18n();
  const [f, setF] = useState({
    processId: "",
    method: "PERIODIC_INSPECTION" as (typeof METHODS)[number],
    cadence: "MONTHLY" as (typeof CADENCES)[number],
    unitId: "",
    firstDueAt: "",
    description: "",
  });
  const [problem, setProblem] = useState<string | null>(null);
  const [res, run] = useMutation(CREATE_PLAN);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  return (
    <Dialog
      open
      title={t("monitoring.create")}
      onClose={onClose}
      busy={res.fetching}
      error={problem}
      submitLabel={t("loop.save")}
      onSubmit={async () => {
        const r = await run({
          input: {
            processId: f.processId,
            method: f.method,
            cadence: f.cadence,
            unitId: f.unitId,
            firstDueAt: f.firstDueAt ? new Date(`${f.firstDueAt}T23:59:59`).toISOString() : null,
            description: f.description || null,
          },
        });
        if (r.error) return setProblem(t("loop.failed", { message: errorText(r.error) ?? "?" }));
        onClose();
      }}
    >
      <label className="field">
        <span>{t("loop.process")}</span>
        <select value={f.processId} onChange={set("processId")} required>
          <option value="">{t("evaluation.choose")}</option>
          {processes.map((p) => (
            <option key={p.id} value={p.id}>
              {p.code} {name(p)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t("monitoring.method")}</span>
        <select value={f.method} onChange={set("method")}>
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {tEnum("method", m)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t("monitoring.cadence")}</span>
        <select value={f.cadence} onChange={set("cadence")}>
          {CADENCES.map((c) => (
            <option key={c} value={c}>
              {tEnum("cadence", c)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t("loop.unit")}</span>
        <select value={f.unitId} onChange={set("unitId")} required>
          <option value="">{t("evaluation.choose")}</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {name(u)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t("monitoring.firstDue")}</span>
        <input type="date" value={f.firstDueAt} onChange={set("firstDueAt")} />
      </label>
      <label className="field">
        <span>
          {t("monitoring.description")} {t("common.optional")}
        </span>
        <textarea rows={2} value={f.description} onChange={set("description")} />
      </label>
    </Dialog>
  );
}

interface FindingDraft {
  /** Keys the row while findings are added and removed. */
  key: number;
  severity: (typeof SEVERITIES)[number];
  stepId: string;
  description: string;
  evidence: string;
}

/** The inspection form (§4.2.3-§4.2.5): method, date, summary, observations and findings (severity, step, description, evidence). */
export function InspectionDialog({ plan, process, onClose }: { plan: Plan | null; process: ProcessOption; onClose(done: boolean): void }) {
  const { t, tEnum, name } = useI18n();
  const [method, setMethod] = useState<(typeof METHODS)[number]>(plan?.method ?? "SPOT_CHECK");
  const [performedAt, setPerformedAt] = useState(() => localInput(Date.now()));
  const [summary, setSummary] = useState("");
  const [observations, setObservations] = useState("");
  const [findings, setFindings] = useState<FindingDraft[]>([]);
  const nextKey = useRef(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [res, run] = useMutation(RECORD_INSPECTION);
  const steps = [...process.steps].sort((a, b) => a.position - b.position);
  const change = (i: number, patch: Partial<FindingDraft>) => setFindings((fs) => fs.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <Dialog
      open
      title={t("monitoring.recordTitle", { process: name(process) })}
      onClose={() => onClose(false)}
      busy={res.fetching}
      error={problem}
      submitLabel={t("monitoring.record")}
      onSubmit={async () => {
        const r = await run({
          input: {
            planId: plan?.id ?? null,
            processId: process.id,
            method,
            performedAt: new Date(performedAt).toISOString(),
            summary,
            observations: observations || null,
            findings: findings.map((f) => ({ severity: f.severity, stepId: f.stepId || null, description: f.description, evidence: f.evidence || null })),
          },
        });
        if (r.error) return setProblem(t("loop.failed", { message: errorText(r.error) ?? "?" }));
        onClose(true);
      }}
    >
      <label className="field">
        <span>{t("monitoring.method")}</span>
        <select value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {tEnum("method", m)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t("monitoring.performedAt")}</span>
        <input type="datetime-local" value={performedAt} onChange={(e) => setPerformedAt(e.target.value)} />
      </label>
      <label className="field">
        <span>{t("monitoring.summary")}</span>
        <input value={summary} onChange={(e) => setSummary(e.target.value)} />
      </label>
      <label className="field">
        <span>
          {t("monitoring.observations")} {t("common.optional")}
        </span>
        <textarea rows={2} value={observations} onChange={(e) => setObservations(e.target.value)} />
      </label>
      <fieldset className="findings">
        <legend>{t("monitoring.findings")}</legend>
        {findings.map((f, i) => (
          <fieldset key={f.key} className="finding" aria-label={`${t("monitoring.findings")} ${i + 1}`}>
            <label className="field field--inline">
              <span>{t("monitoring.severity")}</span>
              <select value={f.severity} onChange={(e) => change(i, { severity: e.target.value as FindingDraft["severity"] })}>
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {tEnum("severity", s)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field field--inline">
              <span>{t("monitoring.step")}</span>
              <select value={f.stepId} onChange={(e) => change(i, { stepId: e.target.value })}>
                <option value="">—</option>
                {steps.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.position}. {name(s)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t("monitoring.findingDescription")}</span>
              <input value={f.description} onChange={(e) => change(i, { description: e.target.value })} />
            </label>
            <label className="field">
              <span>
                {t("monitoring.evidence")} {t("common.optional")}
              </span>
              <input value={f.evidence} onChange={(e) => change(i, { evidence: e.target.value })} />
            </label>
            <button type="button" className="btn btn--small btn--ghost" onClick={() => setFindings((fs) => fs.filter((_, j) => j !== i))}>
              {t("monitoring.removeFinding", { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        <button
          type="button"
          className="btn btn--small"
          onClick={() => {
            const key = ++nextKey.current;
            setFindings((fs) => [...fs, { key, severity: "MEDIUM", stepId: "", description: "", evidence: "" }]);
          }}
        >
          {t("monitoring.addFinding")}
        </button>
      </fieldset>
    </Dialog>
  );
}
