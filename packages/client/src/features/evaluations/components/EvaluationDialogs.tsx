import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { useI18n } from "../../../app/i18n/I18nProvider";
import { Dialog } from "../../../app/ui/Dialog";
import { errorText } from "../../../app/ui/errorText";
import { SelectField, TextField } from "../../../app/ui/Field";
import { ADJUST_EVALUATION, FINALIZE_EVALUATION, OWNER_OPTIONS_QUERY, type Criterion, type EvaluationDetail } from "../queries";

/** Changes one criterion's attainment with a reason that is kept (§4.3.2). */
export function AdjustDialog({ evaluationId, criterion, onClose }: { evaluationId: string; criterion: Criterion; onClose(): void }) {
  const { t, name } = useI18n();
  const [attainment, setAttainment] = useState(String(criterion.attainment ?? 0));
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [res, run] = useMutation(ADJUST_EVALUATION);
  const label = criterion.indicator ? `${criterion.indicator.code} ${name(criterion.indicator)}` : criterion.label;
  return (
    <Dialog
      open
      title={t("evaluation.adjustTitle", { label })}
      onClose={onClose}
      busy={res.fetching}
      error={problem}
      submitLabel={t("loop.save")}
      onSubmit={async () => {
        if (!reason.trim()) return setProblem(t("evaluation.reasonRequired"));
        const r = await run({ evaluationId, key: criterion.key, attainment: Number(attainment), reason: reason.trim() });
        if (r.error) return setProblem(t("loop.failed", { message: errorText(r.error) ?? "?" }));
        onClose();
      }}
    >
      <TextField label={t("evaluation.newAttainment")} type="number" min={0} max={100} step="0.1" value={attainment} onChange={setAttainment} required />
      <TextField label={t("evaluation.reason")} rows={3} value={reason} onChange={setReason} />
    </Dialog>
  );
}

/**
 * Finalises a draft. A FAIL asks for the rectification (§4.3.3): cause analysis, measures, owner
 * unit and person, deadline. What the server refuses (e.g. a missing field) is shown in its words;
 * the fields are not required in the browser, so the server's rule is the one that speaks.
 */
export function FinalizeDialog({ evaluation, onClose }: { evaluation: EvaluationDetail; onClose(): void }) {
  const { t, name } = useI18n();
  const fail = evaluation.grade === "FAIL";
  const [options] = useQuery({ query: OWNER_OPTIONS_QUERY, pause: !fail });
  const [form, setForm] = useState({ causeAnalysis: "", measures: "", ownerUnitId: evaluation.process.owner.id, ownerId: "", deadline: "" });
  const [problem, setProblem] = useState<string | null>(null);
  const [res, run] = useMutation(FINALIZE_EVALUATION);
  const set = (k: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [k]: value }));
  const people = options.data?.users.edges.map((e) => e.node).filter((u) => !form.ownerUnitId || u.unit.id === form.ownerUnitId) ?? [];
  return (
    <Dialog
      open
      title={t("evaluation.finalizeTitle")}
      onClose={onClose}
      busy={res.fetching}
      error={problem}
      submitLabel={t("evaluation.finalize")}
      onSubmit={async () => {
        const blank = (s: string) => (s.trim() ? s.trim() : null);
        const rectification = fail
          ? {
              causeAnalysis: blank(form.causeAnalysis),
              measures: blank(form.measures),
              ownerUnitId: blank(form.ownerUnitId),
              ownerId: blank(form.ownerId),
              deadline: form.deadline ? new Date(`${form.deadline}T23:59:59`).toISOString() : null,
            }
          : null;
        const r = await run({ evaluationId: evaluation.id, rectification });
        if (r.error) return setProblem(t("loop.failed", { message: errorText(r.error) ?? "?" }));
        onClose();
      }}
    >
      {fail ? (
        <>
          <p className="callout callout--fail">{t("evaluation.failNeedsRectification")}</p>
          <TextField label={t("evaluation.causeAnalysis")} rows={3} value={form.causeAnalysis} onChange={set("causeAnalysis")} />
          <TextField label={t("evaluation.measures")} rows={3} value={form.measures} onChange={set("measures")} />
          <SelectField
            label={t("evaluation.ownerUnit")}
            value={form.ownerUnitId}
            onChange={set("ownerUnitId")}
            placeholder={t("evaluation.choose")}
            options={options.data?.orgUnits.edges.map(({ node: u }) => ({ value: u.id, label: name(u) })) ?? []}
          />
          <SelectField
            label={t("evaluation.ownerPerson")}
            value={form.ownerId}
            onChange={set("ownerId")}
            placeholder={t("evaluation.choose")}
            options={people.map((u) => ({ value: u.id, label: u.name }))}
          />
          <TextField label={t("loop.deadline")} type="date" value={form.deadline} onChange={set("deadline")} />
        </>
      ) : null}
    </Dialog>
  );
}
