/**
 * The import rules, two ways: docs/architecture.md's "may import" column must say what each package.json declares
 * (and every declared internal dependency must be used), and `pnpm lint`'s config must refuse an import that breaks
 * a package.json (tooling/eslint/boundaries.js).
 */
import fs from "node:fs";
import path from "node:path";
import { readWorkspace, type Workspace, type WorkspacePackage } from "@sillage/eslint-config/boundaries";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../../..");
const workspace = readWorkspace(root);

// ---------------------------------------------------------------------------------------------------------------
// 1. The packages table

interface TableEntry {
  name: string;
  /** `(tests)` and `(types only)` name devDependencies; any other bracket is a note on a dependency. */
  field: "dependencies" | "devDependencies";
}

const DEV_MARKS = new Set(["tests", "types only"]);
const ENTRY = /^`?(?:@sillage\/)?([a-z0-9][a-z0-9-]*)`?\s*(?:\((.+)\))?$/;

/** The "may import" column of the first table with "package" and "may import" headers, by package name. */
function parseMayImport(markdown: string): Map<string, TableEntry[]> {
  const lines = markdown.split("\n");
  const cells = (line: string) => line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());
  const headerAt = lines.findIndex((l) => l.startsWith("|") && cells(l).includes("package") && cells(l).includes("may import"));
  if (headerAt < 0) throw new Error("docs/architecture.md: no table with \"package\" and \"may import\" columns");
  const header = cells(lines[headerAt]!);
  const packageCol = header.indexOf("package");
  const mayImportCol = header.indexOf("may import");
  const rows = new Map<string, TableEntry[]>();
  for (const line of lines.slice(headerAt + 2)) {
    if (!line.startsWith("|")) break;
    const row = cells(line);
    const pkg = row[packageCol]!.replaceAll("`", "");
    if (!pkg.startsWith("@sillage/")) continue; // db/migrations, e2e/bench/tooling
    if (rows.has(pkg)) throw new Error(`docs/architecture.md: two rows for ${pkg}`);
    const column = row[mayImportCol]!;
    const entries =
      column === "nothing internal"
        ? []
        : column.split(",").map((raw): TableEntry => {
            const m = ENTRY.exec(raw.trim());
            if (!m) throw new Error(`docs/architecture.md, row ${pkg}: cannot read "${raw.trim()}" (a package name, then an optional "(note)")`);
            return { name: `@sillage/${m[1]}`, field: m[2] && DEV_MARKS.has(m[2]) ? "devDependencies" : "dependencies" };
          });
    rows.set(pkg, entries);
  }
  return rows;
}

/** The packages the table describes: apps and packages (tooling, e2e and bench are not layers). */
function layered(ws: Workspace): WorkspacePackage[] {
  return ws.packages.filter((p) => p.relDir.startsWith("apps/") || p.relDir.startsWith("packages/"));
}

