import { useState, type FormEvent } from "react";
import { graphqlRequest } from "../../app/graphqlRequest";
import { useI18n } from "../../app/i18n/I18nProvider";
import { Link } from "../../app/router";
import { REQUEST_RESET } from "./queries";

/** Asks for a reset link. The answer is the same for every email (the server tells nobody which exist). */
export function ForgotPasswordPage() {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [state, setState] = useState<"idle" | "sent" | "error">("idle");
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await graphqlRequest(REQUEST_RESET, { email: email.trim() }, null);
      setState("sent");
    } catch {
      setState("error");
    }
  };
  return (
    <main className="login" id="main">
      <div className="login__card">
        <h1>{t("password.forgotTitle")}</h1>
        {state === "sent" ? (
          <p role="status">{t("password.sent")}</p>
        ) : (
          <form onSubmit={submit} className="login__form">
            <label className="field">
              <span>{t("auth.email")}</span>
              <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
            </label>
            {state === "error" && (
              <p className="form-error" role="alert">
                {t("auth.network")}
              </p>
            )}
            <button type="submit" className="btn btn--primary btn--block">
              {t("password.sendLink")}
            </button>
          </form>
        )}
        <p>
          <Link to="/login">{t("auth.title")}</Link>
        </p>
      </div>
    </main>
  );
}
