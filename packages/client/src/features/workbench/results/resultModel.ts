/**
 * Any GraphQL result as rows and typed columns (issue 14 item 4): the first list in the result
 * (a connection's nodes, a `nodes` list or a plain list of objects), each record flattened to
 * dotted columns (`process.code`), each column typed from its values, so the result can be
 * sorted as a table and drawn as a line or bar chart of its numeric columns over a time or text
 * column.
 */
import { flattenRecord } from "../../../lib/csv";

export type ColumnKind = "time" | "number" | "text" | "boolean" | "empty";
export interface Column {
  key: string;
  kind: ColumnKind;
}
export type Row = Record<string, unknown>;
export interface ResultTable {
  columns: Column[];
  rows: Row[];
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A column's kind from all its non-empty values: every one a number → number, every one an ISO date or time → time, … */
export function columnKind(values: readonly unknown[]): ColumnKind {
  const present = values.filter((v) => v !== null && v !== undefined && v !== "");
  if (present.length === 0) return "empty";
  if (present.every((v) => typeof v === "number" && Number.isFinite(v))) return "number";
  if (present.every((v) => typeof v === "boolean")) return "boolean";
  if (present.every((v) => typeof v === "string" && ISO_TIME.test(v) && !Number.isNaN(Date.parse(v)))) return "time";
  return "text";
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/**
 * Every list of records in a result, depth-first, with its path (`indicators`, `indicators.series`):
 * a connection's `edges[].node` or `nodes`, or a list of objects. Inside a list of one record (one
 * indicator and its `series`) the search goes on; in longer lists, nested lists stay cells.
 */
export function findLists(data: unknown, path = ""): { path: string; records: unknown[] }[] {
  if (Array.isArray(data)) {
    if (!data.some(isObject)) return [];
    const records = data.length > 0 && data.every((d) => isObject(d) && "node" in d) ? data.map((d) => (d as { node: unknown }).node) : data;
    const own = { path: path || "data", records };
    return records.length === 1 ? [own, ...findLists(records[0], path)] : [own];
  }
  if (!isObject(data)) return [];
  return Object.entries(data).flatMap(([k, v]) => (k === "__typename" ? [] : findLists(v, k === "edges" || k === "nodes" ? path : path ? `${path}.${k}` : k)));
}

/** Records as flattened rows with typed columns. */
export function tableOf(records: readonly unknown[]): ResultTable {
  const rows = records.map((r) => flattenRecord(r));
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const row of rows)
    for (const k of Object.keys(row))
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
  return { columns: keys.map((key) => ({ key, kind: columnKind(rows.map((r) => r[key])) })), rows };
}

/** Every list in a result as a table, by path. */
export function resultTables(data: unknown): { path: string; table: ResultTable }[] {
  return findLists(data).map((l) => ({ path: l.path, table: tableOf(l.records) }));
}

/** The first list in a result as a table; null when the result has no list. */
export function resultTable(data: unknown): ResultTable | null {
  return resultTables(data)[0]?.table ?? null;
}

export type SortDirection = "asc" | "desc";

function compareValues(a: unknown, b: unknown, kind: ColumnKind): number {
  if (kind === "number") return (a as number) - (b as number);
  if (kind === "time") return Date.parse(a as string) - Date.parse(b as string);
  if (kind === "boolean") return Number(a) - Number(b);
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** Rows sorted by one column (numbers as numbers, times as instants, text naturally); empty cells last either way. */
export function sortRows(rows: readonly Row[], column: Column, direction: SortDirection): Row[] {
  const empty = (v: unknown) => v === null || v === undefined || v === "";
  const sign = direction === "asc" ? 1 : -1;
  return [...rows].sort((x, y) => {
    const a = x[column.key];
    const b = y[column.key];
    if (empty(a) || empty(b)) return empty(a) === empty(b) ? 0 : empty(a) ? 1 : -1;
    return sign * compareValues(a, b, column.kind);
  });
}

export interface ChartChoice {
  /** Columns a chart can be drawn along: time columns first, then text ones. */
  xs: Column[];
  /** Numeric columns. */
  ys: Column[];
}

/** What the result can be drawn with; a chart needs one x column and one numeric column. */
export function chartChoice(columns: readonly Column[]): ChartChoice | null {
  const xs = [...columns.filter((c) => c.kind === "time"), ...columns.filter((c) => c.kind === "text")];
  const ys = columns.filter((c) => c.kind === "number");
  return xs.length && ys.length ? { xs, ys } : null;
}

export type ChartKind = "line" | "bar";

export interface ChartData {
  /** "time": x values are epoch ms; "category": x values are the text in row order. */
  axis: "time" | "category";
  categories: string[];
  series: { name: string; data: [number | string, number | null][] }[];
}

/**
 * The points of each numeric column over the x column: over time sorted by time (rows without a
 * time left out), over text in the rows' order.
 */
export function chartData(rows: readonly Row[], x: Column, ys: readonly Column[]): ChartData {
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  if (x.kind === "time") {
    const timed = rows.filter((r) => typeof r[x.key] === "string").map((r) => ({ t: Date.parse(r[x.key] as string), r }));
    timed.sort((a, b) => a.t - b.t);
    return { axis: "time", categories: [], series: ys.map((y) => ({ name: y.key, data: timed.map(({ t, r }) => [t, num(r[y.key])] as [number, number | null]) })) };
  }
  const categories = rows.map((r) => String(r[x.key] ?? ""));
  return { axis: "category", categories, series: ys.map((y) => ({ name: y.key, data: rows.map((r, i) => [categories[i], num(r[y.key])] as [string, number | null]) })) };
}
