/**
 * Mute timings (Alertmanager's time intervals): quiet hours, weekends and holiday dates, in a
 * time zone. A message that falls due while muted waits until the mute ends; nothing is dropped.
 */

export interface MuteTiming {
  /** IANA zone the times and dates are read in; default Asia/Taipei. */
  timeZone?: string;
  /** Muted days of the week, 0 = Sunday … 6 = Saturday (e.g. [0, 6]: weekends). */
  weekdays?: number[];
  /** Muted daily span "HH:MM"–"HH:MM"; an end before the start crosses midnight (22:00–07:00). */
  quietHours?: { start: string; end: string } | null;
  /** Muted dates "YYYY-MM-DD" (a holiday calendar). */
  dates?: string[];
}

const minutes = (hhmm: string) => {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`"${hhmm}" is not a time HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
};

/** Throws a readable error when a timing is malformed (checked when it is saved). */
export function validateMuteTiming(t: MuteTiming): void {
  new Intl.DateTimeFormat("en-US", { timeZone: t.timeZone ?? "Asia/Taipei" });
  for (const d of t.weekdays ?? []) if (!Number.isInteger(d) || d < 0 || d > 6) throw new Error("weekdays are 0 (Sunday) to 6 (Saturday)");
  for (const d of t.dates ?? []) if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`"${d}" is not a date YYYY-MM-DD`);
  if (t.quietHours) {
    minutes(t.quietHours.start);
    minutes(t.quietHours.end);
  }
}

const WEEKDAY: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

const formats = new Map<string, Intl.DateTimeFormat>();

function local(at: Date, timeZone: string) {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", weekday: "short", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
    formats.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return { weekday: WEEKDAY[parts.weekday!]!, date: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** Whether `at` falls in any of the timings. */
export function isMuted(at: Date, timings: MuteTiming[]): boolean {
  return timings.some((t) => {
    const l = local(at, t.timeZone ?? "Asia/Taipei");
    if (t.weekdays?.includes(l.weekday)) return true;
    if (t.dates?.includes(l.date)) return true;
    if (t.quietHours) {
      const s = minutes(t.quietHours.start);
      const e = minutes(t.quietHours.end);
      if (s <= e ? l.minute >= s && l.minute < e : l.minute >= s || l.minute < e) return true;
    }
    return false;
  });
}

/** The first moment at or after `at` that is not muted (to the minute); `at` itself when not muted. */
export function unmutedFrom(at: Date, timings: MuteTiming[]): Date {
  if (timings.length === 0 || !isMuted(at, timings)) return at;
  const start = Math.ceil(at.getTime() / 60_000) * 60_000;
  // A year of minutes at most: a timing that mutes every day forever still ends the search.
  for (let m = 0; m < 366 * 24 * 60; m += 1) {
    const candidate = new Date(start + m * 60_000);
    if (!isMuted(candidate, timings)) return candidate;
  }
  return at;
}
