import { enumValues } from "../../app/graphql";
import { Field } from "../../app/ui/Field";
import { useI18n } from "../../app/i18n/I18nProvider";
import { FormFoot, MultiSelect, useSettingsForm } from "../notify/fields";
import type { CreateScheduleInput } from "./queries";

/** Cron expressions offered as presets; a schedule whose cron is one of them is shown in words. */
export const CRON_PRESETS = [
  { cron: "0 8 1 * *", key: "schedule.preset.monthly" },
  { cron: "0 8 1 1,4,7,10 *", key: "schedule.preset.quarterly" },
  { cron: "0 8 * * 1", key: "schedule.preset.weekly" },
] as const;

const PERIOD_KINDS = enumValues<"ReportPeriodKind">({ MONTH: true, QUARTER: true, YEAR: true });
const FORMATS = enumValues<"ReportFormat">({ PDF: true, CSV: true });

export interface Option {
  id: string;
  label: string;
}

interface Fields {
  unitId: string;
  cron: string;
  timeZone: string;
  periodKind: (typeof PERIOD_KINDS)[number];
  format: (typeof FORMATS)[number];
  contactPointIds: string[];
}

/** What the form holds, as the API's input (the server checks the cron, the zone and the contact points). */
export function scheduleInput(f: Fields): CreateScheduleInput {
  return { unitId: f.unitId, cron: f.cron.trim(), timeZone: f.timeZone.trim() || null, periodKind: f.periodKind, format: f.format, contactPointIds: f.contactPointIds };
}

/** A new report schedule (§6.3.1): unit, cron (with presets), time zone, period kind, format and contact points. */
export function ScheduleForm({ units, contactPoints, onSubmit }: { units: Option[]; contactPoints: Option[]; onSubmit(input: CreateScheduleInput): Promise<string | null> }) {
  const { t, tEnum } = useI18n();
  const empty: Fields = { unitId: "", cron: CRON_PRESETS[0].cron, timeZone: "Asia/Taipei", periodKind: "MONTH", format: "PDF", contactPointIds: [] };
  const { form, set, submit, error, busy } = useSettingsForm(empty, (f) => scheduleInput({ ...f, unitId: f.unitId || units[0]?.id || "" }), onSubmit);
  return (
    <form className="inline-form notify-form" onSubmit={submit} aria-labelledby="schedule-form-title">
      <strong className="inline-form__title" id="schedule-form-title">
        {t("schedule.createTitle")}
      </strong>
      <Field inline label={t("report.unit")}>
        <select name="unitId" value={form.unitId || units[0]?.id || ""} onChange={(e) => set("unitId")(e.target.value)}>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.label}
            </option>
          ))}
        </select>
      </Field>
      <Field inline label={t("schedule.preset")}>
        <select name="preset" value={CRON_PRESETS.some((p) => p.cron === form.cron) ? form.cron : ""} onChange={(e) => e.target.value && set("cron")(e.target.value)}>
          {CRON_PRESETS.map((p) => (
            <option key={p.cron} value={p.cron}>
              {t(p.key)}
            </option>
          ))}
          <option value="">{t("schedule.preset.custom")}</option>
        </select>
      </Field>
      <Field inline label={t("schedule.cron")}>
        <input name="cron" value={form.cron} onChange={(e) => set("cron")(e.target.value)} required maxLength={100} placeholder="0 8 1 * *" />
      </Field>
      <Field inline label={t("schedule.timeZone")}>
        <input name="timeZone" value={form.timeZone} onChange={(e) => set("timeZone")(e.target.value)} maxLength={60} />
      </Field>
      <Field inline label={t("schedule.periodKind")}>
        <select name="periodKind" value={form.periodKind} onChange={(e) => set("periodKind")(e.target.value as Fields["periodKind"])}>
          {PERIOD_KINDS.map((k) => (
            <option key={k} value={k}>
              {tEnum("reportPeriodKind", k)}
            </option>
          ))}
        </select>
      </Field>
      <Field inline label={t("schedule.format")}>
        <select name="format" value={form.format} onChange={(e) => set("format")(e.target.value as Fields["format"])}>
          {FORMATS.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </Field>
      <MultiSelect
        label={t("schedule.contactPoints")}
        name="contactPointIds"
        options={contactPoints.map((c) => ({ value: c.id, label: c.label }))}
        value={form.contactPointIds}
        onChange={set("contactPointIds")}
      />
      <FormFoot busy={busy} error={error} />
    </form>
  );
}
