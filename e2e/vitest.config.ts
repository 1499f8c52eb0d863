import { defineConfig } from "vitest/config";

// Browser tests: each file starts the real server (built SPA, worker, its own database) and drives Chromium.
export default defineConfig({
  test: {
    include: ["tests/**/*.e2e.test.ts"],
    globalSetup: ["../packages/db/src/testing/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: "forks",
    maxWorkers: 1,
  },
});
