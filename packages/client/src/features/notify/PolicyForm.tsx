import { enumValues } from "../../app/graphql";
import { Field } from "../../app/ui/Field";
import { useI18n } from "../../app/i18n/I18nProvider";
import { CheckGroup, dbId, MultiSelect, FormFoot, useSettingsForm } from "./fields";
import type { ContactPoint, CreatePolicyInput, NotifyOptions, Policy } from "./queries";

export const LEVELS = enumValues<"AlertLevel">({ CRITICAL: true, WARNING: true });
export const SOURCES = enumValues<"NotificationAlertSource">({
  THRESHOLD_RULE: true,
  MONITORING_PLAN_OVERDUE: true,
  ACTION_OVERDUE: true,
  RISK_WITHOUT_PLAN: true,
  RISK_REVIEW_OVERDUE: true,
});
export const RISK_CATEGORIES = enumValues<"RiskCategory">({ MARKET: true, FINANCIAL: true, OPERATIONAL: true, LEGAL: true });
export const GROUP_LABELS = ["alert", "level", "source", "process", "unit", "indicator", "riskCategory"] as const;
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0] as const;

/** A new policy's form: every matcher blank (any), Alertmanager's default timings. */
export const EMPTY_POLICY_FORM = {
  name: "",
  contactPointId: "",
  position: "",
  levels: [] as (typeof LEVELS)[number][],
  sources: [] as (typeof SOURCES)[number][],
  riskCategories: [] as (typeof RISK_CATEGORIES)[number][],
  processIds: [] as string[],
  unitIds: [] as string[],
  groupBy: [] as string[],
  groupWaitSeconds: "0",
  groupIntervalSeconds: "300",
  repeatIntervalSeconds: "14400",
  quietStart: "",
  quietEnd: "",
  weekdays: [] as number[],
  dates: "",
  timeZone: "Asia/Taipei",
};
type Form = typeof EMPTY_POLICY_FORM;
const blankToNull = <T,>(list: T[]) => (list.length ? list : null);

/**
 * A stored policy as the form holds it: matchers list processes and units by database id, the form
 * by the options' global ids; the form edits one mute timing (the first).
 */
export function policyForm(p: Policy, options?: NotifyOptions): Form {
  const globalIds = (ids: readonly string[], nodes: { id: string }[]) => ids.map((id) => nodes.find((n) => dbId(n.id) === id)?.id ?? id);
  const mt = p.muteTimings[0];
  return {
    name: p.name,
    contactPointId: p.contactPoint.id,
    position: String(p.position),
    levels: p.matchers.levels as Form["levels"],
    sources: p.matchers.sources as Form["sources"],
    riskCategories: p.matchers.riskCategories as Form["riskCategories"],
    processIds: globalIds(p.matchers.processIds, options?.processes.edges.map((e) => e.node) ?? []),
    unitIds: globalIds(p.matchers.unitIds, options?.orgUnits.edges.map((e) => e.node) ?? []),
    groupBy: [...p.groupBy],
    groupWaitSeconds: String(p.groupWaitSeconds),
    groupIntervalSeconds: String(p.groupIntervalSeconds),
    repeatIntervalSeconds: String(p.repeatIntervalSeconds),
    quietStart: mt?.quietStart ?? "",
    quietEnd: mt?.quietEnd ?? "",
    weekdays: [...(mt?.weekdays ?? [])],
    dates: mt?.dates.join(", ") ?? "",
    timeZone: mt?.timeZone ?? "Asia/Taipei",
  };
}

/** The form as the API's input; a mute timing only when one of its parts is filled in. */
export function policyInput(f: Form): CreatePolicyInput {
  const dates = f.dates
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const quiet = f.quietStart && f.quietEnd ? { start: f.quietStart, end: f.quietEnd } : null;
  const mute = quiet || f.weekdays.length || dates.length ? [{ quietHours: quiet, weekdays: f.weekdays, dates, timeZone: f.timeZone.trim() || null }] : [];
  return {
    name: f.name.trim() || null,
    contactPointId: f.contactPointId,
    position: f.position.trim() === "" ? null : Number(f.position),
    matchers: {
      levels: blankToNull(f.levels),
      sources: blankToNull(f.sources),
      riskCategories: blankToNull(f.riskCategories),
      processIds: blankToNull(f.processIds),
      unitIds: blankToNull(f.unitIds),
    },
    groupBy: f.groupBy,
    groupWaitSeconds: Number(f.groupWaitSeconds),
    groupIntervalSeconds: Number(f.groupIntervalSeconds),
    repeatIntervalSeconds: Number(f.repeatIntervalSeconds),
    muteTimings: mute,
  };
}

