/**
 * Build-time work on the SPA's output (a Vite plugin, `vite.config.ts`):
 * - the JavaScript budget: what a first visit to each page in `FIRST_PAGES` downloads (the entry chunk, the page's
 *   lazy chunk and every chunk they import statically), gzip-compressed, must stay under `budgetBytes`, or the build
 *   fails (CI builds the SPA before the e2e tests, so a page that grows too heavy fails CI);
 * - precompression: every text asset gets a `.br` (brotli, best quality) and a `.gz` twin next to it, which the
 *   server sends with `Content-Encoding` to browsers that accept it (no compression work per request).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Plugin } from "vite";
import { type Area, PAGE_AREAS } from "../src/i18n/areas";

/**
 * The pages a visitor can land on first: the module that holds each page (its lazy route file) and the areas of the
 * dictionaries its route loads before rendering (src/i18n/areas.ts; signed-in pages add the shell's).
 */
export const FIRST_PAGES: Record<string, { module: string; areas: readonly Area[] }> = {
  "/login": { module: "src/routes/login.tsx", areas: PAGE_AREAS.login },
  "/inbox": { module: "src/routes/inbox.tsx", areas: [...PAGE_AREAS.app, ...PAGE_AREAS.inbox] },
  "/schedule": { module: "src/routes/schedule.tsx", areas: [...PAGE_AREAS.app, ...PAGE_AREAS.schedule] },
};

// 200 KB until route search params were validated with zod (zod/mini in the entry: ≈ 3.5 KB gzip), 204 KB until the
// forgotten-password pages (two routes in the entry, their words in the dictionary: 0.4 KB gzip; docs/benchmarks.md),
// 205 KB until the credit and channel-error reasons were worded on the client (both dictionaries ship whole with every
// page: splitting them by area is the next saving, not another raise). Splitting the notification panel into a lazy
// chunk was measured and made /inbox larger (205.4 → 205.7 KB: one more chunk compresses worse than the code saved).
// 206 KB until the dictionaries were split by area (src/i18n/index.ts): /inbox 205.5 → 195.0 KB, /schedule 205.1 →
// 187.9 KB, /login 178.6 → 157.0 KB (docs/benchmarks.md); the budget keeps 2 KB above the heaviest page.
export const JS_BUDGET_BYTES = 197 * 1024;

/**
 * Chunks every first visit fetches before the first render although they are imported lazily: the default
 * language's core messages (src/i18n/index.ts loads them, then renders). Counted with each page, with the page's areas.
 */
export const BEFORE_FIRST_RENDER = ["src/i18n/fr/_core.ts"];

/** The default language's chunk of each area (one file per top-level key: src/i18n/index.ts). */
export const wordsOf = (areas: readonly Area[]): string[] => areas.map((a) => `src/i18n/fr/${a}.ts`);

/** A built chunk as the budget reads it (Rollup / Rolldown's OutputChunk, narrowed). */
export interface ChunkInfo {
  fileName: string;
  code: string;
  isEntry: boolean;
  facadeModuleId: string | null;
  imports: string[];
}

export interface PageWeight {
  page: string;
  files: string[];
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
}

// Chunks shared by several pages are compressed once.
const sizes = new Map<string, { gzip: number; brotli: number }>();
function compressedSizes(code: string) {
  let s = sizes.get(code);
  if (!s) sizes.set(code, (s = { gzip: gzipSync(code, { level: 9 }).length, brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length }));
  return s;
}
const gzipSize = (code: string) => compressedSizes(code).gzip;
const brotliSize = (code: string) => compressedSizes(code).brotli;

/** The JavaScript a first visit to `moduleId`'s page downloads: entry + page chunk and their static imports. */
export function pageWeight(page: string, moduleId: string, chunks: ChunkInfo[], beforeRender: string[] = BEFORE_FIRST_RENDER): PageWeight {
  const byFile = new Map(chunks.map((c) => [c.fileName, c]));
  const entry = chunks.find((c) => c.isEntry);
  const chunkOf = (id: string) => chunks.find((c) => c.facadeModuleId?.replaceAll("\\", "/").endsWith(`/${id}`));
  const pageChunk = chunkOf(moduleId);
  if (!entry) throw new Error("no entry chunk in the build");
  if (!pageChunk) throw new Error(`no chunk for ${page} (${moduleId}): is the page a lazy route?`);
  const files = new Set<string>();
  const visit = (c: ChunkInfo) => {
    if (files.has(c.fileName)) return;
    files.add(c.fileName);
    for (const f of c.imports) {
      const next = byFile.get(f);
      if (next) visit(next);
    }
  };
  visit(entry);
  visit(pageChunk);
  for (const id of beforeRender) {
    const c = chunkOf(id);
    // A dictionary module merged into another chunk would be measured wrong: better no build than a wrong figure.
    if (!c) throw new Error(`no chunk of its own for ${id}, fetched before ${page} renders`);
    visit(c);
  }
  const loaded = [...files].map((f) => byFile.get(f)!);
  return {
    page,
    files: [...files],
    rawBytes: loaded.reduce((n, c) => n + Buffer.byteLength(c.code), 0),
    gzipBytes: loaded.reduce((n, c) => n + gzipSize(c.code), 0),
    brotliBytes: loaded.reduce((n, c) => n + brotliSize(c.code), 0),
  };
}

/** Pages over budget, as one message each (empty when every page fits). */
export function overBudget(weights: PageWeight[], budgetBytes: number): string[] {
  return weights
    .filter((w) => w.gzipBytes > budgetBytes)
    .map((w) => `${w.page} loads ${kb(w.gzipBytes)} of gzipped JavaScript (budget ${kb(budgetBytes)}): ${w.files.join(", ")}`);
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

// Source maps are left as they are: only developers read them, when SILLAGE_PUBLIC_SOURCE_MAPS serves them at all.
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|webmanifest)$/;

/** Writes `.br` and `.gz` next to every compressible file of `dir` (recursively) that is at least `minBytes`. */
export function precompress(dir: string, minBytes = 1024): string[] {
  const written: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      written.push(...precompress(file, minBytes));
      continue;
    }
    if (!COMPRESSIBLE.test(entry.name) || statSync(file).size < minBytes) continue;
    const bytes = readFileSync(file);
    writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
    writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
    written.push(file);
  }
  return written;
}

/** The Vite plugin: checks the budget once the bundle is written, then precompresses the output folder. */
export function sillageAssets(opts: { budgetBytes?: number; pages?: typeof FIRST_PAGES } = {}): Plugin {
  const budget = opts.budgetBytes ?? JS_BUDGET_BYTES;
  const pages = opts.pages ?? FIRST_PAGES;
  return {
    name: "sillage-assets",
    apply: "build",
    writeBundle(options, bundle) {
      const chunks = Object.values(bundle).filter((o): o is typeof o & ChunkInfo & { type: "chunk" } => o.type === "chunk");
      const weights = Object.entries(pages).map(([page, { module, areas }]) => pageWeight(page, module, chunks, [...BEFORE_FIRST_RENDER, ...wordsOf(areas)]));
      const outDir = options.dir ?? "dist";
      // Read by the e2e benchmark and by people: what each first page weighs in this build.
      writeFileSync(path.join(outDir, "first-pages.json"), `${JSON.stringify({ budgetBytes: budget, pages: weights }, null, 2)}\n`);
      const over = overBudget(weights, budget);
      if (over.length) this.error(`JavaScript budget exceeded:\n${over.join("\n")}`);
      precompress(outDir);
    },
  };
}
