import { enumValues, type Enum } from "../../app/graphql";
import { Field } from "../../app/ui/Field";
import { useI18n } from "../../app/i18n/I18nProvider";
import { FormFoot, useSettingsForm } from "./fields";
import type { ContactPoint, CreateContactPointInput } from "./queries";

export const KINDS = enumValues<"ContactPointKind">({ EMAIL: true, WEBHOOK: true, IN_APP: true });
export const FORMATS = enumValues<"WebhookFormat">({ GENERIC: true, SLACK: true, TEAMS: true, WECOM: true, DINGTALK: true, FEISHU: true });
type Kind = (typeof KINDS)[number];
type Format = (typeof FORMATS)[number];

export interface Person {
  id: string;
  name: string;
}

/** What the form holds, turned into the API's input: only the kind's own settings are sent. */
export function contactPointInput(f: {
  name: string;
  kind: Kind;
  language: Enum<"MessageLanguage">;
  to: string;
  url: string;
  format: Format;
  secret: string;
  userIds: string[];
}): CreateContactPointInput {
  const base = { name: f.name.trim(), kind: f.kind, language: f.language };
  if (f.kind === "EMAIL")
    return {
      ...base,
      email: {
        to: f.to
          .split(/[\n,;]+/)
          .map((s) => s.trim())
          .filter(Boolean),
      },
    };
  if (f.kind === "WEBHOOK") return { ...base, webhook: { url: f.url.trim(), format: f.format, secret: f.secret.trim() || null } };
  return { ...base, inApp: { userIds: f.userIds } };
}

const EMPTY = {
  name: "",
  kind: "WEBHOOK" as Kind,
  language: "ZH_HANT" as Enum<"MessageLanguage">,
  to: "",
  url: "",
  format: "GENERIC" as Format,
  secret: "",
  userIds: [] as string[],
};

/** A stored contact point as the form holds it; its secret is never returned, so blank (kept unless typed). */
export function contactPointForm(cp: ContactPoint): typeof EMPTY {
  return {
    name: cp.name,
    kind: cp.kind as Kind,
    language: cp.language as Enum<"MessageLanguage">,
    to: cp.email?.to.join("\n") ?? "",
    url: cp.webhook?.url ?? "",
    format: (cp.webhook?.format ?? "GENERIC") as Format,
    secret: "",
    // The API lists database ids; the form (and the input) takes people's global ids.
    userIds: cp.inAppUserIds.map((id) => btoa(`User:${id}`)),
  };
}

/**
 * A new contact point (§6.2.2), or, given `editing`, the changes to one: email recipients, a chat
 * webhook with its format and signing secret, or in-app people. The server checks every field and
 * its words are shown.
 */
export function ContactPointForm({
  people,
  onSubmit,
  editing,
  onCancel,
}: {
  people: Person[];
  onSubmit(input: CreateContactPointInput): Promise<string | null>;
  editing?: ContactPoint;
  onCancel?: () => void;
}) {
  const { t, tEnum } = useI18n();
  const { form, set: setField, submit, error, busy } = useSettingsForm(editing ? contactPointForm(editing) : EMPTY, contactPointInput, onSubmit);
  const set = <K extends keyof typeof form>(k: K, v: (typeof form)[K]) => setField(k)(v);
  return (
    <form className="inline-form notify-form" onSubmit={submit} aria-labelledby="cp-form-title" data-editing={editing ? editing.name : undefined}>
      <strong className="inline-form__title" id="cp-form-title">
        {editing ? t("cp.editTitle", { name: editing.name }) : t("cp.createTitle")}
      </strong>
      <Field inline label={t("notify.name")}>
        <input name="name" value={form.name} onChange={(e) => set("name", e.target.value)} required maxLength={200} />
      </Field>
      <Field inline label={t("cp.kind")}>
        <select name="kind" value={form.kind} onChange={(e) => set("kind", e.target.value as Kind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {tEnum("cpKind", k)}
            </option>
          ))}
        </select>
      </Field>
      <Field inline label={t("cp.language")}>
        <select name="language" value={form.language} onChange={(e) => set("language", e.target.value as Enum<"MessageLanguage">)}>
          <option value="ZH_HANT">{tEnum("messageLanguage", "ZH_HANT")}</option>
          <option value="EN">{tEnum("messageLanguage", "EN")}</option>
        </select>
      </Field>
      {form.kind === "EMAIL" && (
        <Field className="notify-form__wide" label={t("cp.to")}>
          <textarea name="to" rows={2} value={form.to} onChange={(e) => set("to", e.target.value)} required />
        </Field>
      )}
      {form.kind === "WEBHOOK" && (
        <>
          <Field inline className="notify-form__wide" label={t("cp.url")}>
            <input name="url" type="url" value={form.url} onChange={(e) => set("url", e.target.value)} required placeholder="https://" />
          </Field>
          <Field inline label={t("cp.format")}>
            <select name="format" value={form.format} onChange={(e) => set("format", e.target.value as Format)}>
              {FORMATS.map((f) => (
                <option key={f} value={f}>
                  {tEnum("webhookFormat", f)}
                </option>
              ))}
            </select>
          </Field>
          <Field inline label={t("cp.secret")}>
            <input
              name="secret"
              type="password"
              autoComplete="off"
              value={form.secret}
              onChange={(e) => set("secret", e.target.value)}
              placeholder={editing?.webhook?.hasSecret ? t("cp.secretKeep") : undefined}
            />
          </Field>
        </>
      )}
      {form.kind === "IN_APP" && (
        <fieldset className="notify-form__wide notify-form__people">
          <legend>{t("cp.people")}</legend>
          {people.map((p) => (
            <label key={p.id} className="check">
              <input
                type="checkbox"
                checked={form.userIds.includes(p.id)}
                onChange={(e) => set("userIds", e.target.checked ? [...form.userIds, p.id] : form.userIds.filter((id) => id !== p.id))}
              />{" "}
              {p.name}
            </label>
          ))}
        </fieldset>
      )}
      <FormFoot busy={busy} error={error} onCancel={onCancel} />
    </form>
  );
}
