import { useState } from "react";
import { useMutation } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { Dialog } from "../../app/ui/Dialog";
import { errorText } from "../../app/ui/errorText";
import { SUBMIT_FEEDBACK } from "./queries";

interface Step {
  id: string;
  position: number;
  name: string;
  nameEn?: string | null;
}

/** §2.4.3 any signed-in employee reports a problem on a process or one of its steps, from the process page. */
export function FeedbackButton({ process, steps }: { process: { id: string; name: string; nameEn?: string | null }; steps: Step[] }) {
  const { t, name } = useI18n();
  const [open, setOpen] = useState(false);
  const [stepId, setStepId] = useState("");
  const [message, setMessage] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [res, run] = useMutation(SUBMIT_FEEDBACK);
  return (
    <>
      <button
        type="button"
        className="btn btn--small"
        onClick={() => {
          setSent(false);
          setOpen(true);
        }}
      >
        {t("feedback.report")}
      </button>
      {sent && (
        <p className="notice" role="status">
          {t("feedback.sent")}
        </p>
      )}
      <Dialog
        open={open}
        title={t("feedback.reportTitle", { process: name(process) })}
        onClose={() => setOpen(false)}
        busy={res.fetching}
        error={problem}
        submitLabel={t("feedback.send")}
        onSubmit={async () => {
          const r = await run({ input: { processId: process.id, stepId: stepId || null, message: message.trim() } }, { additionalTypenames: ["Feedback"] });
          if (r.error) return setProblem(t("loop.failed", { message: errorText(r.error) ?? "?" }));
          setProblem(null);
          setMessage("");
          setStepId("");
          setOpen(false);
          setSent(true);
        }}
      >
        <label className="field">
          <span>
            {t("feedback.step")} {t("common.optional")}
          </span>
          <select name="stepId" value={stepId} onChange={(e) => setStepId(e.target.value)}>
            <option value="">{t("feedback.wholeProcess")}</option>
            {steps.map((s) => (
              <option key={s.id} value={s.id}>
                {s.position}. {name(s)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("feedback.message")}</span>
          <textarea name="message" rows={4} value={message} onChange={(e) => setMessage(e.target.value)} required maxLength={5000} />
        </label>
      </Dialog>
    </>
  );
}