/** A new route (§6.2.2), or, given `editing`, the changes to one: matchers → contact point, grouping, timings and mute timings. */
export function PolicyForm({
  contactPoints,
  options,
  onSubmit,
  editing,
  onCancel,
}: {
  contactPoints: ContactPoint[];
  options?: NotifyOptions;
  onSubmit(input: CreatePolicyInput): Promise<string | null>;
  editing?: Policy;
  onCancel?: () => void;
}) {
  const { t, tEnum, name } = useI18n();
  const { form, set, submit, error, busy } = useSettingsForm(editing ? policyForm(editing, options) : EMPTY_POLICY_FORM, policyInput, onSubmit);
  const text = (k: "groupWaitSeconds" | "groupIntervalSeconds" | "repeatIntervalSeconds" | "position" | "quietStart" | "quietEnd" | "timeZone" | "dates" | "name") => ({
    name: k,
    value: form[k],
    onChange: (e: { target: { value: string } }) => set(k)(e.target.value),
  });
  if (!contactPoints.length) return <p className="muted">{t("policy.noContactPoint")}</p>;
  const processes = options?.processes.edges.map((e) => ({ value: e.node.id, label: `${e.node.code} · ${name(e.node)}` })) ?? [];
  const units = options?.orgUnits.edges.map((e) => ({ value: e.node.id, label: name(e.node) })) ?? [];
  return (
    <form className="inline-form notify-form" onSubmit={submit} aria-labelledby="policy-form-title" data-editing={editing ? editing.name : undefined}>
      <strong className="inline-form__title notify-form__wide" id="policy-form-title">
        {editing ? t("policy.editTitle", { name: editing.name }) : t("policy.createTitle")}
      </strong>
      <Field inline label={t("notify.name")}>
        <input {...text("name")} maxLength={200} />
      </Field>
      <Field inline label={t("policy.contactPoint")}>
        <select name="contactPointId" value={form.contactPointId} onChange={(e) => set("contactPointId")(e.target.value)} required>
          <option value="" />
          {contactPoints.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({tEnum("cpKind", c.kind)})
            </option>
          ))}
        </select>
      </Field>
      <Field inline label={t("policy.position")}>
        <input {...text("position")} type="number" min={0} className="input--short" />
      </Field>
      <div className="notify-form__group notify-form__wide">
        <CheckGroup name="levels" legend={t("policy.levels")} options={LEVELS.map((v) => ({ value: v, label: tEnum("level", v) }))} value={form.levels} onChange={set("levels")} />
        <CheckGroup
          name="sources"
          legend={t("policy.sources")}
          options={SOURCES.map((v) => ({ value: v, label: tEnum("source", v) }))}
          value={form.sources}
          onChange={set("sources")}
        />
        <CheckGroup
          name="riskCategories"
          legend={t("policy.riskCategories")}
          options={RISK_CATEGORIES.map((v) => ({ value: v, label: tEnum("riskCategory", v) }))}
          value={form.riskCategories}
          onChange={set("riskCategories")}
        />
        <MultiSelect name="processIds" label={t("policy.processes")} options={processes} value={form.processIds} onChange={set("processIds")} />
        <MultiSelect name="unitIds" label={t("policy.units")} options={units} value={form.unitIds} onChange={set("unitIds")} />
      </div>
      <CheckGroup
        name="groupBy"
        legend={t("policy.groupBy")}
        options={GROUP_LABELS.map((v) => ({ value: v, label: tEnum("groupLabel", v) }))}
        value={form.groupBy}
        onChange={set("groupBy")}
      />
      <div className="notify-form__group notify-form__wide">
        <Field inline label={t("policy.groupWait")}>
          <input {...text("groupWaitSeconds")} type="number" min={0} className="input--short" required />
        </Field>
        <Field inline label={t("policy.groupInterval")}>
          <input {...text("groupIntervalSeconds")} type="number" min={0} className="input--short" required />
        </Field>
        <Field inline label={t("policy.repeatInterval")}>
          <input {...text("repeatIntervalSeconds")} type="number" min={0} className="input--short" required />
        </Field>
      </div>
      <fieldset className="notify-form__group notify-form__wide">
        <legend>{t("policy.muteTimings")}</legend>
        <Field inline label={t("policy.quietStart")}>
          <input {...text("quietStart")} type="time" />
        </Field>
        <Field inline label={t("policy.quietEnd")}>
          <input {...text("quietEnd")} type="time" />
        </Field>
        <CheckGroup
          name="weekdays"
          legend={t("policy.weekdays")}
          options={WEEKDAYS.map((v) => ({ value: v, label: t(`weekday.${v}`) }))}
          value={form.weekdays}
          onChange={set("weekdays")}
        />
        <Field inline label={t("policy.dates")}>
          <input {...text("dates")} placeholder="2027-01-01, 2027-02-16" />
        </Field>
        <Field inline label={t("policy.timeZone")}>
          <input {...text("timeZone")} />
        </Field>
      </fieldset>
      <FormFoot busy={busy} error={error} onCancel={onCancel} />
    </form>
  );
}