function walkSources(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walkSources(full, out);
    else if (/\.(?:[cm]?[jt]s|tsx|jsx)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

/** The workspace packages a package's files import, by package name (TypeScript's own import scanner). */
function importedPackages(pkg: WorkspacePackage): Set<string> {
  const names = new Set<string>();
  for (const file of walkSources(pkg.dir)) {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    for (const { fileName } of importedFiles) {
      if (fileName.startsWith("@sillage/")) names.add(fileName.split("/").slice(0, 2).join("/"));
    }
  }
  return names;
}

/** Every disagreement between the table, the package.json files and the imports, in words. */
function tableProblems(rows: Map<string, TableEntry[]>, packages: WorkspacePackage[], imports: (p: WorkspacePackage) => Set<string>): string[] {
  const problems: string[] = [];
  const known = new Set(packages.map((p) => p.name));
  for (const name of rows.keys()) if (!known.has(name)) problems.push(`row ${name}: no such package in apps/ or packages/`);
  for (const pkg of packages) {
    const entries = rows.get(pkg.name);
    if (!entries) {
      problems.push(`${pkg.name} (${pkg.relDir}) has no row in the packages table`);
      continue;
    }
    const declared = new Map<string, TableEntry["field"]>();
    for (const d of pkg.devDependencies) if (known.has(d)) declared.set(d, "devDependencies");
    for (const d of pkg.dependencies) if (known.has(d)) declared.set(d, "dependencies");
    const listed = new Map(entries.map((e) => [e.name, e.field]));
    for (const [dep, field] of declared) {
      const inTable = listed.get(dep);
      if (!inTable) problems.push(`${pkg.name} declares ${dep} (${field}), the table does not list it`);
      else if (inTable !== field) problems.push(`${pkg.name}: ${dep} is in ${field}, the table says ${inTable} (mark a devDependency "(tests)" or "(types only)")`);
    }
    for (const [dep] of listed) {
      if (!declared.has(dep)) problems.push(`${pkg.name}: the table lists ${dep}, package.json does not declare it`);
    }
    const used = imports(pkg);
    for (const dep of declared.keys()) {
      if (!used.has(dep)) problems.push(`${pkg.name} declares ${dep} but never imports it`);
    }
  }
  return problems;
}

describe("docs/architecture.md's packages table", () => {
  const rows = parseMayImport(fs.readFileSync(path.join(root, "docs/architecture.md"), "utf8"));
  const packages = layered(workspace);

  it("says what every package.json declares, and every declared internal dependency is imported", () => {
    expect(packages.length).toBeGreaterThan(10);
    expect(tableProblems(rows, packages, importedPackages)).toEqual([]);
  });

  // The same check on altered copies of today's table and packages: each kind of disagreement is reported.
  const channels = packages.find((p) => p.name === "@sillage/channels")!;
  const imports = (p: WorkspacePackage) => new Set([...p.dependencies, ...p.devDependencies]);

  it("reports a package without a row", () => {
    const without = new Map(rows);
    without.delete("@sillage/channels");
    expect(tableProblems(without, packages, imports)).toEqual(["@sillage/channels (packages/channels) has no row in the packages table"]);
  });

  it("reports a declared dependency the table leaves out, and a table entry nothing declares", () => {
    const altered = new Map(rows);
    altered.set("@sillage/channels", [...rows.get("@sillage/channels")!.filter((e) => e.name !== "@sillage/db"), { name: "@sillage/inbox", field: "dependencies" }]);
    expect(tableProblems(altered, packages, imports)).toEqual([
      "@sillage/channels declares @sillage/db (dependencies), the table does not list it",
      "@sillage/channels: the table lists @sillage/inbox, package.json does not declare it",
    ]);
  });

  it("reports a devDependency listed as a dependency", () => {
    const altered = new Map(rows);
    altered.set("@sillage/connectors", [...rows.get("@sillage/connectors")!.filter((e) => e.name !== "@sillage/fake-graph"), { name: "@sillage/fake-graph", field: "dependencies" }]);
    expect(tableProblems(altered, packages, imports)).toEqual([
      "@sillage/connectors: @sillage/fake-graph is in devDependencies, the table says dependencies (mark a devDependency \"(tests)\" or \"(types only)\")",
    ]);
  });

  it("reports a declared internal dependency that no file imports", () => {
    const unused = (p: WorkspacePackage) => (p === channels ? new Set([...imports(p)].filter((name) => name !== "@sillage/connectors")) : imports(p));
    expect(tableProblems(rows, packages, unused)).toEqual(["@sillage/channels declares @sillage/connectors but never imports it"]);
  });

  it("reads names with notes, refuses what it cannot read", () => {
    const table = (cell: string) => `| folder | package | holds | may import |\n|---|---|---|---|\n| \`x\` | \`@sillage/x\` | x | ${cell} |\n`;
    expect(parseMayImport(table("db (from `./store` only), `@sillage/api` (types only), fake-graph (tests)")).get("@sillage/x")).toEqual([
      { name: "@sillage/db", field: "dependencies" },
      { name: "@sillage/api", field: "devDependencies" },
      { name: "@sillage/fake-graph", field: "devDependencies" },
    ]);
    expect(parseMayImport(table("nothing internal")).get("@sillage/x")).toEqual([]);
    expect(() => parseMayImport(table("every package"))).toThrow(/cannot read "every package"/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 2. The lint rule, through the repository's own eslint.config.js (type-aware rules off: they need no fixture)

describe("pnpm lint's import rules", () => {
  const eslint = new ESLint({ cwd: root, overrideConfig: [tseslint.configs.disableTypeChecked] });

  /** The boundary errors ESLint reports for `code` as if it were the file at `file` (which need not exist). */
  async function boundaryErrors(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
    expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
    return result!.messages.filter((m) => m.ruleId === "sillage/package-boundaries").map((m) => m.message);
  }

  it("is part of the config pnpm lint runs, for every workspace package", async () => {
    for (const pkg of workspace.packages) {
      const config = (await eslint.calculateConfigForFile(path.join(pkg.dir, "src/x.ts"))) as { rules: Record<string, [number, { package: string }]> };
      expect(config.rules["sillage/package-boundaries"]).toEqual([2, expect.objectContaining({ package: pkg.name })]);
    }
  });

  it("refuses an undeclared package: publishing from the connectors", async () => {
    expect(await boundaryErrors("packages/connectors/src/fixture.ts", `import { createPost } from "@sillage/publishing";\nexport const f = createPost;\n`)).toEqual([
      `@sillage/connectors does not declare @sillage/publishing: add it to its package.json and to the "may import" column of docs/architecture.md, or import something else.`,
    ]);
    expect(await boundaryErrors("packages/connectors/src/fixture.ts", `export const load = () => import("@sillage/publishing");\n`)).toHaveLength(1);
    expect(await boundaryErrors("packages/connectors/src/fixture.ts", `export type P = typeof import("@sillage/publishing");\n`)).toHaveLength(1);
    expect(await boundaryErrors("packages/connectors/src/fixture.ts", `export { createPost } from "@sillage/publishing";\n`)).toHaveLength(1);
  });

  it("lets a package import what it declares, and external packages", async () => {
    const code = `import { z } from "zod";\nimport { PlatformError } from "@sillage/connectors";\nimport { hashToken } from "@sillage/crypto";\nexport const x = [z, PlatformError, hashToken];\n`;
    expect(await boundaryErrors("packages/channels/src/fixture.ts", code)).toEqual([]);
  });

  it("lets tests use devDependencies; elsewhere only their types", async () => {
    const value = `import { startFakeGraph } from "@sillage/fake-graph";\nexport const f = startFakeGraph;\n`;
    expect(await boundaryErrors("packages/connectors/test/fixture.test.ts", value)).toEqual([]);
    expect(await boundaryErrors("packages/connectors/src/fixture.ts", value)).toEqual([
      "@sillage/fake-graph is a devDependency of @sillage/connectors: outside test/ only its types may be imported (`import type`).",
    ]);
    expect(await boundaryErrors("packages/connectors/src/fixture.ts", `import type { FakeGraph } from "@sillage/fake-graph";\nexport type F = FakeGraph;\n`)).toEqual([]);
  });

  it("lets the web app import the API's types only", async () => {
    expect(await boundaryErrors("apps/web/src/fixture.ts", `import type { AppRouter } from "@sillage/api";\nexport type R = AppRouter;\n`)).toEqual([]);
    expect(await boundaryErrors("apps/web/src/fixture.ts", `import { appRouter } from "@sillage/api";\nexport const r = appRouter;\n`)).toHaveLength(1);
    // verbatimModuleSyntax keeps `import {}` from an inline-type import at run time.
    expect(await boundaryErrors("apps/web/src/fixture.ts", `import { type AppRouter } from "@sillage/api";\nexport type R = AppRouter;\n`)).toHaveLength(1);
  });

  it("reaches another package only through its exports map", async () => {
    expect(await boundaryErrors("packages/inbox/test/fixture.test.ts", `import { createTestDatabase } from "@sillage/db/testing";\nexport const t = createTestDatabase;\n`)).toEqual([]);
    expect(await boundaryErrors("packages/inbox/src/fixture.ts", `import { withWorkspace } from "@sillage/db/src/scope";\nexport const w = withWorkspace;\n`)).toEqual([
      "'@sillage/db/src/scope' is not in @sillage/db's exports map (., ./testing): import one of its entry points.",
    ]);
  });

  it("refuses a relative path into another package's folder", async () => {
    expect(await boundaryErrors("packages/inbox/src/outbound/fixture.ts", `import { x } from "../../../publishing/src/store";\nexport const y = x;\n`)).toEqual([
      "'../../../publishing/src/store' reaches into @sillage/publishing (packages/publishing) from @sillage/inbox: import it by package name, through its exports.",
    ]);
    expect(await boundaryErrors("packages/inbox/src/outbound/fixture.ts", `import { x } from "../tasks";\nexport const y = x;\n`)).toEqual([]);
    expect(await boundaryErrors("scripts/fixture.ts", `import { x } from "../packages/db/src/scope";\nexport const y = x;\n`)).toHaveLength(1);
  });
});
