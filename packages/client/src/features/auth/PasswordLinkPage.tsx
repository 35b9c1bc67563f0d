import { useEffect, useState, type FormEvent } from "react";
import type { ResultOf } from "../../app/graphql";
import { ApiError, graphqlRequest } from "../../app/graphqlRequest";
import { useI18n } from "../../app/i18n/I18nProvider";
import { Link } from "../../app/router";
import { PASSWORD_LINK, RESET_PASSWORD } from "./queries";

type LinkInfo = NonNullable<ResultOf<typeof PASSWORD_LINK>["passwordLink"]>;

/** Accepting an invitation or resetting a password: the link's token is in the URL fragment. */
export function PasswordLinkPage({ kind }: { kind: "invitation" | "reset" }) {
  const { t } = useI18n();
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "");
  const [link, setLink] = useState<LinkInfo | null | undefined>(undefined);
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  useEffect(() => {
    if (!token) return setLink(null);
    graphqlRequest(PASSWORD_LINK, { token }, null).then(
      (r) => setLink(r.data?.passwordLink ?? null),
      () => setLink(null),
    );
  }, [token]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (password !== repeat) return setError(t("password.mismatch"));
    setError(null);
    try {
      await graphqlRequest(RESET_PASSWORD, { token, password }, null);
      setDone(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t("auth.network"));
    }
  };

  return (
    <main className="login" id="main">
      <div className="login__card">
        <h1>{t(kind === "invitation" ? "password.inviteTitle" : "password.resetTitle")}</h1>
        {link === undefined && <p className="muted">…</p>}
        {link === null && (
          <p role="alert" className="form-error">
            {t("password.linkInvalid")}
          </p>
        )}
        {done && (
          <p role="status">
            {t("password.done")} <Link to="/login">{t("auth.title")}</Link>
          </p>
        )}
        {link && !done && (
          <form onSubmit={submit} className="login__form">
            <p>{t(kind === "invitation" ? "password.inviteGreeting" : "password.resetGreeting", { name: link.name, email: link.email })}</p>
            <label className="field">
              <span>{t("password.new")}</span>
              <input type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
            </label>
            <label className="field">
              <span>{t("password.repeat")}</span>
              <input type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
            </label>
            <p className="muted small">{t("password.policy")}</p>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="btn btn--primary btn--block">
              {t("password.save")}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
