/**
 * A page's heap by kind of object, from a heap snapshot taken over CDP (V8 objects and Blink's
 * native ones): self sizes summed per (node type, constructor or function name), so two
 * snapshots show what grew, and the retainers that keep a group alive.
 */
/** The part of playwright's CDPSession used here. */
interface CDPSession {
  send(method: string, params?: object): Promise<unknown>;
  on(event: "HeapProfiler.addHeapSnapshotChunk", listener: (e: { chunk: string }) => void): unknown;
  off(event: "HeapProfiler.addHeapSnapshotChunk", listener: (e: { chunk: string }) => void): unknown;
}

export type HeapSummary = Map<string, { bytes: number; count: number }>;

export interface HeapSnapshot {
  summary: HeapSummary;
  /**
   * What keeps a group alive: starting from the group's objects, at each level the most common
   * group among their (strong) retainers, with the edge name and the share of objects it retains.
   */
  retainers(key: string, depth?: number): { key: string; edge: string; share: number }[];
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

const GROUPED: Record<string, string> = {
  string: "(strings)",
  "concatenated string": "(strings)",
  "sliced string": "(strings)",
  number: "(heap numbers)",
  code: "(compiled code)",
};

export async function heapSnapshot(cdp: CDPSession): Promise<HeapSnapshot> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => void chunks.push(e.chunk);
  cdp.on("HeapProfiler.addHeapSnapshotChunk", onChunk);
  try {
    await cdp.send("HeapProfiler.enable");
    await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  } finally {
    cdp.off("HeapProfiler.addHeapSnapshotChunk", onChunk);
  }
  const s = JSON.parse(chunks.join("")) as Snapshot;
  chunks.length = 0;
  const meta = s.snapshot.meta;
  const width = meta.node_fields.length;
  const types = meta.node_types[0];
  const iType = meta.node_fields.indexOf("type");
  const iName = meta.node_fields.indexOf("name");
  const iSize = meta.node_fields.indexOf("self_size");
  const iEdges = meta.node_fields.indexOf("edge_count");
  const count = s.nodes.length / width;
  const keys: string[] = new Array(count);
  const summary: HeapSummary = new Map();
  for (let n = 0; n < count; n++) {
    const i = n * width;
    const type = types[s.nodes[i + iType]];
    const name = s.strings[s.nodes[i + iName]] ?? "";
    const key = GROUPED[type] ?? `${type}: ${name.length > 60 ? `${name.slice(0, 57)}…` : name || "(anonymous)"}`;
    keys[n] = key;
    const e = summary.get(key) ?? { bytes: 0, count: 0 };
    e.bytes += s.nodes[i + iSize];
    e.count += 1;
    summary.set(key, e);
  }

  // Reverse edges (strong ones only), as retainer lists per node.
  const ew = meta.edge_fields.length;
  const eType = meta.edge_fields.indexOf("type");
  const eName = meta.edge_fields.indexOf("name_or_index");
  const eTo = meta.edge_fields.indexOf("to_node");
  const edgeTypes = meta.edge_types[0];
  const skip = new Set(["weak", "shortcut"].map((t) => edgeTypes.indexOf(t)));
  const from = new Int32Array(s.edges.length / ew);
  let e = 0;
  for (let n = 0; n < count; n++) for (let k = 0; k < s.nodes[n * width + iEdges]; k++, e++) from[e] = n;
  const inDegree = new Int32Array(count + 1);
  for (let j = 0; j < from.length; j++) if (!skip.has(s.edges[j * ew + eType])) inDegree[s.edges[j * ew + eTo] / width + 1]++;
  for (let n = 0; n < count; n++) inDegree[n + 1] += inDegree[n];
  const fill = inDegree.slice();
  const retainerEdge = new Int32Array(inDegree[count]);
  for (let j = 0; j < from.length; j++) {
    if (skip.has(s.edges[j * ew + eType])) continue;
    retainerEdge[fill[s.edges[j * ew + eTo] / width]++] = j;
  }
  const edgeName = (j: number) => {
    const t = edgeTypes[s.edges[j * ew + eType]];
    const v = s.edges[j * ew + eName];
    return t === "element" || t === "hidden" ? `[${t}]` : String(s.strings[v] ?? v);
  };

  return {
    summary,
    retainers(key, depth = 4) {
      let current: number[] = [];
      for (let n = 0; n < count; n++) if (keys[n] === key) current.push(n);
      const chain: { key: string; edge: string; share: number }[] = [];
      for (let level = 0; level < depth && current.length; level++) {
        const tally = new Map<string, { edge: string; nodes: Set<number>; retained: number }>();
        for (const n of current) {
          const seen = new Set<string>();
          for (let r = inDegree[n]; r < inDegree[n + 1]; r++) {
            const j = retainerEdge[r];
            const holder = from[j];
            const k = keys[holder];
            if (k === key && level === 0) continue;
            const t = tally.get(k) ?? { edge: edgeName(j), nodes: new Set<number>(), retained: 0 };
            t.nodes.add(holder);
            if (!seen.has(k)) {
              seen.add(k);
              t.retained++;
            }
            tally.set(k, t);
          }
        }
        const best = [...tally.entries()].sort((a, b) => b[1].retained - a[1].retained)[0];
        if (!best) break;
        chain.push({ key: best[0], edge: best[1].edge, share: best[1].retained / current.length });
        current = [...best[1].nodes];
      }
      return chain;
    },
  };
}

/** The groups that grew most between two summaries, in bytes. */
export function heapGrowth(a: HeapSummary, b: HeapSummary, top = 12): { key: string; bytes: number; count: number; before: number; after: number }[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys]
    .map((key) => {
      const x = a.get(key) ?? { bytes: 0, count: 0 };
      const y = b.get(key) ?? { bytes: 0, count: 0 };
      return { key, bytes: y.bytes - x.bytes, count: y.count - x.count, before: x.bytes, after: y.bytes };
    })
    .sort((p, q) => q.bytes - p.bytes)
    .slice(0, top);
}

export const totalBytes = (h: HeapSummary) => [...h.values()].reduce((t, e) => t + e.bytes, 0);
