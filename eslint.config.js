import base from "@sillage/eslint-config";

export default [
  ...base,
  {
    // Scripts, benches, the CLI and e2e print to the terminal on purpose.
    files: ["scripts/**", "bench/**", "e2e/**", "apps/server/src/cli.ts", "**/*.test.ts"],
    rules: { "no-console": "off" },
  },
];
