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

/** The pages a visitor can land on first, by the module that holds each page (its lazy route file). */
export const FIRST_PAGES: Record<string, string> = {
  "/login": "src/routes/login.tsx",
  "/inbox": "src/routes/inbox.tsx",
  "/schedule": "src/routes/schedule.tsx",
};

// 200 KB until route search params were validated with zod (zod/mini in the entry: ≈ 3.5 KB gzip), 204 KB until the
// forgotten-password pages (two routes in the entry, their words in the dictionary: 0.4 KB gzip; docs/benchmarks.md),
// 205 KB until the credit and channel-error reasons were worded on the client (both dictionaries ship whole with every
// page: splitting them by area is the next saving, not another raise). Splitting the notification panel into a lazy
// chunk was measured and made /inbox larger (205.4 → 205.7 KB: one more chunk compresses worse than the code saved).
// 207 KB while the dictionaries ship whole: main left 33 B under 206 KB on /inbox, less than the one field issue the
// image-shape check adds (its FR/EN words must be in the dictionaries); the split by area (i18nsplit) lowers it again.
export const JS_BUDGET_BYTES = 207 * 1024;

/**
 * Chunks every first visit fetches before the first render although they are imported lazily: the default
 * language's messages (src/i18n/index.ts loads one dictionary, then renders). Counted with each page.
 */
export const BEFORE_FIRST_RENDER = ["src/i18n/fr.ts"];

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
    if (c) visit(c);
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
export function sillageAssets(opts: { budgetBytes?: number; pages?: Record<string, string> } = {}): Plugin {
  const budget = opts.budgetBytes ?? JS_BUDGET_BYTES;
  const pages = opts.pages ?? FIRST_PAGES;
  return {
    name: "sillage-assets",
    apply: "build",
    writeBundle(options, bundle) {
      const chunks = Object.values(bundle).filter((o): o is typeof o & ChunkInfo & { type: "chunk" } => o.type === "chunk");
      const weights = Object.entries(pages).map(([page, moduleId]) => pageWeight(page, moduleId, chunks));
      const outDir = options.dir ?? "dist";
      // Read by the e2e benchmark and by people: what each first page weighs in this build.
      writeFileSync(path.join(outDir, "first-pages.json"), `${JSON.stringify({ budgetBytes: budget, pages: weights }, null, 2)}\n`);
      const over = overBudget(weights, budget);
      if (over.length) this.error(`JavaScript budget exceeded:\n${over.join("\n")}`);
      precompress(outDir);
    },
  };
}
