import { defineConfig } from "vitest/config";

/**
 * End-to-end tests: the real server (in-process, on a free port, seeded in-memory database)
 * and the built dashboard in Debian's Chromium through playwright-core. One file at a time:
 * each starts its own server and browser, and the machine has two cores.
 */
export default defineConfig({
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
