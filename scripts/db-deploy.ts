/**
 * `pnpm db:deploy`: applies the committed migrations with `prisma migrate deploy`, to PGlite
 * under DATA_DIR by default or to the PostgreSQL server in DATABASE_URL.
 *
 * With PGlite the Prisma 6.19 CLI finishes its work but its process does not always exit when
 * there is nothing to apply, so this first asks the database which migrations it has and skips
 * the CLI when none is pending; and it ends a CLI that has printed its final line but lingers.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { pendingMigrations } from "../packages/server/src/lib/migrations";
import { targetFromEnv } from "../packages/server/src/lib/adapter";

const root = join(import.meta.dirname, "..");
const target = targetFromEnv();
const pending = await pendingMigrations(target);
if (pending.length === 0) {
  console.log("Database is up to date: no pending migrations.");
  process.exit(0);
}
console.log(`Applying ${pending.length} migration(s): ${pending.join(", ")}`);
const child = spawn("npx", ["prisma", "migrate", "deploy"], {
  cwd: root,
  stdio: ["ignore", "pipe", "inherit"],
  env: { ...process.env, CHECKPOINT_DISABLE: "1" },
});
let output = "";
child.stdout.on("data", (chunk: Buffer) => {
  process.stdout.write(chunk);
  output += chunk.toString();
  if (/successfully applied|No pending migrations/.test(output)) {
    setTimeout(() => child.kill("SIGTERM"), 3000).unref();
  }
});
child.on("exit", (code, signal) => {
  const done = /successfully applied|No pending migrations/.test(output);
  process.exit(done ? 0 : (code ?? (signal ? 1 : 0)));
});
