import { useEffect, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { LOCALES, type Locale } from "../../app/i18n/format";
import { useSession } from "../../app/session";
import { ErrorNote, Loading, Panel } from "../../app/ui/States";
import { CHANGE_PASSWORD, CHANNELS, LEVELS, SETTINGS_QUERY, UPDATE_SETTINGS } from "./queries";

type Level = (typeof LEVELS)[number];
const HOURS = Array.from({ length: 24 }, (_, h) => h);
type Channel = (typeof CHANNELS)[number];

/** Personal settings: language, time zone, which warnings reach me and how, quiet hours, the daily digest (§6.3.1); the password. */
export function SettingsPage() {
  const { t, setLocale } = useI18n();
  const session = useSession();
  const [res, refetch] = useQuery({ query: SETTINGS_QUERY, variables: { id: session?.user.id ?? "" }, pause: !session });
  const [, save] = useMutation(UPDATE_SETTINGS);
  const user = res.data?.node && "locale" in res.data.node ? res.data.node : null;
  const [locale, setLoc] = useState<Locale>("zh-Hant");
  const [timeZone, setTimeZone] = useState("Asia/Taipei");
  const [levels, setLevels] = useState<Level[]>([...LEVELS]);
  const [channels, setChannels] = useState<Channel[]>([...CHANNELS]);
  const [quiet, setQuiet] = useState(false);
  const [start, setStart] = useState("22:00");
  const [end, setEnd] = useState("07:00");
  const [digest, setDigest] = useState(false);
  const [digestHour, setDigestHour] = useState(8);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    if (!user) return;
    if (user.locale && (LOCALES as readonly string[]).includes(user.locale)) setLoc(user.locale as Locale);
    if (user.timeZone) setTimeZone(user.timeZone);
    const p = user.notificationPreferences;
    if (p) {
      setLevels(p.levels as Level[]);
      setChannels(p.channels as Channel[]);
      setQuiet(Boolean(p.quietHours));
      if (p.quietHours) {
        setStart(p.quietHours.start);
        setEnd(p.quietHours.end);
      }
    }
    if (user.dailyDigest) {
      setDigest(user.dailyDigest.enabled);
      setDigestHour(user.dailyDigest.hour);
    }
  }, [user?.id, user?.locale, user?.timeZone, user?.notificationPreferences, user?.dailyDigest]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await save({
      input: { locale, timeZone, notificationPreferences: { levels, channels, quietHours: quiet ? { start, end } : null }, dailyDigest: { enabled: digest, hour: digestHour } },
    });
    if (r.error) return setMessage({ ok: false, text: r.error.graphQLErrors[0]?.message ?? r.error.message });
    setLocale(locale);
    setMessage({ ok: true, text: t("settings.saved") });
  };
  const toggle = <T,>(list: T[], value: T, on: boolean) => (on ? [...new Set([...list, value])] : list.filter((x) => x !== value));

  return (
    <div className="page">
      <header className="page__head">
        <h1>{t("settings.title")}</h1>
      </header>
      {res.error && !res.data && <ErrorNote message={res.error.message} onRetry={() => refetch({ requestPolicy: "network-only" })} />}
      {!res.data && !res.error && <Loading />}
      {user && (
        <Panel title={t("settings.personal")}>
          <form onSubmit={submit} className="form-grid">
            <label className="field">
              <span>{t("lang.switch")}</span>
              <select value={locale} onChange={(e) => setLoc(e.target.value as Locale)}>
                {LOCALES.map((l) => (
                  <option key={l} value={l}>
                    {t(`lang.${l}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t("settings.timeZone")}</span>
              <input value={timeZone} onChange={(e) => setTimeZone(e.target.value)} list="time-zones" />
              <datalist id="time-zones">
                {["Asia/Taipei", "Asia/Hong_Kong", "Asia/Shanghai", "Asia/Tokyo", "Europe/London", "America/New_York", "UTC"].map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </label>
            <fieldset className="field">
              <legend>{t("settings.levels")}</legend>
              {LEVELS.map((l) => (
                <label key={l} className="check">
                  <input type="checkbox" checked={levels.includes(l)} onChange={(e) => setLevels(toggle(levels, l, e.target.checked))} /> {t(`settings.level.${l}`)}
                </label>
              ))}
            </fieldset>
            <fieldset className="field">
              <legend>{t("settings.channels")}</legend>
              {CHANNELS.map((c) => (
                <label key={c} className="check">
                  <input type="checkbox" checked={channels.includes(c)} onChange={(e) => setChannels(toggle(channels, c, e.target.checked))} /> {t(`settings.channel.${c}`)}
                </label>
              ))}
            </fieldset>
            <fieldset className="field">
              <legend>{t("settings.quietHours")}</legend>
              <label className="check">
                <input type="checkbox" checked={quiet} onChange={(e) => setQuiet(e.target.checked)} /> {t("settings.quietOn")}
              </label>
              {quiet && (
                <span>
                  <input type="time" aria-label={t("settings.quietFrom")} value={start} onChange={(e) => setStart(e.target.value)} /> –{" "}
                  <input type="time" aria-label={t("settings.quietTo")} value={end} onChange={(e) => setEnd(e.target.value)} />
                </span>
              )}
            </fieldset>
            <fieldset className="field">
              <legend>{t("settings.digest")}</legend>
              <label className="check">
                <input type="checkbox" name="dailyDigest" checked={digest} onChange={(e) => setDigest(e.target.checked)} /> {t("settings.digestOn")}
              </label>{" "}
              <select name="digestHour" aria-label={t("settings.digestHour")} value={digestHour} onChange={(e) => setDigestHour(Number(e.target.value))} disabled={!digest}>
                {HOURS.map((h) => (
                  <option key={h} value={h}>
                    {`${String(h).padStart(2, "0")}:00`}
                  </option>
                ))}
              </select>
            </fieldset>
            {message && (
              <p className={message.ok ? "" : "form-error"} role={message.ok ? "status" : "alert"}>
                {message.text}
              </p>
            )}
            <button type="submit" className="btn btn--primary">
              {t("settings.save")}
            </button>
          </form>
        </Panel>
      )}
      <ChangePassword />
    </div>
  );
}

function ChangePassword() {
  const { t } = useI18n();
  const [, change] = useMutation(CHANGE_PASSWORD);
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await change({ current, password });
    if (r.error) return setMessage({ ok: false, text: r.error.graphQLErrors[0]?.message ?? r.error.message });
    setCurrent("");
    setPassword("");
    setMessage({ ok: true, text: t("settings.passwordChanged") });
  };
  return (
    <Panel title={t("settings.password")}>
      <form onSubmit={submit} className="form-grid">
        <label className="field">
          <span>{t("settings.currentPassword")}</span>
          <input type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </label>
        <label className="field">
          <span>{t("password.new")}</span>
          <input type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <p className="muted small">{t("password.policy")}</p>
        {message && (
          <p className={message.ok ? "" : "form-error"} role={message.ok ? "status" : "alert"}>
            {message.text}
          </p>
        )}
        <button type="submit" className="btn btn--primary">
          {t("settings.changePassword")}
        </button>
      </form>
    </Panel>
  );
}
