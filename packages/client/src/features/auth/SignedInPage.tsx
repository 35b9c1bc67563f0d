import { useEffect, useState } from "react";
import { useI18n } from "../../app/i18n/I18nProvider";
import { navigate } from "../../app/router";
import { RENEW, sessionStore } from "../../app/session";
import { graphqlRequest } from "../../app/graphqlRequest";
import { Loading } from "../../app/ui/States";

/**
 * Where single sign-on lands: the server hands over a refresh token in the URL fragment (never
 * sent to a server); it is traded at once for a session (which rotates it) and wiped from the address.
 */
export function SignedInPage() {
  const { t } = useI18n();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const token = new URLSearchParams(window.location.hash.slice(1)).get("refreshToken");
    history.replaceState(null, "", "/signed-in");
    if (!token) {
      navigate("/login?signInError=failed", { replace: true });
      return;
    }
    graphqlRequest(RENEW, { token }, null)
      .then((r) => {
        if (!r.data?.refreshToken) throw new Error("no session");
        sessionStore.set(r.data.refreshToken);
        navigate("/", { replace: true });
      })
      .catch(() => setFailed(true));
  }, []);
  if (failed)
    return (
      <main className="login" id="main">
        <p role="alert" className="form-error">
          {t("sso.failed")}
        </p>
      </main>
    );
  return <Loading />;
}
