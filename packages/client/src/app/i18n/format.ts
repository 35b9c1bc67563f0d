/**
 * Locale-aware formatting with Intl only (no dependencies). Every function takes the locale
 * explicitly so it can be tested without a browser.
 */

export type Locale = "zh-Hant" | "en";
export const LOCALES: readonly Locale[] = ["zh-Hant", "en"];

/**
 * The locale to start with, from the browser's preferred languages: any Chinese variant gets
 * Traditional Chinese (the policy's language), anything else English.
 */
export function detectLocale(languages: readonly string[] | undefined): Locale {
  for (const lang of languages ?? []) {
    const l = lang.toLowerCase();
    if (l.startsWith("zh")) return "zh-Hant";
    if (l.startsWith("en")) return "en";
  }
  return languages && languages.length > 0 ? "en" : "zh-Hant";
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number with at most `digits` decimals, grouped per locale. */
export function formatNumber(locale: Locale, value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const key = `${locale}|${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
    numberFormats.set(key, f);
  }
  return f.format(value);
}

/** Sensible decimals for a value of this size: 0.0123 → 4, 12.3 → 2, 5230 → 0. */
export function digitsFor(value: number): number {
  const a = Math.abs(value);
  if (a >= 1000) return 0;
  if (a >= 100) return 1;
  if (a >= 1) return 2;
  return 4;
}

export type DateStyle = "short" | "medium" | "time" | "date";

/** A date-time string per locale and style; "–" when missing or invalid. */
export function formatDateTime(locale: Locale, value: string | number | Date | null | undefined, style: DateStyle = "short", timeZone?: string): string {
  if (value === null || value === undefined) return "–";
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return "–";
  const options: Intl.DateTimeFormatOptions =
    style === "time"
      ? { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }
      : style === "date"
        ? { dateStyle: "medium" }
        : style === "medium"
          ? { dateStyle: "medium", timeStyle: "short", hourCycle: "h23" }
          : { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  return new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(d);
}

/**
 * How long ago, in the largest whole unit: "12 sec. ago" / "12 秒前". Future times read as
 * "in …". Used for ages that tick.
 */
export function formatAge(locale: Locale, value: string | number | Date, now: number): string {
  const t = value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value);
  if (!Number.isFinite(t)) return "–";
  const seconds = Math.round((t - now) / 1000);
  const abs = Math.abs(seconds);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "always", style: "short" });
  if (abs < 60) return rtf.format(seconds, "second");
  if (abs < 3600) return rtf.format(Math.trunc(seconds / 60), "minute");
  if (abs < 86400) return rtf.format(Math.trunc(seconds / 3600), "hour");
  return rtf.format(Math.trunc(seconds / 86400), "day");
}

/** A compact duration such as "4m 05s" or "2h 10m", locale-neutral (used on the wall clock strip). */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Replaces `{name}` placeholders with values. */
export function interpolate(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** The name of a thing in the viewer's language: `nameEn` in English when present. */
export function localName(locale: Locale, thing: { name: string; nameEn?: string | null }): string {
  return locale === "en" && thing.nameEn ? thing.nameEn : thing.name;
}
