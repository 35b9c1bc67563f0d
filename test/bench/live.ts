/**
 * Rounds of the live benchmarks (latency, fanout, redis): a breaching or clearing reading sent
 * through the GraphQL mutation by the client process, or the same body to the raw broadcaster.
 */
import { monotonicClock, recordRequest, type ClientProcess, type RoundResult } from "./harness.js";

/** Observation times only move forward: a rule skips readings older than what it evaluated. */
const clock = monotonicClock();

export const BREACH = 97;
export const CLEAR = 50;

/** `count` readings alternating breach / clear (breach first): each one fires or resolves the bench rule. */
export function flapping(indicatorGlobalId: string, count: number, startWith = BREACH) {
  return Array.from({ length: count }, (_, i) => ({
    indicatorId: indicatorGlobalId,
    value: (i % 2 === 0) === (startWith === BREACH) ? BREACH : CLEAR,
    observedAt: clock().toISOString(),
  }));
}

export function check(r: RoundResult, what: string): RoundResult {
  if (r.received < r.expected || r.errors > 0) {
    throw new Error(`${what}: ${r.received}/${r.expected} messages, ${r.errors} errors; response ${r.response.slice(0, 300)}`);
  }
  return r;
}

/** One breaching reading through recordReadings; every subscriber of `set` should get one FIRED event. */
export async function breachRound(clients: ClientProcess, set: string, url: string, token: string, indicator: string) {
  return check(await clients.round(set, recordRequest(url, token, flapping(indicator, 1, BREACH)), 1), `${set} breach`);
}

/** One clearing reading; every subscriber should get one RESOLVED event. */
export async function clearRound(clients: ClientProcess, set: string, url: string, token: string, indicator: string) {
  return check(await clients.round(set, recordRequest(url, token, flapping(indicator, 1, CLEAR)), 1), `${set} clear`);
}

/** The raw broadcaster: the same request body shape, `count` frames to every client. */
export async function rawRound(clients: ClientProcess, set: string, triggerUrl: string, indicator: string, count = 1) {
  const body = JSON.stringify({ readings: flapping(indicator, count), count });
  return check(await clients.round(set, { url: triggerUrl, body }, count), `${set} raw`);
}

/** A batch of `count` flapping readings (an even count leaves the rule clear): `count` events to every subscriber. */
export async function burstRound(clients: ClientProcess, set: string, url: string, token: string, indicator: string, count: number) {
  return check(await clients.round(set, recordRequest(url, token, flapping(indicator, count)), count, 120_000), `${set} burst`);
}
