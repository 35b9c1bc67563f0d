import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);
// graphql ships CJS (index.js) and ESM (index.mjs); Node loads the CJS one for dependencies, so
// the tests load the same file, or its classes would exist twice ("another module or realm").
const GRAPHQL = require.resolve("graphql", { paths: [new URL("./packages/server", import.meta.url).pathname] });

// One runner for the whole workspace. Each test file opens its own database (in-memory PGlite,
// or a fresh database on the server in DATABASE_URL), so files run in parallel safely.
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: GRAPHQL }] },
  test: {
    include: [
      "packages/server/src/**/*.test.ts",
      "packages/server/test/**/*.test.ts",
      "prisma/seed/**/*.test.ts",
    ],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
