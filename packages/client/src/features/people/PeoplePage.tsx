import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { useSession } from "../../app/session";
import { ErrorNote, Loading, Panel } from "../../app/ui/States";
import { DISABLE_USER, ENABLE_USER, INVITE_USER, PEOPLE_QUERY, ROLES, UPDATE_USER, type RoleName } from "./queries";

/** People administration (ADMIN); a department head sees the own unit's people, read-only. */
export function PeoplePage() {
  const { t, locale } = useI18n();
  const session = useSession();
  const isAdmin = session?.user.roles.includes("ADMIN") ?? false;
  const [search, setSearch] = useState("");
  const [res, refetch] = useQuery({ query: PEOPLE_QUERY, variables: { search: search || null } });
  const [, disable] = useMutation(DISABLE_USER);
  const [, enable] = useMutation(ENABLE_USER);
  const [, update] = useMutation(UPDATE_USER);
  const [error, setError] = useState<string | null>(null);
  const unitName = (u: { name: string; nameEn: string }) => (locale === "en" ? u.nameEn : u.name);

  const toggle = async (id: string, disabled: boolean) => {
    const r = disabled ? await enable({ id }) : await disable({ id });
    setError(r.error ? (r.error.graphQLErrors[0]?.message ?? r.error.message) : null);
    refetch({ requestPolicy: "network-only" });
  };

  const change = async (id: string, input: { unitId?: string; roles?: RoleName[] }) => {
    const r = await update({ input: { id, ...input } });
    setError(r.error ? (r.error.graphQLErrors[0]?.message ?? r.error.message) : null);
    if (r.error) refetch({ requestPolicy: "network-only" });
  };
  const units = res.data?.orgUnits.edges.map((e) => e.node) ?? [];

  return (
    <div className="page">
      <header className="page__head">
        <h1>{t("people.title")}</h1>
        <p className="muted">{t(isAdmin ? "people.subtitleAdmin" : "people.subtitleHead")}</p>
      </header>
      <label className="field">
        <span>{t("people.search")}</span>
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {res.error && !res.data && <ErrorNote message={res.error.message} onRetry={() => refetch({ requestPolicy: "network-only" })} />}
      {!res.data && !res.error && <Loading />}
      {res.data && (
        <Panel title={t("people.count", { count: res.data.people.totalCount })}>
          <table className="table">
            <thead>
              <tr>
                <th>{t("people.name")}</th>
                <th>{t("auth.email")}</th>
                <th>{t("people.unit")}</th>
                <th>{t("people.roles")}</th>
                <th>{t("people.status")}</th>
                {isAdmin && <th />}
              </tr>
            </thead>
            <tbody>
              {res.data.people.edges.map(({ node: p }) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{p.email}</td>
                  <td>
                    {isAdmin ? (
                      <select aria-label={t("people.unit")} value={p.unit.id} onChange={(e) => change(p.id, { unitId: e.target.value })}>
                        {units.map((u) => (
                          <option key={u.id} value={u.id}>
                            {unitName(u)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      unitName(p.unit)
                    )}
                  </td>
                  <td>
                    {isAdmin ? (
                      <details>
                        <summary>{p.roles.map((r) => t(`role.${r as RoleName}`)).join("、")}</summary>
                        {ROLES.map((r) => (
                          <label key={r} className="check">
                            <input
                              type="checkbox"
                              checked={p.roles.includes(r)}
                              onChange={(e) => change(p.id, { roles: e.target.checked ? [...(p.roles as RoleName[]), r] : (p.roles as RoleName[]).filter((x) => x !== r) })}
                            />{" "}
                            {t(`role.${r}`)}
                          </label>
                        ))}
                      </details>
                    ) : (
                      p.roles.map((r) => t(`role.${r as RoleName}`)).join("、")
                    )}
                  </td>
                  <td>
                    {p.disabledAt ? t("people.disabled") : t("people.active")}
                    {p.singleSignOn ? ` · ${t("people.sso")}` : ""}
                  </td>
                  {isAdmin && (
                    <td>
                      {p.id !== session?.user.id && (
                        <button type="button" className="btn btn--small" onClick={() => toggle(p.id, Boolean(p.disabledAt))}>
                          {p.disabledAt ? t("people.enable") : t("people.disable")}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
      )}
      {isAdmin && res.data && <InviteForm units={res.data.orgUnits.edges.map((e) => e.node)} unitName={unitName} onInvited={() => refetch({ requestPolicy: "network-only" })} />}
    </div>
  );
}

function InviteForm({
  units,
  unitName,
  onInvited,
}: {
  units: { id: string; code: string; name: string; nameEn: string }[];
  unitName: (u: { name: string; nameEn: string }) => string;
  onInvited: () => void;
}) {
  const { t } = useI18n();
  const [, invite] = useMutation(INVITE_USER);
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [unitId, setUnitId] = useState("");
  const [roles, setRoles] = useState<RoleName[]>(["EMPLOYEE"]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await invite({ input: { email, name, unitId: unitId || units[0]?.id, roles } });
    if (r.error) return setMessage({ ok: false, text: r.error.graphQLErrors[0]?.message ?? r.error.message });
    setMessage({ ok: true, text: t("people.invited", { email }) });
    setEmail("");
    setName("");
    onInvited();
  };

  return (
    <Panel title={t("people.invite")}>
      <form onSubmit={submit} className="form-grid">
        <label className="field">
          <span>{t("auth.email")}</span>
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>{t("people.name")}</span>
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t("people.unit")}</span>
          <select value={unitId} onChange={(e) => setUnitId(e.target.value)}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {unitName(u)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="field">
          <legend>{t("people.roles")}</legend>
          {ROLES.map((r) => (
            <label key={r} className="check">
              <input type="checkbox" checked={roles.includes(r)} onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))} /> {t(`role.${r}`)}
            </label>
          ))}
        </fieldset>
        {message && (
          <p className={message.ok ? "" : "form-error"} role={message.ok ? "status" : "alert"}>
            {message.text}
          </p>
        )}
        <button type="submit" className="btn btn--primary">
          {t("people.sendInvite")}
        </button>
      </form>
    </Panel>
  );
}
