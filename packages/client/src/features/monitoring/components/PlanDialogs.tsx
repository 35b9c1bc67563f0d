import { useRef, useState } from "react";
import { enumValues } from "../../../app/graphql";
import { useMutation } from "urql";
import { useI18n } from "../../../app/i18n/I18nProvider";
import { Dialog } from "../../../app/ui/Dialog";
import { errorText } from "../../../app/ui/errorText";
import { SelectField, TextField } from "../../../app/ui/Field";
import { CREATE_PLAN, RECORD_INSPECTION, type Plan } from "../queries";

type Named = { id: string; code: string; name: string; nameEn: string };
type ProcessOption = Named & { steps: readonly { id: string; position: number; name: string; nameEn: string }[] };

const METHODS = enumValues<"MonitoringMethod">({ PERIODIC_INSPECTION: true, SPOT_CHECK: true, ONSITE_OBSERVATION: true, DATA_ANALYSIS: true });
const CADENCES = enumValues<"Cadence">({ MONTHLY: true, QUARTERLY: true, SEMI_ANNUAL: true, ANNUAL: true, AD_HOC: true });
const SEVERITIES = enumValues<"Severity">({ HIGH: true, MEDIUM: true, LOW: true });

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
  const set = (k: keyof typeof f) => (value: string) => setF((x) => ({ ...x, [k]: value }));
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
      <SelectField
        label={t("loop.process")}
        value={f.processId}
        onChange={set("processId")}
        required
        placeholder={t("evaluation.choose")}
        options={processes.map((p) => ({ value: p.id, label: `${p.code} ${name(p)}` }))}
      />
      <SelectField label={t("monitoring.method")} value={f.method} onChange={set("method")} options={METHODS.map((m) => ({ value: m, label: tEnum("method", m) }))} />
      <SelectField label={t("monitoring.cadence")} value={f.cadence} onChange={set("cadence")} options={CADENCES.map((c) => ({ value: c, label: tEnum("cadence", c) }))} />
      <SelectField
        label={t("loop.unit")}
        value={f.unitId}
        onChange={set("unitId")}
        required
        placeholder={t("evaluation.choose")}
        options={units.map((u) => ({ value: u.id, label: name(u) }))}
      />
      <TextField label={t("monitoring.firstDue")} type="date" value={f.firstDueAt} onChange={set("firstDueAt")} />
      <TextField label={t("monitoring.description")} optional rows={2} value={f.description} onChange={set("description")} />
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
      <SelectField
        label={t("monitoring.method")}
        value={method}
        onChange={(v) => setMethod(v as typeof method)}
        options={METHODS.map((m) => ({ value: m, label: tEnum("method", m) }))}
      />
      <TextField label={t("monitoring.performedAt")} type="datetime-local" value={performedAt} onChange={setPerformedAt} />
      <TextField label={t("monitoring.summary")} value={summary} onChange={setSummary} />
      <TextField label={t("monitoring.observations")} optional rows={2} value={observations} onChange={setObservations} />
      <fieldset className="findings">
        <legend>{t("monitoring.findings")}</legend>
        {findings.map((f, i) => (
          <fieldset key={f.key} className="finding" aria-label={`${t("monitoring.findings")} ${i + 1}`}>
            <SelectField
              inline
              label={t("monitoring.severity")}
              value={f.severity}
              onChange={(v) => change(i, { severity: v as FindingDraft["severity"] })}
              options={SEVERITIES.map((s) => ({ value: s, label: tEnum("severity", s) }))}
            />
            <SelectField
              inline
              label={t("monitoring.step")}
              value={f.stepId}
              onChange={(v) => change(i, { stepId: v })}
              placeholder="—"
              options={steps.map((s) => ({ value: s.id, label: `${s.position}. ${name(s)}` }))}
            />
            <TextField label={t("monitoring.findingDescription")} value={f.description} onChange={(v) => change(i, { description: v })} />
            <TextField label={t("monitoring.evidence")} optional value={f.evidence} onChange={(v) => change(i, { evidence: v })} />
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
