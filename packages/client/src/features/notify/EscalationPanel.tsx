import { enumValues } from "../../app/graphql";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { FormFoot } from "./fields";
import { errorText } from "../../app/ui/errorText";
import { ErrorNote, Loading, Panel } from "../../app/ui/States";
import { useLiveQuery } from "../../app/useLiveQuery";
import { CREATE_ESCALATION, DELETE_ESCALATION, ESCALATION_QUERY, type ContactPoint, type EscalationPolicy } from "./queries";

let stepKey = 0;
const newStep = (afterMinutes: string) => ({ key: ++stepKey, afterMinutes, contactPointId: "" });

const CATEGORIES = enumValues<"ProcessCategory">({ STRATEGY: true, MARKETING: true, FINANCE: true, HR: true, ADMINISTRATION: true });
type Category = (typeof CATEGORIES)[number];

/** Escalation policies (§2.1.2): per process category, a CRITICAL warning not acknowledged in time goes to each step in turn; edit (its replacement, filled in) and delete. */
export function EscalationPanel() {
  const { t, tEnum } = useI18n();
  const res = useLiveQuery({ query: ESCALATION_QUERY });
  const [del, runDelete] = useMutation(DELETE_ESCALATION);
  const [editing, setEditing] = useState<EscalationPolicy | null>(null);
  const policies = res.data?.escalationPolicies ?? [];
  const remove = async (p: EscalationPolicy) => {
    if (!window.confirm(t("notify.deleteConfirm", { name: p.name }))) return;
    await runDelete({ id: p.id }, { additionalTypenames: ["EscalationPolicy"] });
    res.refetch();
  };
  return (
    <>
      {res.data && (
        <EscalationForm
          key={editing?.id ?? "new"}
          contactPoints={res.data.contactPoints}
          editing={editing}
          onCancel={editing ? () => setEditing(null) : undefined}
          onDone={() => {
            setEditing(null);
            res.refetch();
          }}
        />
      )}
      {del.error && <ErrorNote message={errorText(del.error) ?? ""} />}
      {res.error && !res.data && <ErrorNote message={res.error.message} onRetry={res.refetch} />}
      {!res.data && !res.error && <Loading />}
      {res.data && (
        <Panel title={t("esc.count", { n: policies.length })}>
          {policies.length === 0 ? (
            <p className="muted empty">{t("loop.empty")}</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t("notify.name")}</th>
                  <th>{t("esc.category")}</th>
                  <th>{t("esc.steps")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {policies.map((p) => (
                  <tr key={p.id} data-escalation={p.name}>
                    <td>{p.name}</td>
                    <td>{p.category ? tEnum("category", p.category) : t("esc.anyCategory")}</td>
                    <td>
                      <ol className="esc-steps">
                        {p.steps.map((s) => (
                          <li key={`${s.afterMinutes}:${s.contactPoint?.id ?? ""}`}>{t("esc.step", { m: s.afterMinutes, name: s.contactPoint?.name ?? "–" })}</li>
                        ))}
                      </ol>
                    </td>
                    <td className="table__actions">
                      <button type="button" className="btn btn--small" onClick={() => setEditing(p)} aria-label={`${t("notify.edit")}: ${p.name}`}>
                        {t("notify.edit")}
                      </button>
                      <button type="button" className="btn btn--small btn--ghost" onClick={() => remove(p)} aria-label={`${t("notify.delete")}: ${p.name}`}>
                        {t("notify.delete")}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
      )}
    </>
  );
}

function EscalationForm({ contactPoints, onDone, editing, onCancel }: { contactPoints: ContactPoint[]; onDone(): void; editing: EscalationPolicy | null; onCancel?: () => void }) {
  const { t, tEnum } = useI18n();
  const [name, setName] = useState(editing?.name ?? "");
  const [category, setCategory] = useState<Category | "">((editing?.category as Category | null) ?? "");
  const [steps, setSteps] = useState(() =>
    editing ? editing.steps.map((s) => ({ ...newStep(String(s.afterMinutes)), contactPointId: s.contactPoint?.id ?? "" })) : [newStep("15")],
  );
  const [error, setError] = useState<string | null>(null);
  const [res, run] = useMutation(CREATE_ESCALATION);
  if (!contactPoints.length) return <p className="muted">{t("policy.noContactPoint")}</p>;
  const setStep = (i: number, k: "afterMinutes" | "contactPointId", v: string) => setSteps((s) => s.map((x, j) => (j === i ? { ...x, [k]: v } : x)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await run(
      { input: { name: name.trim(), category: category || null, steps: steps.map((s) => ({ afterMinutes: Number(s.afterMinutes), contactPointId: s.contactPointId })) } },
      { additionalTypenames: ["EscalationPolicy"] },
    );
    if (r.error) return setError(t("loop.failed", { message: errorText(r.error) ?? "?" }));
    setError(null);
    setName("");
    setSteps([newStep("15")]);
    onDone();
  };
  return (
    <form className="inline-form notify-form" onSubmit={submit} aria-labelledby="esc-form-title" data-editing={editing ? editing.name : undefined}>
      <strong className="inline-form__title notify-form__wide" id="esc-form-title">
        {t("esc.createTitle")} <span className="muted small">{t("esc.replaces")}</span>
      </strong>
      <label className="field field--inline">
        <span>{t("notify.name")}</span>
        <input name="name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label className="field field--inline">
        <span>{t("esc.category")}</span>
        <select name="category" value={category} onChange={(e) => setCategory(e.target.value as Category | "")}>
          <option value="">{t("esc.anyCategory")}</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {tEnum("category", c)}
            </option>
          ))}
        </select>
      </label>
      <ol className="esc-form-steps notify-form__wide">
        {steps.map((s, i) => (
          <li key={s.key}>
            <label className="field field--inline">
              <span>{t("esc.afterMinutes")}</span>
              <input type="number" min={0} className="input--short" value={s.afterMinutes} onChange={(e) => setStep(i, "afterMinutes", e.target.value)} required />
            </label>
            <label className="field field--inline">
              <span>{t("policy.contactPoint")}</span>
              <select value={s.contactPointId} onChange={(e) => setStep(i, "contactPointId", e.target.value)} required>
                <option value="" />
                {contactPoints.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            {steps.length > 1 && (
              <button
                type="button"
                className="btn btn--small btn--ghost"
                onClick={() => setSteps((x) => x.filter((_, j) => j !== i))}
                aria-label={t("esc.removeStep", { n: i + 1 })}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ol>
      <button type="button" className="btn btn--small" onClick={() => setSteps((x) => [...x, newStep("60")])}>
        {t("esc.addStep")}
      </button>
      <FormFoot busy={res.fetching} error={error} onCancel={onCancel} />
    </form>
  );
}
