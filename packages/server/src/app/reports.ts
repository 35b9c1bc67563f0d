/**
 * `GET /reports/units/<unit code>/<period>.pdf` and `.csv` (§2.2.3, §6.3.1): a unit's report for a
 * month (`2026-10`), quarter (`2026-Q4`) or year (`2026`), computed with the caller's read rules.
 * The caller is named by `Authorization: Bearer …`, as for /graphql (the dashboard holds its token
 * in memory and sends the header; it keeps no session cookie). Refusals are plain text: 401
 * without a valid credential, 403 for a unit the caller may not report on, 404 for an unknown unit
 * or address, 400 for a malformed period.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PrismaClient } from "../lib/db.js";
import { DomainError } from "../lib/errors.js";
import { logger } from "../lib/logger.js";
import type { AccessService } from "../modules/access/service.js";
import { renderReportCsv } from "../modules/report/csv.js";
import { renderReportPdf } from "../modules/report/pdf.js";
import { computeUnitReport } from "../modules/report/unit-report.js";

const ROUTE = /^\/reports\/units\/([^/?#]+)\/([^/?#]+)\.(pdf|csv)(?:\?.*)?$/;
const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400 };

function text(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers }).end(`${body}\n`);
}

/** The report routes; the handler answers and returns true for a `/reports/` address, false otherwise. */
export function createReportRoutes(o: { prisma: PrismaClient; access: AccessService; now?: () => Date }) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? "/";
    if (!url.startsWith("/reports/")) return false;
    void serve(req, res, url).catch((error) => {
      logger.error({ err: error }, "report failed");
      if (!res.headersSent) text(res, 500, "The report could not be made; the server log says why.");
    });
    return true;
  };

  async function serve(req: IncomingMessage, res: ServerResponse, url: string) {
    const m = ROUTE.exec(url);
    if (!m) return text(res, 404, "Not found. Reports are at /reports/units/<unit code>/<period>.pdf or .csv, e.g. /reports/units/FIN/2026-10.pdf.");
    if (req.method !== "GET" && req.method !== "HEAD") return text(res, 405, "Only GET.", { allow: "GET, HEAD" });
    const viewer = await o.access.resolveViewer(req.headers.authorization);
    if (viewer.kind === "anonymous") {
      return text(res, 401, "Sign in first: send Authorization: Bearer <access token> (the login mutation gives one).", { "www-authenticate": 'Bearer realm="controlroom"' });
    }
    const [, code, period, format] = m;
    let report: Awaited<ReturnType<typeof computeUnitReport>>;
    try {
      report = await computeUnitReport(o.prisma, viewer, { code: decodeURIComponent(code!) }, decodeURIComponent(period!), o.now?.() ?? new Date());
    } catch (error) {
      if (error instanceof DomainError && STATUS[error.code]) return text(res, STATUS[error.code]!, error.message);
      throw error;
    }
    const name = `${report.unit.code}-${report.period}.${format}`;
    const body = format === "pdf" ? await renderReportPdf(report) : Buffer.from(renderReportCsv(report), "utf8");
    res
      .writeHead(200, {
        "content-type": format === "pdf" ? "application/pdf" : "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
        "content-length": String(body.length),
        "cache-control": "private, no-store",
      })
      .end(req.method === "HEAD" ? undefined : body);
  }
}
