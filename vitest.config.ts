import { defineConfig } from "vitest/config";

// One run for unit and integration tests of every package. Each test file that needs PostgreSQL gets its own
// database cloned from a migrated template (see packages/db/src/testing.ts), so files run in parallel safely.
export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "apps/*/test/**/*.test.ts"],
    globalSetup: ["packages/db/src/testing/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
