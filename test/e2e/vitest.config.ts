import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);
// As in the root config: the server's modules and graphql's own must load one graphql file
// (CJS index.js), or its classes exist twice ("Cannot use GraphQLObjectType from another realm").
const GRAPHQL = require.resolve("graphql", { paths: [new URL("../../packages/server", import.meta.url).pathname] });

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
