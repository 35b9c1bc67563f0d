/**
 * The unit report as a PDF (§6.3.1), in Traditional Chinese with the English names beside: pdfkit
 * with Noto Sans TC embedded (the npm package `@expo-google-fonts/noto-sans-tc`, SIL Open Font
 * License), so Chinese renders in any reader and no font is fetched at install or run time.
 * pdfkit embeds only the glyphs used, so a report is tens of kilobytes.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import type { UnitReportData } from "./unit-report.js";

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | null = null;

/** The two weights of Noto Sans TC, read once. */
function cjkFonts() {
  if (!fonts) {
    const file = (weight: string) => require.resolve(`@expo-google-fonts/noto-sans-tc/${weight}/NotoSansTC_${weight}.ttf`);
    fonts = { regular: readFileSync(file("400Regular")), bold: readFileSync(file("700Bold")) };
  }
  return fonts;
}

const LEVEL: Record<string, string> = { LOW: "低", MEDIUM: "中", HIGH: "高", EXTREME: "極高" };
const GRADE: Record<string, string> = { EXCELLENT: "優秀", GOOD: "良好", PASS: "合格", FAIL: "不合格" };
const fmt = (x: number | null | undefined, unit = "") => (x == null ? "—" : `${x}${unit}`);
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "—");

/** Renders the report; resolves with the PDF's bytes. */
export function renderReportPdf(r: UnitReportData): Promise<Buffer> {
  const { regular, bold } = cjkFonts();
  const doc = new PDFDocument({ size: "A4", margin: 48, info: { Title: `${r.unit.name} ${r.period}`, Author: "Control Room", CreationDate: r.generatedAt } });
  doc.registerFont("cjk", regular);
  doc.registerFont("cjk-bold", bold);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const heading = (zh: string, en: string) => {
    doc.moveDown(0.8).font("cjk-bold").fontSize(13).text(`${zh}  ${en}`);
    doc.moveDown(0.2).font("cjk").fontSize(10);
  };
  const line = (text: string) => doc.text(text);

  doc.font("cjk-bold").fontSize(18).text(`${r.unit.name}　部門報告 ${r.period}`);
  doc
    .font("cjk")
    .fontSize(10)
    .text(`${r.unit.nameEn} — department report ${r.period} (${day(r.start)} – ${day(new Date(r.end.getTime() - 1))})`);
  doc.text(`產生時間 Generated: ${r.generatedAt.toISOString()}`);

  heading("指標達成", "Indicators and attainment");
  if (r.indicators.length === 0) line("（無）None");
  for (const i of r.indicators) {
    line(`${i.name}（${i.code}）${i.nameEn ? ` ${i.nameEn}` : ""}`);
    doc.text(
      `    達成率 attainment ${fmt(i.attainment, " %")} · 實際 actual ${fmt(i.actual)} ${i.unit} · 目標 target ${fmt(i.target)} · 讀數 readings ${i.readings} · 警示 alerts ${i.warnings}`,
    );
  }

  const w = r.warnings;
  heading("警示", "Warnings");
  line(`警示總數 total: ${w.total}　警告 WARNING: ${w.warning}　嚴重 CRITICAL: ${w.critical}`);
  line(`已確認 acknowledged: ${w.acknowledged}　已解除 resolved: ${w.resolved}　未解除 open: ${w.stillOpen}`);
  line(`平均確認時間 mean time to acknowledge: ${fmt(w.meanMinutesToAcknowledge, " min")}　平均解除時間 mean time to resolve: ${fmt(w.meanMinutesToResolve, " min")}`);

  const s = r.inspections;
  heading("檢查與發現", "Inspections and findings");
  line(`檢查 inspections: ${s.count}　發現 findings: ${s.findings}（高 high ${s.high}，中 medium ${s.medium}，低 low ${s.low}）　未結 open: ${s.openFindings}`);

  heading("評估與等級", "Evaluations and grades");
  if (r.evaluations.length === 0) line("（無）None");
  for (const e of r.evaluations) line(`${e.processName}（${e.processCode}）${e.period} ${e.status}：${GRADE[e.grade] ?? e.grade} ${e.grade}，總分 total ${e.totalScore}`);

  heading("改善與矯正措施", "Open and overdue actions");
  line(`未完成 open: ${r.actions.open}　逾期 overdue: ${r.actions.overdue}`);
  for (const a of r.actions.items) line(`${a.overdue ? "［逾期 overdue］" : ""}${a.title}（${a.kind}，${a.status}，期限 deadline ${day(a.deadline)}）`);

  heading("風險", "Risks");
  if (r.risks.length === 0) line("（無）None");
  for (const k of r.risks) line(`${k.code} ${k.title}（${k.titleEn}）等級 level ${k.level ? `${LEVEL[k.level] ?? k.level} ${k.level}` : "—"}，${k.status}`);

  doc.end();
  return done;
}
