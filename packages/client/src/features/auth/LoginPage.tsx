import { useState, type FormEvent } from "react";
import { ApiError } from "../../app/graphqlRequest";
import { useI18n } from "../../app/i18n/I18nProvider";
import { LanguageSwitch } from "../../app/LanguageSwitch";
import { navigate, useLocation } from "../../app/router";
import { sessionStore, signIn } from "../../app/session";

const DEMO_ACCOUNTS = ["management@example.com", "office@example.com", "finance.head@example.com", "analyst@example.com", "employee@example.com"];

/** Sign-in for people; the session is kept in localStorage and renewed before it expires. */
export function LoginPage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(sessionStore.endedReason() === "expired" ? t("auth.expired") : null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      const next = search.get("next");
      navigate(next?.startsWith("/") && !next.startsWith("//") ? next : "/", { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? t("auth.failed", { reason: err.message }) : t("auth.network"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <div className="login__card">
        <div className="login__brand">
          <img src="/favicon.svg" alt="" width="40" height="40" />
          <div>
            <h1>{t("app.name")}</h1>
            <p className="muted">{t("auth.subtitle")}</p>
          </div>
        </div>
        <form onSubmit={submit} className="login__form" aria-labelledby="login-title">
          <h2 id="login-title">{t("auth.title")}</h2>
          <label className="field">
            <span>{t("auth.email")}</span>
            {/* biome-ignore lint/a11y/noAutofocus: the sign-in page has one purpose; the e-mail field takes focus */}
            <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
          </label>
          <label className="field">
            <span>{t("auth.password")}</span>
            <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
            {busy ? t("auth.submitting") : t("auth.submit")}
          </button>
        </form>
        <div className="login__demo">
          <p className="muted small">{t("auth.demo")}</p>
          <ul>
            {DEMO_ACCOUNTS.map((a) => (
              <li key={a}>
                <button
                  type="button"
                  className="link-button small"
                  onClick={() => {
                    setEmail(a);
                    setPassword("controlroom-dev");
                  }}
                >
                  {a}
                </button>
              </li>
            ))}
          </ul>
        </div>
        <div className="login__lang">
          <LanguageSwitch />
        </div>
      </div>
    </main>
  );
}
