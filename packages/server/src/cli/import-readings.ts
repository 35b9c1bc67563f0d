/**
 * `npm run import-readings -- <file.csv>`: uploads a readings CSV (indicator,value,observedAt,key)
 * to the running server through the importReadingsCsv mutation, and prints the per-row report.
 * Signs in as CONTROLROOM_EMAIL (default the seeded process office) or uses CONTROLROOM_TOKEN
 * (an INGEST token).
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";

const file = process.argv[2];
if (!file) {
  console.error("usage: npm run import-readings -- <file.csv>");
  process.exit(2);
}
const url = process.env.CONTROLROOM_URL ?? `http://localhost:${process.env.PORT ?? 4000}/graphql`;

async function token(): Promise<string> {
  if (process.env.CONTROLROOM_TOKEN) return process.env.CONTROLROOM_TOKEN;
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`,
      variables: { e: process.env.CONTROLROOM_EMAIL ?? "office@example.com", p: process.env.CONTROLROOM_PASSWORD ?? process.env.SEED_PASSWORD ?? "controlroom-dev" },
    }),
  });
  const body = (await res.json()) as { data?: { login: { accessToken: string } }; errors?: { message: string }[] };
  if (!body.data) throw new Error(body.errors?.[0]?.message ?? "sign-in failed");
  return body.data.login.accessToken;
}

try {
  const form = new FormData();
  form.set(
    "operations",
    JSON.stringify({ query: `mutation($f: File!) { importReadingsCsv(file: $f) { accepted duplicates alertEvents errors { line message } } }`, variables: { f: null } }),
  );
  form.set("map", JSON.stringify({ 0: ["variables.f"] }));
  form.set("0", new Blob([readFileSync(file)], { type: "text/csv" }), basename(file));
  const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${await token()}` }, body: form });
  const body = (await res.json()) as {
    data?: { importReadingsCsv: { accepted: number; duplicates: number; alertEvents: number; errors: { line: number; message: string }[] } };
    errors?: { message: string }[];
  };
  if (!body.data) throw new Error(body.errors?.map((e) => e.message).join("\n") ?? `HTTP ${res.status}`);
  const r = body.data.importReadingsCsv;
  if (r.errors.length) {
    console.error(`Nothing imported: ${r.errors.length} bad line(s).`);
    for (const e of r.errors) console.error(`  line ${e.line}: ${e.message}`);
    process.exit(1);
  }
  console.log(`Imported ${r.accepted} reading(s); ${r.duplicates} duplicate(s) skipped; ${r.alertEvents} alert change(s).`);
} catch (error) {
  console.error(`Import failed: ${(error as Error).message}\nIs the server running (npm start)?`);
  process.exit(1);
}
