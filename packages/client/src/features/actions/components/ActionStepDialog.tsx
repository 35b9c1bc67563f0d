import { useState } from "react";
import { useMutation } from "urql";
import { useI18n } from "../../../app/i18n/I18nProvider";
import { Dialog } from "../../../app/ui/Dialog";
import { errorText } from "../../../app/ui/errorText";
import { COMPLETE_ACTION, REOPEN_ACTION, UPDATE_ACTION_PROGRESS, VERIFY_ACTION, type ActionItem } from "../queries";
import { STEP_LABEL, type ActionStep } from "./ActionCard";

/**
 * The note form of one step (progress, complete, verify, reopen). A refusal stays in the dialog
 * in the server's words: "the indicator has not recovered" (§4.4.2) must be read, not lost.
 */
export function ActionStepDialog({ target, onClose }: { target: { step: ActionStep; action: ActionItem } | null; onClose(): void }) {
  if (!target) return null;
  return <StepForm key={`${target.step}:${target.action.id}`} step={target.step} action={target.action} onClose={onClose} />;
}

function StepForm({ step, action, onClose }: { step: ActionStep; action: ActionItem; onClose(): void }) {
  const { t } = useI18n();
  const [note, setNote] = useState("");
  const [evidence, setEvidence] = useState("");
  const [progress, setProgress] = useState(String(Math.min(100, action.progress + 25)));
  const [local, setLocal] = useState<string | null>(null);
  const [p, runProgress] = useMutation(UPDATE_ACTION_PROGRESS);
  const [c, runComplete] = useMutation(COMPLETE_ACTION);
  const [v, runVerify] = useMutation(VERIFY_ACTION);
  const [r, runReopen] = useMutation(REOPEN_ACTION);
  const [failure, setFailure] = useState<string | null>(null);
  const busy = p.fetching || c.fetching || v.fetching || r.fetching;
  const submit = async () => {
    if (!note.trim()) return setLocal(t("loop.noteRequired"));
    setLocal(null);
    const vars = { actionId: action.id, note: note.trim() };
    const ev = evidence.trim() || null;
    const res =
      step === "progress"
        ? await runProgress({ ...vars, progress: Number(progress), evidence: ev })
        : step === "complete"
          ? await runComplete({ ...vars, evidence: ev })
          : step === "verify"
            ? await runVerify(vars)
            : await runReopen(vars);
    if (res.error) return setFailure(t("loop.failed", { message: errorText(res.error) ?? "?" }));
    onClose();
  };
  return (
    <Dialog
      open
      title={t("actions.updateTitle", { verb: t(STEP_LABEL[step]), title: action.title })}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={t(STEP_LABEL[step])}
      busy={busy}
      error={local ?? failure}
    >
      {step === "progress" && (
        <label className="field">
          <span>{t("actions.percent")}</span>
          <input type="number" min={0} max={100} step={5} value={progress} onChange={(e) => setProgress(e.target.value)} />
        </label>
      )}
      <label className="field">
        <span>{t("loop.note")}</span>
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={3} required />
      </label>
      {(step === "progress" || step === "complete") && (
        <label className="field">
          <span>
            {t("actions.evidence")} {t("common.optional")}
          </span>
          <input value={evidence} onChange={(e) => setEvidence(e.target.value)} />
        </label>
      )}
    </Dialog>
  );
}
