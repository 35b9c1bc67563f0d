/**
 * `npm run simulate`: a data feed for a demo or a wall-display test. Signs in to the running
 * server, creates an INGEST token for every indicator (as a real feed would hold), and every
 * few seconds records one reading per indicator through `recordReadings`: a random walk around
 * each indicator's last value, with an occasional excursion past its warning threshold.
 *
 *   npm run simulate -- --every 5 --breach-chance 0.05
 */
import { parseArgs } from "node:util";
import { signedInClient } from "./api-client.js";

const { values } = parseArgs({
  options: { every: { type: "string", default: "5" }, "breach-chance": { type: "string", default: "0.03" }, rounds: { type: "string" } },
});
const everyMs = Math.max(0.2, Number(values.every)) * 1000;
const breachChance = Number(values["breach-chance"]);
const rounds = values.rounds ? Number(values.rounds) : Number.POSITIVE_INFINITY;

interface Rule {
  kind: string;
  level: string;
  comparator: string | null;
  value: number | null;
  upperValue: number | null;
}
interface Indicator {
  id: string;
  code: string;
  lastValue: number | null;
  target: number | null;
  targetLow: number | null;
  targetHigh: number | null;
  rules: Rule[];
}

const admin = await signedInClient();
const { indicators } = await admin.query<{ indicators: { edges: { node: Indicator }[] } }>(
  `{ indicators(first: 500) { edges { node { id code lastValue target targetLow targetHigh rules { kind level comparator value upperValue } } } } }`,
);
const list = indicators.edges.map((e) => e.node);
const { createApiToken } = await admin.query<{ createApiToken: { token: string } }>(
  `mutation($ids: [ID!]) { createApiToken(input: { name: "Simulator", kind: INGEST, indicatorIds: $ids }) { token } }`,
  { ids: list.map((i) => i.id) },
);
const state = new Map(list.map((i) => [i.id, i.lastValue ?? i.target ?? ((i.targetLow ?? 0) + (i.targetHigh ?? 100)) / 2]));

/** A value just past the WARNING threshold on its bad side. */
function breachOf(i: Indicator): number | null {
  const rule = i.rules.find((r) => r.kind === "THRESHOLD" && r.level === "WARNING" && r.value != null);
  if (!rule) return null;
  const margin = Math.abs(rule.value!) * 0.05 + 0.5;
  if (rule.comparator === "BELOW") return rule.value! - margin;
  if (rule.comparator === "ABOVE") return rule.value! + margin;
  return (rule.upperValue ?? rule.value!) + margin;
}

console.log(`Simulating ${list.length} indicators every ${everyMs / 1000} s (Ctrl-C to stop).`);
for (let round = 0; round < rounds; round++) {
  const now = new Date().toISOString();
  const readings = list.map((i) => {
    const base = i.target ?? state.get(i.id)!;
    const last = state.get(i.id)!;
    // Mean-reverting random walk: drifts back towards the target.
    let value = last + (base - last) * 0.2 + (Math.random() - 0.5) * Math.max(0.5, Math.abs(base) * 0.02);
    const breach = Math.random() < breachChance ? breachOf(i) : null;
    if (breach != null) value = breach;
    state.set(i.id, value);
    return { indicatorId: i.id, value: Math.round(value * 100) / 100, observedAt: now, key: `sim:${i.code}:${now}` };
  });
  const res = await fetch(admin.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${createApiToken.token}` },
    body: JSON.stringify({ query: `mutation($r: [ReadingInput!]!) { recordReadings(input: { readings: $r }) { accepted alertEvents } }`, variables: { r: readings } }),
  });
  const body = (await res.json()) as { data?: { recordReadings: { accepted: number; alertEvents: number } }; errors?: { message: string }[] };
  if (body.errors) console.error(body.errors.map((e) => e.message).join("; "));
  else console.log(`${now}  ${body.data!.recordReadings.accepted} readings, ${body.data!.recordReadings.alertEvents} alert change(s)`);
  if (round + 1 < rounds) await new Promise((r) => setTimeout(r, everyMs));
}
