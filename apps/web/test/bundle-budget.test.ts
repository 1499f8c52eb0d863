import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BEFORE_FIRST_RENDER, FIRST_PAGES, JS_BUDGET_BYTES, overBudget, pageWeight, wordsOf, type ChunkInfo, type PageWeight } from "../build/assets";

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

describe("the JavaScript budget's arithmetic", () => {
  const chunk = (fileName: string, size: number, more: Partial<ChunkInfo> = {}): ChunkInfo => ({ fileName, code: "x".repeat(size), isEntry: false, facadeModuleId: null, imports: [], ...more });
  const chunks = [
    chunk("index.js", 100, { isEntry: true, imports: ["shared.js"] }),
    chunk("shared.js", 50),
    chunk("inbox.js", 70, { facadeModuleId: "/repo/apps/web/src/routes/inbox.tsx", imports: ["shared.js", "virtual.js"] }),
    chunk("virtual.js", 30),
    chunk("schedule.js", 999, { facadeModuleId: "/repo/apps/web/src/routes/schedule.tsx" }),
  ];

  it("counts the entry, the page's chunk and what they import statically, once each, never other pages", () => {
    const w = pageWeight("/inbox", "src/routes/inbox.tsx", chunks, []);
    expect(w.files.sort()).toEqual(["inbox.js", "index.js", "shared.js", "virtual.js"]);
    expect(w.rawBytes).toBe(250);
  });

  it("counts the default language's core and the page's areas, fetched before the first render; other words never", () => {
    const words = (lang: string, key: string) => chunk(`${lang}-${key}.js`, 40, { facadeModuleId: `/repo/apps/web/src/i18n/${lang}/${key}.ts` });
    const withMessages = [...chunks, words("fr", "_core"), words("en", "_core"), words("fr", "inbox"), words("en", "inbox"), words("fr", "kpis")];
    const w = pageWeight("/inbox", "src/routes/inbox.tsx", withMessages, [...BEFORE_FIRST_RENDER, ...wordsOf(["inbox"])]);
    expect(w.files.sort()).toEqual(["fr-_core.js", "fr-inbox.js", "inbox.js", "index.js", "shared.js", "virtual.js"]);
    expect(w.rawBytes).toBe(330);
    // An area merged into another chunk cannot be measured: the build stops rather than under-count.
    expect(() => pageWeight("/inbox", "src/routes/inbox.tsx", withMessages, wordsOf(["topics"]))).toThrow(/no chunk of its own/);
  });

  it("names the pages over budget and fails on a page that is not a lazy route", () => {
    const w = (page: string, gzipBytes: number): PageWeight => ({ page, files: ["a.js"], rawBytes: 0, gzipBytes, brotliBytes: 0 });
    expect(overBudget([w("/login", 100), w("/inbox", 300)], 200)).toEqual([expect.stringContaining("/inbox loads")]);
    expect(overBudget([w("/login", 200)], 200)).toEqual([]);
    expect(() => pageWeight("/x", "src/routes/x.tsx", chunks, [])).toThrow(/lazy route/);
  });
});

describe("the production build", () => {
  const outDir = mkdtempSync(path.join(os.tmpdir(), "sillage-web-build-"));
  let build: ReturnType<typeof spawnSync>;
  beforeAll(() => {
    build = spawnSync(process.execPath, [path.join(webDir, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "error", "--outDir", outDir, "--emptyOutDir"], { cwd: webDir, encoding: "utf8", timeout: 120_000, env: { ...process.env, NODE_ENV: "production" } });
  }, 130_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it(`keeps every first page within ${JS_BUDGET_BYTES / 1024} KB of compressed JavaScript`, () => {
    expect(build.status, String(build.stderr)).toBe(0);
    const report = JSON.parse(readFileSync(path.join(outDir, "first-pages.json"), "utf8")) as { pages: PageWeight[] };
    expect(report.pages.map((p) => p.page).sort()).toEqual(Object.keys(FIRST_PAGES).sort());
    for (const page of report.pages) expect(page.gzipBytes, page.page).toBeLessThanOrEqual(JS_BUDGET_BYTES);
  });

  it("splits by route (no page's code in the entry), precompresses every asset and names no source map", () => {
    const assets = readdirSync(path.join(outDir, "assets"));
    const scripts = assets.filter((f) => f.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(5);
    for (const f of [...scripts, ...assets.filter((a) => a.endsWith(".css"))]) {
      const size = readFileSync(path.join(outDir, "assets", f)).length;
      if (size >= 1024) expect(existsSync(path.join(outDir, "assets", `${f}.br`)) && existsSync(path.join(outDir, "assets", `${f}.gz`)), f).toBe(true);
      if (f.endsWith(".js")) expect(readFileSync(path.join(outDir, "assets", f), "utf8"), f).not.toContain("sourceMappingURL");
    }
    // Maps exist for error reports; the server decides whether anyone may read them.
    expect(assets.some((f) => f.endsWith(".js.map"))).toBe(true);
  });
});
