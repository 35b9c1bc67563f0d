import { defineConfig } from "prisma/config";
import { createAdapter, EMBEDDED_URL, targetFromEnv } from "./packages/server/src/lib/adapter";

// Prisma 6.19 runs its schema engine as WebAssembly through a driver adapter, so generate,
// migrate diff and migrate deploy need no native binary (docs/architecture.md, "Prisma").
const target = targetFromEnv();
// The schema's datasource reads DATABASE_URL; it must resolve even for the embedded database.
if (target.kind === "pglite") process.env.DATABASE_URL = EMBEDDED_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    return createAdapter(target).adapter;
  },
});
