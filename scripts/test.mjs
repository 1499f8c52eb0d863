// `pnpm test`: every test — unit and integration (vitest, real PostgreSQL), then e2e in Chromium.
// PostgreSQL: TEST_DATABASE_URL or DATABASE_URL when set, else an embedded server started by the test setup.
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildWeb, ensureChromium, root, run } from "./lib.mjs";

const vitest = path.join(root, "node_modules/vitest/vitest.mjs");
const reports = mkdtempSync(path.join(os.tmpdir(), "sillage-test-"));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

async function suite(name, args, cwd = root) {
  const out = path.join(reports, `${name}.json`);
  const code = await run(process.execPath, [vitest, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...args], { cwd });
  try {
    const r = JSON.parse(readFileSync(out, "utf8"));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests + r.numTodoTests;
    if (r.numTotalTests === 0) failures.push(`${name}: no test ran`);
    // Name each failed test with its first message line, so a CI log's tail says what broke.
    for (const file of r.testResults ?? []) {
      for (const t of file.assertionResults ?? []) {
        if (t.status !== "failed") continue;
        const why = String(t.failureMessages?.[0] ?? "").split("\n")[0].slice(0, 300);
        failures.push(`${name}: ${path.relative(root, file.name)} › ${t.fullName}: ${why}`);
      }
      if (file.status === "failed" && !(file.assertionResults ?? []).some((t) => t.status === "failed")) {
        failures.push(`${name}: ${path.relative(root, file.name)}: ${String(file.message ?? "").split("\n")[0].slice(0, 300)}`);
      }
    }
  } catch {
    failures.push(`${name}: no report`);
  }
  if (code !== 0) failures.push(`${name}: exit ${code}`);
}

await suite("unit-integration", []);
if (!process.argv.includes("--no-e2e")) {
  try {
    await buildWeb();
    if (await ensureChromium()) await suite("e2e", ["--config", "vitest.config.ts"], path.join(root, "e2e"));
    else failures.push("e2e: Chromium unavailable");
  } catch (err) {
    failures.push(`e2e: ${err.message}`);
  }
}
if (failures.length) console.error(`\nFailures:\n  ${failures.join("\n  ")}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length || totals.failed ? 1 : 0);
