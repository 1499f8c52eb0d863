import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { containsSql, tableAccesses } from "./table-access";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");

/** The schema's tables, from the generated Kysely types. */
function schemaTables(): Set<string> {
  const db = /^export interface DB \{([\s\S]*?)^\}/m.exec(read("packages/db/src/types.ts"))?.[1] ?? "";
  return new Set([...db.matchAll(/^\s+([a-z_][a-z0-9_]*):/gm)].map((m) => m[1]!));
}

type Row = [string, string, ...string[]];

/** The markdown tables of docs/architecture.md's "Table owners" section, keyed by their second header. */
function ownershipTables(): Map<string, Row[]> {
  const doc = read("docs/architecture.md");
  const section = /^## Table owners\n([\s\S]*?)(?=^## )/m.exec(doc)?.[1] ?? "";
  const tables = new Map<string, Row[]>();
  for (const block of section.split(/\n(?!\|)/).map((b) => b.trim()).filter((b) => b.startsWith("|"))) {
    const [header, , ...rows] = block.split("\n").map((line) => line.split("|").slice(1, -1).map((c) => c.trim().replace(/`/g, "")));
    tables.set(header![1]!, rows as Row[]);
  }
  return tables;
}

/** Every TypeScript source file of every package and app, with the package it belongs to. */
function sources(): { pkg: string; file: string }[] {
  const files: { pkg: string; file: string }[] = [];
  const walk = (dir: string, pkg: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === "node_modules") continue;
      if (statSync(path).isDirectory()) walk(path, pkg);
      else if (/\.tsx?$/.test(name)) files.push({ pkg, file: relative(root, path) });
    }
  };
  for (const parent of ["packages", "apps"]) {
    for (const pkg of readdirSync(join(root, parent))) {
      const src = join(root, parent, pkg, "src");
      if (statSync(join(root, parent, pkg)).isDirectory() && existsDir(src)) walk(src, pkg);
    }
  }
  return files;
}

function existsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

describe("one owner per table (docs/architecture.md, Table owners)", () => {
  const tables = schemaTables();
  const doc = ownershipTables();
  const owners = new Map((doc.get("owner") ?? []).map(([table, owner]) => [table, owner]));
  const sharedReads = (doc.get("read by") ?? []).map(([table, pkg]) => `${table} ${pkg}`);
  const outsideWrites = (doc.get("written by") ?? []).map(([table, pkg]) => `${table} ${pkg}`);

  it("reads the three tables of the section", () => {
    expect(tables.size).toBeGreaterThan(30);
    expect(owners.size).toBeGreaterThan(30);
    expect(doc.has("read by") && doc.has("written by")).toBe(true);
  });

  it("gives every table of the schema exactly one owner, and names no table the schema lacks", () => {
    const rows = doc.get("owner") ?? [];
    expect(rows.map(([t]) => t).filter((t, i, all) => all.indexOf(t) !== i), "listed twice").toEqual([]);
    expect([...tables].filter((t) => !owners.has(t)), "tables without an owner").toEqual([]);
    expect([...owners.keys()].filter((t) => !tables.has(t)), "owners of tables the schema does not have").toEqual([]);
    expect([...sharedReads, ...outsideWrites].map((e) => e.split(" ")[0]!).filter((t) => !tables.has(t)), "exceptions naming unknown tables").toEqual([]);
  });

  it("lets a package touch only the tables it owns, plus the listed shared reads and writes still to move", () => {
    const violations: string[] = [];
    const used = new Set<string>();
    for (const { pkg, file } of sources()) {
      for (const { table, kind } of tableAccesses(read(file), tables)) {
        if (owners.get(table) === pkg) continue;
        const key = `${table} ${pkg}`;
        // A listed write also covers the package's reads of that table, but only a write keeps the row in use.
        if (kind === "write" ? outsideWrites.includes(key) : sharedReads.includes(key) || outsideWrites.includes(key)) {
          if (kind === "write" || sharedReads.includes(key)) used.add(`${kind} ${key}`);
          continue;
        }
        violations.push(`${file}: ${kind} of ${table}, owned by ${owners.get(table) ?? "nobody"}`);
      }
    }
    expect([...new Set(violations)], "call the owning package's functions, or list a shared read in docs/architecture.md").toEqual([]);
    const unused = [...sharedReads.filter((key) => !used.has(`read ${key}`)), ...outsideWrites.filter((key) => !used.has(`write ${key}`))];
    expect(unused, "exceptions no longer used: remove their rows").toEqual([]);
  });

  it("keeps SQL out of the API's routers", () => {
    const dir = "packages/api/src/router";
    const withSql = readdirSync(join(root, dir)).filter((name) => containsSql(read(`${dir}/${name}`)));
    expect(withSql).toEqual([]);
  });
});

describe("the table scanner", () => {
  const tables = new Set(["channels", "posts", "users"]);

  it("finds Kysely builders and joins, reads and writes", () => {
    const source = `db.selectFrom("channels as c").innerJoin("users", "users.id", "c.created_by"); db.updateTable('posts').set({}); db.deleteFrom("users")`;
    expect(tableAccesses(source, tables)).toEqual([
      { table: "channels", kind: "read" },
      { table: "users", kind: "read" },
      { table: "posts", kind: "write" },
      { table: "users", kind: "write" },
    ]);
  });

  it("finds raw SQL in sql templates, and ignores names that are not tables", () => {
    const source = "sql<{ n: number }>`insert into posts (x) select x from unnest(${xs}) join channels c on true; delete from users where extract(epoch from created_at) > 0`";
    expect(tableAccesses(source, tables)).toEqual([
      { table: "posts", kind: "write" },
      { table: "users", kind: "write" },
      { table: "channels", kind: "read" },
    ]);
  });

  it("tells a router with SQL from one without", () => {
    expect(containsSql(`ctx.db.selectFrom("channels")`)).toBe(true);
    expect(containsSql("await sql`select 1`.execute(ctx.db)")).toBe(true);
    expect(containsSql(`listChannels(ctx.db)`)).toBe(false);
  });
});
