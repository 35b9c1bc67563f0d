import { enumValues } from "../../app/graphql";
import { useGraphiQL } from "@graphiql/react";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { navigate } from "../../app/router";
import { ErrorNote } from "../../app/ui/States";
import { useLoadIntoEditor } from "./ExamplesPanel";
import { DELETE_SAVED_QUERY, SAVE_QUERY, SAVED_QUERIES, UPDATE_SAVED_QUERY, type SavedQueryItem, type Sharing } from "./queries";

const SHARINGS = enumValues<"QuerySharing">({ PRIVATE: true, UNIT: true, COMPANY: true });
const CONTEXT = { additionalTypenames: ["SavedQuery"] };

/** The editors' query and variables (the variables as a JSON object), or an error key. */
function useCurrentQuery() {
  const queryEditor = useGraphiQL((s) => s.queryEditor);
  const variableEditor = useGraphiQL((s) => s.variableEditor);
  return (): { query: string; variables: unknown } | null => {
    const text = variableEditor?.getValue().trim() || "{}";
    try {
      return { query: queryEditor?.getValue() ?? "", variables: JSON.parse(text) };
    } catch {
      return null;
    }
  };
}

/**
 * GraphiQL's "Saved queries" pane (issue 14): save the current query under a name, private or
 * shared with the own unit or the company; open, rename, re-share, replace or delete one's own;
 * open those shared with the viewer; copy a link (`/workbench?query=<id>`).
 */
export function SavedQueriesPanel() {
  const { t } = useI18n();
  const [list] = useQuery({ query: SAVED_QUERIES, context: CONTEXT });
  const items = list.data?.savedQueries.edges.map((e) => e.node) ?? [];
  return (
    <section className="wb-panel" aria-labelledby="wb-saved">
      <h2 id="wb-saved" className="wb-panel__title">
        {t("workbench.saved")}
      </h2>
      <SaveForm />
      <p className="muted small">{t("workbench.sharedNote")}</p>
      {list.error && <ErrorNote message={list.error.message} />}
      {items.length === 0 && !list.fetching ? <p className="muted">{t("workbench.noSaved")}</p> : null}
      <ul className="wb-list wb-list--saved">
        {items.map((q) => (
          <SavedItem key={q.id} item={q} />
        ))}
      </ul>
    </section>
  );
}

function SaveForm() {
  const { t } = useI18n();
  const current = useCurrentQuery();
  const [name, setName] = useState("");
  const [sharing, setSharing] = useState<Sharing>("PRIVATE");
  const [note, setNote] = useState<string | null>(null);
  const [saved, save] = useMutation(SAVE_QUERY);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const q = current();
    if (!q) return setNote(t("workbench.badVariables"));
    const r = await save({ input: { name, query: q.query, variables: q.variables, sharing } }, CONTEXT);
    if (r.data) {
      setName("");
      setNote(t("workbench.saved.ok"));
      navigate(`/workbench?query=${encodeURIComponent(r.data.saveQuery.id)}`, { replace: true });
    } else setNote(null);
  };
  return (
    <form className="wb-save" onSubmit={submit} aria-label={t("workbench.saveCurrent")}>
      <label className="field">
        <span>{t("workbench.name")}</span>
        <input name="name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label className="field">
        <span>{t("workbench.sharing")}</span>
        <select name="sharing" value={sharing} onChange={(e) => setSharing(e.target.value as Sharing)}>
          {SHARINGS.map((s) => (
            <option key={s} value={s}>
              {t(`workbench.sharing.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn btn--primary btn--small" disabled={saved.fetching || !name.trim()}>
        {t("workbench.save")}
      </button>
      {saved.error ? <ErrorNote message={saved.error.graphQLErrors[0]?.message ?? saved.error.message} /> : note && <p className="muted small">{note}</p>}
    </form>
  );
}

function SavedItem({ item }: { item: SavedQueryItem }) {
  const { t } = useI18n();
  const load = useLoadIntoEditor();
  const current = useCurrentQuery();
  const [updated, update] = useMutation(UPDATE_SAVED_QUERY);
  const [, remove] = useMutation(DELETE_SAVED_QUERY);
  const [copied, setCopied] = useState(false);
  const open = () => {
    load(item.query, item.variables);
    navigate(`/workbench?query=${encodeURIComponent(item.id)}`, { replace: true });
  };
  const rename = () => {
    const name = window.prompt(t("workbench.rename"), item.name);
    if (name?.trim() && name !== item.name) void update({ input: { id: item.id, name } }, CONTEXT);
  };
  const replace = () => {
    const q = current();
    if (q) void update({ input: { id: item.id, query: q.query, variables: q.variables } }, CONTEXT);
  };
  const copyLink = async () => {
    await navigator.clipboard?.writeText(`${window.location.origin}/workbench?query=${encodeURIComponent(item.id)}`);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <li className="wb-saved" data-saved-query={item.name}>
      <button type="button" className="link-button wb-saved__name" onClick={open} title={t("workbench.open")}>
        {item.name}
      </button>
      <span className="muted small">
        {t(`workbench.sharing.${item.sharing}`)}
        {item.mine ? "" : ` · ${t("workbench.by", { name: item.author.name })}`}
      </span>
      <span className="wb-saved__tools">
        <button type="button" className="btn btn--ghost btn--small" onClick={copyLink}>
          {copied ? t("workbench.linkCopied") : t("workbench.copyLink")}
        </button>
        {item.mine && (
          <>
            <button type="button" className="btn btn--ghost btn--small" onClick={rename}>
              {t("workbench.rename")}
            </button>
            <button type="button" className="btn btn--ghost btn--small" onClick={replace}>
              {t("workbench.updateQuery")}
            </button>
            <select
              aria-label={t("workbench.sharing")}
              value={item.sharing}
              onChange={(e) => void update({ input: { id: item.id, sharing: e.target.value as Sharing } }, CONTEXT)}
              className="select--small"
            >
              {SHARINGS.map((s) => (
                <option key={s} value={s}>
                  {t(`workbench.sharing.${s}`)}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={() => window.confirm(t("workbench.confirmDelete", { name: item.name })) && void remove({ id: item.id }, CONTEXT)}
            >
              {t("workbench.delete")}
            </button>
          </>
        )}
      </span>
      {updated.error && <ErrorNote message={updated.error.graphQLErrors[0]?.message ?? updated.error.message} />}
    </li>
  );
}
