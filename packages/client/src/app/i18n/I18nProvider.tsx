import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { EN, type MessageKey } from "./en";
import { detectLocale, formatAge, formatDateTime, formatNumber, interpolate, localName, LOCALES, type DateStyle, type Locale } from "./format";
import { ZH_HANT } from "./zhHant";

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { en: EN, "zh-Hant": ZH_HANT };
const STORAGE_KEY = "controlroom.locale";

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  /** A message in the current language, with `{placeholders}` filled. */
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** A message whose key is built at run time (enum values); falls back to the raw value. */
  tEnum(prefix: string, value: string | null | undefined): string;
  number(value: number | null | undefined, digits?: number): string;
  /** The unit's label in this language ("hours" → "h" / "小時"). */
  unit(unit: string | null | undefined): string;
  /** A value with its unit, e.g. "12.5%" or "4.2 h". */
  value(value: number | null | undefined, unit?: string | null, digits?: number): string;
  date(value: string | number | Date | null | undefined, style?: DateStyle): string;
  age(value: string | number | Date, now: number): string;
  name(thing: { name: string; nameEn?: string | null }): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  } catch {
    // storage can be blocked; fall back to the browser's languages
  }
  const nav = typeof navigator === "undefined" ? [] : navigator.languages?.length ? navigator.languages : [navigator.language];
  return detectLocale(nav);
}

/** Provides the language, the dictionary and Intl formatting; `?lang=en` forces a language. */
export function I18nProvider({ children, forced }: { children: ReactNode; forced?: Locale | null }) {
  const [locale, setLocaleState] = useState<Locale>(() => forced ?? initialLocale());

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((l: Locale) => {
    setLocaleState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // not persisted; the choice still applies to this page
    }
  }, []);

  const value = useMemo<I18n>(() => {
    const dict = DICTIONARIES[locale];
    const t = (key: MessageKey, vars?: Record<string, string | number>) => interpolate(dict[key] ?? EN[key] ?? key, vars);
    const unitLabel = (unit: string | null | undefined) => {
      if (!unit) return "";
      const key = `unit.${unit}` as MessageKey;
      return key in dict ? dict[key] : unit;
    };
    return {
      locale,
      setLocale,
      t,
      tEnum: (prefix, v) => {
        if (!v) return "–";
        const key = `${prefix}.${v}` as MessageKey;
        return key in dict ? dict[key] : v;
      },
      number: (v, digits) => formatNumber(locale, v, digits),
      unit: unitLabel,
      value: (v, unit, digits = 2) => {
        const n = formatNumber(locale, v, digits);
        const u = unitLabel(unit);
        if (!u || n === "–") return n;
        return u === "%" ? `${n}%` : `${n} ${u}`;
      },
      date: (v, style) => formatDateTime(locale, v, style),
      age: (v, now) => formatAge(locale, v, now),
      name: (thing) => localName(locale, thing),
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language and its helpers. */
export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n must be used inside <I18nProvider>");
  return ctx;
}
