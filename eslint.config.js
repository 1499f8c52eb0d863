import base from "@sillage/eslint-config";
import { packageBoundaries } from "@sillage/eslint-config/boundaries";

export default [
  ...base,
  {
    // Scripts, benches, the CLI and e2e print to the terminal on purpose.
    files: ["scripts/**", "bench/**", "e2e/**", "apps/server/src/cli.ts", "**/*.test.ts"],
    rules: { "no-console": "off" },
  },
  // What each package may import, read from every package.json (tooling/eslint/boundaries.js).
  ...packageBoundaries(import.meta.dirname),
];
