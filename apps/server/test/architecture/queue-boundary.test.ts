/**
 * The queue is a library below the domains: only packages/queue touches graphile-worker (its imports, its schema, its
 * add_job functions), and a job's id is written once, in the definition its domain owns. Everything else enqueues
 * with `enqueue(db, definition, payload)`, so a renamed job or a changed queue setting cannot drift between copies.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { jobDefinitions } from "../../src/jobs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

/** Where the rules do not apply, and why. */
const EXEMPT: Record<string, string> = {
  "packages/queue": "the queue itself",
  // graphile-worker's schema is migrated with ours, under one advisory lock, by the package that owns the schema.
  "packages/db/src/migrate.ts": "migrates graphile-worker's schema before ours",
};

const QUEUE_INTERNALS: [RegExp, string][] = [
  [/from\s+["']graphile-worker["']|import\(\s*["']graphile-worker["']\s*\)|require\(\s*["']graphile-worker["']\s*\)/, "imports graphile-worker"],
  [/graphile_worker\s*\./, "reads or calls graphile-worker's schema"],
  [/\badd_jobs?\s*\(/, "adds a job with SQL"],
];

/** Every .ts/.tsx file under the `src` folder of each package and app. */
function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === "node_modules") continue;
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tsx?$/.test(name)) files.push(path.relative(root, full));
    }
  };
  for (const group of ["packages", "apps"]) {
    for (const pkg of readdirSync(path.join(root, group))) {
      const src = path.join(root, group, pkg, "src");
      if (statSync(path.join(root, group, pkg)).isDirectory() && existsDir(src)) walk(src);
    }
  }
  return files;
}

function existsDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

const exempt = (file: string) => Object.keys(EXEMPT).some((p) => file === p || file.startsWith(`${p}/`));

/** What a file does with the queue that only the queue may do. */
export function queueViolations(source: string): string[] {
  return QUEUE_INTERNALS.filter(([re]) => re.test(source)).map(([, why]) => why);
}

/** String literals (quoted or a whole template without placeholders) equal to one of the ids; comments may name jobs. */
export function jobIdLiterals(source: string, ids: readonly string[]): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/.*$/gm, "$1");
  const found: string[] = [];
  for (const m of code.matchAll(/"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`([^`$]*)`/g)) {
    const text = m[1] ?? m[2] ?? m[3] ?? "";
    if (ids.includes(text)) found.push(text);
  }
  return found;
}

describe("queue boundary", () => {
  const files = sourceFiles();
  const ids = jobDefinitions.map((d) => d.id);

  it("finds the sources and every job (the checks below look at something)", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain("packages/inbox/src/ingest/delivery-writer.ts");
    expect(ids).toEqual(expect.arrayContaining(["posts.publish", "inbox.conversation_batch", "knowledge.reembed", "auth.cleanup"]));
  });

  it("no package or app outside packages/queue imports graphile-worker, reads its schema or calls add_job", () => {
    const offenders = files.filter((f) => !exempt(f)).flatMap((f) => queueViolations(readFileSync(path.join(root, f), "utf8")).map((why) => `${f}: ${why}`));
    expect(offenders).toEqual([]);
  });

  it("a job id is written only in its owner's jobs folder (src/jobs, or the server's src/system-jobs)", () => {
    const inJobsFolder = (f: string) => /^(packages|apps)\/[^/]+\/src\/(jobs|system-jobs)\//.test(f);
    const seen = new Map<string, string[]>();
    for (const f of files) {
      for (const id of jobIdLiterals(readFileSync(path.join(root, f), "utf8"), ids)) seen.set(id, [...(seen.get(id) ?? []), f]);
    }
    for (const id of ids) {
      const where = seen.get(id) ?? [];
      expect(where.filter(inJobsFolder), `the definition of "${id}"`).not.toEqual([]);
      expect(where.filter((f) => !inJobsFolder(f)), `"${id}" written outside its jobs folder`).toEqual([]);
    }
  });

  it("the checks catch what they are meant to catch", () => {
    expect(queueViolations(`import { run } from "graphile-worker";`)).toEqual(["imports graphile-worker"]);
    expect(queueViolations("sql`select 1 from graphile_worker._private_jobs`")).toEqual(["reads or calls graphile-worker's schema"]);
    expect(queueViolations("sql`select sillage.add_job(${id}, ${payload})`")).toEqual(["adds a job with SQL"]);
    expect(queueViolations(`// graphile-worker's own backoff, as add_job documents`)).toEqual([]);
    expect(jobIdLiterals(`await addJob(db, "posts.publish", p); const k = \`posts.publish\`; const n = "posts.publish.x";`, ["posts.publish"])).toEqual(["posts.publish", "posts.publish"]);
    expect(jobIdLiterals("/** the `posts.publish` job */\n// see 'posts.publish'\nconst url = \"https://x.test/a\"; // 'posts.publish'", ["posts.publish"])).toEqual([]);
  });
});
