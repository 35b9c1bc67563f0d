import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

// The server runs in-process: graphql must be the one CJS file Node loads for its dependencies,
// as in the root config, or its classes exist twice ("another module or realm").
const GRAPHQL = createRequire(import.meta.url).resolve("graphql", { paths: [new URL("../../packages/server", import.meta.url).pathname] });

/**
 * End-to-end tests: the real server (in-process, on a free port, seeded in-memory database)
 * and the built dashboard in Debian's Chromium through playwright-core. One file at a time:
 * each starts its own server and browser, and the machine has two cores.
 */
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: GRAPHQL }] },
  test: {
    name: "e2e",
    root: import.meta.dirname,
    include: ["**/*.e2e.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
  },
});
