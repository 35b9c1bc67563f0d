import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { Dialog } from "../../app/ui/Dialog";
import { errorText } from "../../app/ui/errorText";
import { ANSWER_FEEDBACK, FEEDBACK_TO_ACTION, FEEDBACK_UNITS_QUERY, type FeedbackItem } from "./queries";

const CONTEXT = { additionalTypenames: ["Feedback", "Action"] };

function useProcessLabel(item: FeedbackItem) {
  const { name } = useI18n();
  return item.process ? `${item.process.code} ${name(item.process)}` : "–";
}

/** Answers feedback (§2.4.3); the author finds the answer in the inbox. */
export function AnswerDialog({ item, onClose }: { item: FeedbackItem; onClose(): void }) {
  const { t } = useI18n();
  const [answer, setAnswer] = useState(item.answer ?? "");
  const [problem, setProblem] = useState<string | null>(null);
  const [res, run] = useMutation(ANSWER_FEEDBACK);
  return (
    <Dialog
      open
      title={t("feedback.answerTitle", { process: useProcessLabel(item) })}
      onClose={onClose}
      busy={res.fetching}
      error={problem}
      submitLabel={t("feedback.answer")}
      onSubmit={async () => {
        const r = await run({ input: { feedbackId: item.id, answer: answer.trim() } }, CONTEXT);
        if (r.error) return setProblem(t("loop.failed", { message: errorText(r.error) ?? "?" }));
        onClose();
      }}
    >
      <p className="dialog__subject">{item.message}</p>
      <label className="field">
        <span>{t("feedback.answer")}</span>
        <textarea name="answer" rows={4} value={answer} onChange={(e) => setAnswer(e.target.value)} required maxLength={5000} />
      </label>
    </Dialog>
  );
}

/** Turns feedback into an improvement action (§2.4.3, §4.4.2) with an owner unit and a deadline; the feedback closes. */
export function ToActionDialog({ item, onClose }: { item: FeedbackItem; onClose(): void }) {
  const { t, name } = useI18n();
  const [units] = useQuery({ query: FEEDBACK_UNITS_QUERY });
  const [form, setForm] = useState({ title: "", ownerUnitId: item.recipientUnit.id, deadline: "" });
  const [problem, setProblem] = useState<string | null>(null);
  const [res, run] = useMutation(FEEDBACK_TO_ACTION);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  return (
    <Dialog
      open
      title={t("feedback.toActionTitle", { process: useProcessLabel(item) })}
      onClose={onClose}
      busy={res.fetching}
      error={problem}
      submitLabel={t("feedback.toAction")}
      onSubmit={async () => {
        const deadline = form.deadline ? new Date(`${form.deadline}T23:59:59`).toISOString() : "";
        const r = await run({ input: { feedbackId: item.id, title: form.title.trim(), ownerUnitId: form.ownerUnitId, deadline } }, CONTEXT);
        if (r.error) return setProblem(t("loop.failed", { message: errorText(r.error) ?? "?" }));
        onClose();
      }}
    >
      <p className="dialog__subject">{item.message}</p>
      <label className="field">
        <span>{t("feedback.actionTitle")}</span>
        <input name="title" value={form.title} onChange={set("title")} required maxLength={200} />
      </label>
      <label className="field">
        <span>{t("feedback.ownerUnit")}</span>
        <select name="ownerUnitId" value={form.ownerUnitId} onChange={set("ownerUnitId")}>
          {(units.data?.orgUnits.edges.map((e) => e.node) ?? [item.recipientUnit]).map((u) => (
            <option key={u.id} value={u.id}>
              {name(u)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t("feedback.deadline")}</span>
        <input name="deadline" type="date" value={form.deadline} onChange={set("deadline")} required />
      </label>
    </Dialog>
  );
}
