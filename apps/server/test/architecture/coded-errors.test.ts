/**
 * One language per screen (issue 16), read from the source: a refusal that reaches the SPA is a registry code with
 * parameters (`packages/api/src/error-codes.ts`), never a free English sentence. So, in the server's packages:
 * - no `new TRPCError(…)` outside the tRPC core: routers throw `apiError(trpcCode, code, params)`;
 * - every zod refinement (`.refine`, `.superRefine`'s `addIssue`) gives its field-issue code (`fieldIssue(…)` in the
 *   API, `params: { code }` below it), and every router check passed to `invalidInput` a `code` (`codedIssue(…)`);
 * and in the SPA, no `.message` of an error is rendered except through `lib/errors.ts` (English to English readers only).
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../../..");

function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "test") walk(p);
      } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(p);
    }
  };
  walk(dir);
  return out;
}

// Packages whose schemas and errors never reach a person's screen: configuration (read at start), the fake Graph
// server (tests and demo), the connectors (their refusals travel as PlatformError kinds, `platform.<kind>`).
const NOT_SHOWN = new Set(["config", "fake-graph", "connectors", "observability", "queue"]);
const serverFiles = fs
  .readdirSync(path.join(root, "packages"))
  .filter((p) => !NOT_SHOWN.has(p) && fs.existsSync(path.join(root, "packages", p, "src")))
  .flatMap((p) => sources(path.join(root, "packages", p, "src")));

const where = (file: string, node: ts.Node, sf: ts.SourceFile) => `${path.relative(root, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;

/** An options object that names a code: `params: { code }`, or a spread of `fieldIssue(…)` / `codedIssue(…)`. */
function hasCode(arg: ts.Expression | undefined): boolean {
  if (!arg) return false;
  if (ts.isCallExpression(arg)) return /^(fieldIssue|codedIssue)$/.test(arg.expression.getText());
  if (!ts.isObjectLiteralExpression(arg)) return false;
  return arg.properties.some((p) => {
    if (ts.isSpreadAssignment(p)) return hasCode(p.expression);
    const name = p.name?.getText();
    if (name === "code") return true;
    if (name === "params" && ts.isPropertyAssignment(p) && ts.isObjectLiteralExpression(p.initializer)) return p.initializer.properties.some((q) => q.name?.getText() === "code");
    return false;
  });
}

function findUncoded(file: string): string[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const coreFile = file.endsWith(path.join("packages", "api", "src", "trpc.ts")) || file.endsWith(path.join("packages", "api", "src", "input-errors.ts"));
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && node.expression.getText() === "TRPCError" && !coreFile) found.push(`${where(file, node, sf)} new TRPCError: use apiError(trpcCode, code, params)`);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const [first, second] = node.arguments;
      if (method === "refine" && second !== undefined && !hasCode(second)) found.push(`${where(file, node, sf)} .refine without a field-issue code`);
      if (method === "refine" && second === undefined) found.push(`${where(file, node, sf)} .refine without a field-issue code (zod's "Invalid input")`);
      if (method === "addIssue" && first && !hasCode(first)) found.push(`${where(file, node, sf)} addIssue without a field-issue code`);
    }
    if (ts.isCallExpression(node) && node.expression.getText() === "invalidInput" && node.arguments[0] && ts.isArrayLiteralExpression(node.arguments[0])) {
      for (const el of node.arguments[0].elements) if (ts.isObjectLiteralExpression(el) && !hasCode(el)) found.push(`${where(file, el, sf)} invalidInput issue without a code`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe("one language per screen, read from the source", () => {
  it(`the server's packages send codes, not English sentences (${serverFiles.length} files)`, () => {
    expect(serverFiles.flatMap(findUncoded)).toEqual([]);
  });

  it("the SPA renders a server error's words only through lib/errors.ts", () => {
    const allowed = new Set([path.join("apps", "web", "src", "lib", "errors.ts")]);
    const found: string[] = [];
    for (const file of sources(path.join(root, "apps", "web", "src"))) {
      if (allowed.has(path.relative(root, file)) || file.includes(`${path.sep}i18n${path.sep}`)) continue;
      const text = fs.readFileSync(file, "utf8");
      text.split("\n").forEach((line, i) => {
        // `err.message`, `error.message`, `x.error?.message`, `e.message` used as text (not a parameter's name).
        if (/\b(err|error|e|cause)\??\.message\b/.test(line) && !/serverWordsOr\(/.test(line)) found.push(`${path.relative(root, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });
});
