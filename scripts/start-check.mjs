#!/usr/bin/env node
/**
 * CI: starts the product the README's way (`npm start`) on the database the environment names
 * (DATABASE_URL, else the embedded one under DATA_DIR), waits for /health, signs in as a seeded
 * user and checks the seeded catalogue through GraphQL (the five processes of §3), then stops it
 * as Ctrl-C would (SIGTERM to its process group; SIGKILL only if it is still there 30 s later).
 * Every wait has a deadline, and whatever it started is gone when it exits.
 *
 *   PORT=24123 DATA_DIR=/tmp/fresh node scripts/start-check.mjs
 */
import { spawn } from "node:child_process";

const port = Number(process.env.PORT ?? 24000 + Math.floor(Math.random() * 1000));
const base = `http://127.0.0.1:${port}`;
const START_TIMEOUT_MS = Number(process.env.START_TIMEOUT_MS ?? 15 * 60_000);
const where = process.env.DATABASE_URL ? `PostgreSQL (${new URL(process.env.DATABASE_URL).pathname.slice(1)})` : `PGlite in ${process.env.DATA_DIR ?? "./data"}`;

// Its own process group, so that stopping it reaches npm, pnpm, tsx and the server alike.
const child = spawn("npm", ["start"], { env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "inherit", "inherit"], detached: true });
const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
let stopped = false;

async function stop() {
  if (stopped) return;
  stopped = true;
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    console.error("start-check: npm start did not stop within 30 s of SIGTERM; killing it");
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
  }, 30_000);
  await exited;
  clearTimeout(timer);
}

async function fail(message) {
  console.error(`start-check: FAILED on ${where}: ${message}`);
  await stop();
  process.exit(1);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.once(signal, () => fail(`interrupted by ${signal}`));
const giveUp = setTimeout(() => fail(`no answer within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);

async function graphql(query, variables = {}, token) {
  const res = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = await res.json();
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  return body.data;
}

try {
  console.log(`start-check: npm start on ${where}, port ${port}`);
  let healthy = false;
  while (!healthy) {
    if (child.exitCode !== null || child.signalCode !== null) await fail(`npm start ended (${child.exitCode ?? child.signalCode}) before /health answered`);
    healthy = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (!healthy) await new Promise((r) => setTimeout(r, 1_000));
  }
  const { login } = await graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, {
    e: "management@example.com",
    p: process.env.SEED_PASSWORD ?? "controlroom-dev",
  });
  const { processes } = await graphql(`{ processes { totalCount } }`, {}, login.accessToken);
  // §3: the seed's catalogue is the policy's five processes.
  if (processes.totalCount !== 5) await fail(`expected the five processes of §3, found ${processes.totalCount}`);
  console.log(`start-check: ok on ${where}: /health answers, management sees ${processes.totalCount} processes`);
} catch (error) {
  await fail(error instanceof Error ? error.message : String(error));
}
clearTimeout(giveUp);
await stop();
const code = await exited;
console.log(`start-check: npm start stopped (${code})`);
