import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);
// graphql ships CJS (index.js) and ESM (index.mjs); Node loads the CJS one for dependencies, so
// the tests load the same file, or its classes would exist twice ("another module or realm").
const GRAPHQL = require.resolve("graphql", { paths: [new URL("./packages/server", import.meta.url).pathname] });

// `vitest run` runs the server and seed tests (each file opens its own database: in-memory
// PGlite, or a fresh database on the server in DATABASE_URL) and the client's unit tests.
// The browser tests have their own config (test/e2e/vitest.config.ts), run by scripts/e2e.mjs.
export default defineConfig({
  test: {
    pool: "forks",
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias: [{ find: /^graphql$/, replacement: GRAPHQL }] },
        test: {
          name: "server",
          root: import.meta.dirname,
          include: ["packages/server/src/**/*.test.ts", "packages/server/test/**/*.test.ts", "prisma/seed/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      "packages/client/vitest.config.ts",
    ],
  },
});
