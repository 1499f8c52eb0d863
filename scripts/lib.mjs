// Small helpers shared by the root scripts (plain Node, no dependencies, so they run right after install).
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Runs a command to its end. SIGINT / SIGTERM sent to this script (a supervisor stopping `pnpm start`) are passed on
 * and waited for, so the server shuts down in order instead of being orphaned.
 */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: "inherit", ...opts, env: { ...process.env, ...opts.env } });
    const forward = (signal) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** The SPA needs a build when dist is missing or older than its sources. */
export function webBuildNeeded() {
  const index = path.join(root, "apps/web/dist/index.html");
  if (!existsSync(index)) return true;
  const sources = Math.max(newest(path.join(root, "apps/web/src")), statSync(path.join(root, "apps/web/index.html")).mtimeMs);
  return sources > statSync(index).mtimeMs;
}

export async function buildWeb() {
  console.log("Building the web app…");
  const code = await run(process.execPath, [path.join(root, "apps/web/node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"], {
    cwd: path.join(root, "apps/web"),
  });
  if (code !== 0) throw new Error("web build failed");
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** e2e needs Debian's Chromium (never a downloaded browser): install it when we are root on Debian, else explain. */
export async function ensureChromium() {
  if (existsSync(CHROMIUM)) return true;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    console.log("Chromium is missing: installing Debian's chromium package for the e2e tests…");
    const env = { DEBIAN_FRONTEND: "noninteractive" };
    await run("apt-get", ["update", "-qq"], { env });
    await run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], { env });
    if (existsSync(CHROMIUM)) return true;
  }
  console.error(`Chromium not found at ${CHROMIUM}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`);
  return false;
}
