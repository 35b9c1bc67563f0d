import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { errorText } from "../../app/ui/errorText";
import { ErrorNote, Loading, Panel } from "../../app/ui/States";
import { useLiveQuery } from "../../app/useLiveQuery";
import { ContactPointForm } from "./ContactPointForm";
import { CONTACT_POINTS_QUERY, CREATE_CONTACT_POINT, DELETE_CONTACT_POINT, NOTIFY_OPTIONS_QUERY, TEST_CONTACT_POINT, UPDATE_CONTACT_POINT, type ContactPoint } from "./queries";

const CONTEXT = { additionalTypenames: ["ContactPoint"] };

/** Contact points (§6.2.2): the list with where each sends, a "send test" button with its answer, edit, delete, and the form for a new one. */
export function ContactPointsPanel() {
  const { t } = useI18n();
  const res = useLiveQuery({ query: CONTACT_POINTS_QUERY });
  const [options] = useQuery({ query: NOTIFY_OPTIONS_QUERY });
  const [, create] = useMutation(CREATE_CONTACT_POINT);
  const [, update] = useMutation(UPDATE_CONTACT_POINT);
  const [editing, setEditing] = useState<ContactPoint | null>(null);
  const [del, runDelete] = useMutation(DELETE_CONTACT_POINT);
  const [test, runTest] = useMutation(TEST_CONTACT_POINT);
  const [result, setResult] = useState<{ name: string; ok: boolean; error: string | null } | null>(null);
  const points = res.data?.contactPoints ?? [];
  const people = options.data?.users.edges.map((e) => e.node) ?? [];

  const sendTest = async (cp: ContactPoint) => {
    setResult(null);
    const r = await runTest({ id: cp.id });
    const out = r.data?.testContactPoint;
    setResult(out ? { name: cp.name, ok: out.ok, error: out.error ?? out.delivery.lastError ?? null } : { name: cp.name, ok: false, error: errorText(r.error) });
  };
  const remove = async (cp: ContactPoint) => {
    if (!window.confirm(t("notify.deleteConfirm", { name: cp.name }))) return;
    await runDelete({ id: cp.id }, CONTEXT);
    res.refetch();
  };

  return (
    <>
      <ContactPointForm
        key={editing?.id ?? "new"}
        people={people}
        editing={editing ?? undefined}
        onCancel={editing ? () => setEditing(null) : undefined}
        onSubmit={async (input) => {
          const r = editing ? await update({ input: { ...input, id: editing.id } }, CONTEXT) : await create({ input }, CONTEXT);
          if (r.error) return t("loop.failed", { message: errorText(r.error) ?? "?" });
          setEditing(null);
          res.refetch();
          return null;
        }}
      />
      {result && (
        <p className={`notice ${result.ok ? "notice--ok" : "notice--bad"}`} role="status" data-test-result={result.ok ? "ok" : "failed"}>
          {result.ok ? t("cp.testOk", { name: result.name }) : t("cp.testFailed", { name: result.name, error: result.error ?? "?" })}
        </p>
      )}
      {del.error && <ErrorNote message={errorText(del.error) ?? ""} />}
      {res.error && !res.data && <ErrorNote message={res.error.message} onRetry={res.refetch} />}
      {!res.data && !res.error && <Loading />}
      {res.data && (
        <Panel title={t("cp.count", { n: points.length })}>
          {points.length === 0 ? (
            <p className="muted empty">{t("loop.empty")}</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>{t("notify.name")}</th>
                    <th>{t("cp.kind")}</th>
                    <th>{t("cp.target")}</th>
                    <th>{t("cp.language")}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {points.map((cp) => (
                    <ContactPointRow key={cp.id} cp={cp} testing={test.fetching} onTest={() => sendTest(cp)} onEdit={() => setEditing(cp)} onDelete={() => remove(cp)} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Panel>
      )}
    </>
  );
}

function ContactPointRow({ cp, testing, onTest, onEdit, onDelete }: { cp: ContactPoint; testing: boolean; onTest(): void; onEdit(): void; onDelete(): void }) {
  const { t, tEnum } = useI18n();
  return (
    <tr data-contact-point={cp.name}>
      <td>{cp.name}</td>
      <td>{tEnum("cpKind", cp.kind)}</td>
      <td className="notify-target">
        {cp.email?.to.join(", ")}
        {cp.webhook && (
          <>
            <span className="pill pill--small">{tEnum("webhookFormat", cp.webhook.format)}</span> <code>{cp.webhook.url}</code>
            {cp.webhook.hasSecret && <span className="muted"> · {t("cp.signed")}</span>}
          </>
        )}
        {cp.kind === "IN_APP" && (cp.inAppUserIds.length ? t("cp.peopleCount", { n: cp.inAppUserIds.length }) : t("cp.defaultPeople"))}
      </td>
      <td>{tEnum("messageLanguage", cp.language)}</td>
      <td className="table__actions">
        <button type="button" className="btn btn--small" onClick={onTest} disabled={testing} aria-label={`${t("cp.test")}: ${cp.name}`}>
          {t("cp.test")}
        </button>
        <button type="button" className="btn btn--small" onClick={onEdit} aria-label={`${t("notify.edit")}: ${cp.name}`}>
          {t("notify.edit")}
        </button>
        <button type="button" className="btn btn--small btn--ghost" onClick={onDelete} aria-label={`${t("notify.delete")}: ${cp.name}`}>
          {t("notify.delete")}
        </button>
      </td>
    </tr>
  );
}
