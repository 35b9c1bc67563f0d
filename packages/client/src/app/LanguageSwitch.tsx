import { useI18n } from "./i18n/I18nProvider";
import { LOCALES } from "./i18n/format";

/** The language switch: a real select, labelled, with each language named in itself. */
export function LanguageSwitch({ className }: { className?: string }) {
  const { t, locale, setLocale } = useI18n();
  return (
    <label className={`lang ${className ?? ""}`}>
      <span className="sr-only">{t("lang.switch")}</span>
      <span aria-hidden="true" className="lang__icon">
        文/A
      </span>
      <select value={locale} onChange={(e) => setLocale(e.target.value as typeof locale)} name="language">
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
