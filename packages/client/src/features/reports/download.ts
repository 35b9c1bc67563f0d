import { saveBlob } from "../../app/ui/CsvButton";

/**
 * A unit report (§2.2.3, §6.3.1) from `GET /reports/units/<unit code>/<period>.pdf|.csv`. The
 * route wants the Bearer header, which a plain link cannot send: the file is fetched with it and
 * saved from a blob under the name the server gives (Content-Disposition), else a built one.
 */
export function reportPath(unitCode: string, period: string, format: "pdf" | "csv"): string {
  return `/reports/units/${encodeURIComponent(unitCode)}/${encodeURIComponent(period)}.${format}`;
}

export class ReportError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

function fileName(disposition: string | null, fallback: string): string {
  const star = disposition?.match(/filename\*=UTF-8''([^;]+)/i);
  if (star) return decodeURIComponent(star[1]);
  const plain = disposition?.match(/filename="?([^";]+)"?/i);
  return plain ? plain[1] : fallback;
}

export async function downloadReport(unitCode: string, period: string, format: "pdf" | "csv", token: string | null): Promise<string> {
  const res = await fetch(reportPath(unitCode, period, format), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new ReportError(res.status);
  const name = fileName(res.headers.get("content-disposition"), `${unitCode}-${period}.${format}`);
  saveBlob(name, await res.blob());
  return name;
}

/** The month before `now` as YYYY-MM: the latest complete period. */
export function previousMonth(now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}
