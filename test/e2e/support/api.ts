/** Talks to the API over HTTP the way any client would. */
import { PASSWORD } from "./server.js";

export async function gql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string | null): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join("; ")}`);
  return body.data as T;
}

export async function login(url: string, email: string): Promise<string> {
  const d = await gql<{ login: { accessToken: string } }>(url, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, { e: email, p: PASSWORD });
  return d.login.accessToken;
}

/** A DISPLAY token for a wall screen, created by the admin. */
export async function displayToken(url: string): Promise<string> {
  const admin = await login(url, "admin@example.com");
  const d = await gql<{ createApiToken: { token: string } }>(url, `mutation { createApiToken(input: { kind: DISPLAY, name: "E2E wall" }) { token } }`, {}, admin);
  return d.createApiToken.token;
}

/** An INGEST token (a data feed) for the given indicators. */
export async function ingestToken(url: string, indicatorIds: string[]): Promise<string> {
  const admin = await login(url, "admin@example.com");
  const d = await gql<{ createApiToken: { token: string } }>(
    url,
    `mutation($ids: [ID!]) { createApiToken(input: { kind: INGEST, name: "E2E feed", indicatorIds: $ids }) { token } }`,
    { ids: indicatorIds },
    admin,
  );
  return d.createApiToken.token;
}

/** Indicator ids by code. */
export async function indicatorIds(url: string, token: string): Promise<Record<string, string>> {
  const d = await gql<{ indicators: { edges: { node: { id: string; code: string } }[] } }>(url, `{ indicators(first: 100) { edges { node { id code } } } }`, {}, token);
  return Object.fromEntries(d.indicators.edges.map((e) => [e.node.code, e.node.id]));
}

export interface Reading {
  indicatorId: string;
  value: number;
  observedAt?: string;
  key?: string;
}

export async function recordReadings(url: string, token: string, readings: Reading[]): Promise<{ accepted: number; duplicates: number }> {
  const d = await gql<{ recordReadings: { accepted: number; duplicates: number } }>(
    url,
    `mutation($r: [ReadingInput!]!) { recordReadings(input: { readings: $r }) { accepted duplicates } }`,
    { r: readings },
    token,
  );
  return d.recordReadings;
}

/**
 * Daily indicators whose rules fire on one reading (consecutive 1), with a value past their
 * CRITICAL threshold (seed: prisma/seed/indicators.ts).
 */
export const BREACHES: Record<string, number> = {
  "HR-01": 55, // time to hire, days; critical above 50
  "HR-02": 16.5, // staff turnover %, critical above 15
  "ADM-03": 78, // vehicle availability %, critical below 80
  "STR-01": 80, // operating plan attainment %, critical below 85
  "FIN-03": 72, // cost-to-revenue %, critical above 70
  "MKT-03": 70, // customer satisfaction, critical below 75
  "FIN-05": 1.05, // current ratio, critical below 1.2
};
