/**
 * Finds which tables a source file touches, and how: Kysely's builders (`selectFrom("x")`, `insertInto`,
 * `updateTable`, `deleteFrom`, `mergeInto`, joins) and raw SQL in `sql` templates (`from x`, `join x`,
 * `insert into x`, `update x set`, `delete from x`). Only names of the schema's tables count, so `from unnest(…)`
 * or `extract(epoch from created_at)` are not mistaken for tables.
 */
export type Access = { table: string; kind: "read" | "write" };

const BUILDER = /\b(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*["'`]([a-z_][a-z0-9_]*)/g;
const WRITE_BUILDERS = new Set(["insertInto", "updateTable", "deleteFrom", "mergeInto"]);
// A `sql` tag with an optional type argument, then its template (nested templates are rare in our SQL).
const SQL_TEMPLATE = /\bsql(?:<[^`]*?>)?`([^`]*)`/g;
const RAW_WRITES = [/\binsert\s+into\s+(?:public\.)?([a-z_][a-z0-9_]*)/gi, /\bupdate\s+(?:public\.)?([a-z_][a-z0-9_]*)\s+(?:as\s+\w+\s+)?set\b/gi, /\bdelete\s+from\s+(?:public\.)?([a-z_][a-z0-9_]*)/gi];
const RAW_READS = /\b(?:from|join)\s+(?:only\s+)?(?:public\.)?([a-z_][a-z0-9_]*)/gi;

export function tableAccesses(source: string, tables: ReadonlySet<string>): Access[] {
  const found: Access[] = [];
  const add = (table: string, kind: Access["kind"]) => {
    if (tables.has(table)) found.push({ table, kind });
  };
  for (const m of source.matchAll(BUILDER)) add(m[2]!, WRITE_BUILDERS.has(m[1]!) ? "write" : "read");
  for (const t of source.matchAll(SQL_TEMPLATE)) {
    let text = t[1]!;
    for (const re of RAW_WRITES) {
      for (const m of text.matchAll(re)) add(m[1]!.toLowerCase(), "write");
      // `delete from x` is a write, not also a read of x.
      text = text.replace(re, " ");
    }
    for (const m of text.matchAll(RAW_READS)) add(m[1]!.toLowerCase(), "read");
  }
  return found;
}

/** Whether a source file builds or writes SQL at all (routers may not). */
export function containsSql(source: string): boolean {
  return /\b(selectFrom|insertInto|updateTable|deleteFrom|mergeInto)\(/.test(source) || /\bsql\s*(?:<[^`]*?>)?`/.test(source);
}
