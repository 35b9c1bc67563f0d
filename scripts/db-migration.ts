/**
 * `pnpm db:migration <name>`: writes a new SQL migration for the changes in prisma/schema.prisma.
 *
 * `prisma migrate dev` needs a shadow database, which the WebAssembly schema engine does not get
 * here, so this diffs the schema as of the last migration (kept beside the migrations as
 * `schema.snapshot.prisma`) against the current one, offline. No migration is ever edited.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const migrations = join(root, "prisma", "migrations");
const schema = join(root, "prisma", "schema.prisma");
const snapshot = join(migrations, "schema.snapshot.prisma");

const name = (process.argv[2] ?? "")
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, "_")
  .replace(/^_|_$/g, "");
if (!name) {
  console.error("usage: pnpm db:migration <name>");
  process.exit(2);
}
const from = existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
const sql = execFileSync("npx", ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"], {
  cwd: root,
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
if (!/^\s*(CREATE|ALTER|DROP)/im.test(sql)) {
  console.log("The schema has not changed since the last migration; nothing written.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = join(migrations, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "migration.sql"), sql);
copyFileSync(schema, snapshot);
if (!existsSync(join(migrations, "migration_lock.toml"))) {
  writeFileSync(join(migrations, "migration_lock.toml"), 'provider = "postgresql"\n');
}
console.log(`Wrote ${dir}/migration.sql`);
