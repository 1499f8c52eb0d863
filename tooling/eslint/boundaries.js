// Import boundaries between workspace packages, derived from every package.json when ESLint loads its config, so a
// package added, renamed or given a dependency needs no change here. For each package:
// - an `@sillage/*` import must be declared in its `dependencies`; files under test/ (or tests/) may also use its
//   `devDependencies`; elsewhere a devDependency may only be imported with `import type` (erased at build time:
//   `verbatimModuleSyntax` keeps `import { type X }` as a runtime import, so only the declaration form counts);
// - another package is reached only through its `exports` map (`@sillage/db/testing`, never `@sillage/db/src/…`);
// - a relative import never leaves the package's folder for another package's (`../../inbox/src/tasks`).
// One small rule rather than `no-restricted-imports`: that rule sees neither `import()` nor `typeof import()`, and
// cannot tell where a relative path lands; here every form is checked against the same folder map.
import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";

const SOURCE_FILES = "*.{ts,tsx,mts,cts,js,mjs,cjs,jsx}";
const TEST_DIRS = ["test", "tests"];

/** The subpaths a package exports ("." for its main entry), or null when it has no `exports` (only its name). */
function exportedSubpaths(exportsField) {
  if (exportsField === undefined) return null;
  if (typeof exportsField === "string" || Array.isArray(exportsField)) return ["."];
  const keys = Object.keys(exportsField);
  return keys.some((k) => k.startsWith(".")) ? keys : ["."];
}

function readPackage(root, relDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, relDir, "package.json"), "utf8"));
  return {
    name: manifest.name,
    relDir: relDir === "" ? "." : relDir.split(path.sep).join("/"),
    dir: path.join(root, relDir),
    dependencies: Object.keys(manifest.dependencies ?? {}),
    devDependencies: Object.keys(manifest.devDependencies ?? {}),
    exports: exportedSubpaths(manifest.exports),
  };
}

/** Folders matched by pnpm-workspace.yaml's `packages` (plain folders and `folder/*`, what this repo uses). */
function workspaceDirs(root) {
  const config = yaml.load(fs.readFileSync(path.join(root, "pnpm-workspace.yaml"), "utf8"));
  const dirs = [];
  for (const pattern of config?.packages ?? []) {
    if (pattern.startsWith("!")) continue;
    if (pattern.endsWith("/*")) {
      const parent = pattern.slice(0, -2);
      if (!fs.existsSync(path.join(root, parent))) continue;
      for (const entry of fs.readdirSync(path.join(root, parent), { withFileTypes: true })) {
        const rel = path.join(parent, entry.name);
        if (entry.isDirectory() && fs.existsSync(path.join(root, rel, "package.json"))) dirs.push(rel);
      }
    } else if (!pattern.includes("*")) {
      if (fs.existsSync(path.join(root, pattern, "package.json"))) dirs.push(pattern);
    } else {
      throw new Error(`pnpm-workspace.yaml: pattern ${pattern} is not supported by tooling/eslint/boundaries.js`);
    }
  }
  return dirs.sort();
}

/**
 * The workspace as the rule sees it: the root package (scripts and configs outside every package) and each
 * workspace package with its declared dependencies and exported subpaths.
 */
export function readWorkspace(root) {
  const rootPackage = { ...readPackage(root, ""), isRoot: true };
  const packages = workspaceDirs(root).map((rel) => ({ ...readPackage(root, rel), isRoot: false }));
  return { root, rootPackage, packages, byName: new Map(packages.map((p) => [p.name, p])) };
}

/** The package whose folder holds `file` (the deepest one), else the root package. */
function ownerOf(workspace, file) {
  let best = workspace.rootPackage;
  for (const pkg of workspace.packages) {
    if ((file === pkg.dir || file.startsWith(pkg.dir + path.sep)) && pkg.dir.length > best.dir.length) best = pkg;
  }
  return best;
}

/** `@sillage/db/testing` → { name: "@sillage/db", subpath: "./testing" }. */
function splitSpecifier(specifier) {
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  const rest = specifier.slice(name.length);
  return { name, subpath: rest === "" ? "." : `.${rest}` };
}

function isExported(exports, subpath) {
  if (exports === null) return subpath === ".";
  return exports.some((key) => {
    if (!key.includes("*")) return key === subpath;
    const [before, after] = key.split("*");
    return subpath.startsWith(before) && subpath.endsWith(after) && subpath.length >= before.length + after.length;
  });
}

function createRule(workspace) {
  const internal = new Set([...workspace.byName.keys()]);
  return {
    meta: {
      type: "problem",
      docs: { description: "Imports between workspace packages follow each package.json (dependencies, exports)." },
      schema: [
        {
          type: "object",
          properties: {
            package: { type: "string" },
            allowed: { type: "array", items: { type: "string" } },
            typeOnly: { type: "array", items: { type: "string" } },
          },
          required: ["package", "allowed", "typeOnly"],
          additionalProperties: false,
        },
      ],
      messages: {
        undeclared: "{{from}} does not declare {{target}}: add it to its package.json and to the \"may import\" column of docs/architecture.md, or import something else.",
        typeOnly: "{{target}} is a devDependency of {{from}}: outside test/ only its types may be imported (`import type`).",
        notExported: "'{{specifier}}' is not in {{target}}'s exports map ({{exports}}): import one of its entry points.",
        unknown: "{{target}} is not a workspace package.",
        relative: "'{{specifier}}' reaches into {{target}} ({{dir}}) from {{from}}: import it by package name, through its exports.",
      },
    },
    create(context) {
      const { package: from, allowed, typeOnly } = context.options[0];
      const allowedSet = new Set(allowed);
      const typeOnlySet = new Set(typeOnly);
      const filename = context.physicalFilename ?? context.filename;

      function check(node, specifier, isTypeOnly) {
        if (typeof specifier !== "string") return;
        if (specifier.startsWith(".") || path.isAbsolute(specifier)) {
          const target = ownerOf(workspace, path.resolve(path.dirname(filename), specifier));
          if (target.name !== from) {
            context.report({ node, messageId: "relative", data: { specifier, target: target.name, dir: target.relDir, from } });
          }
          return;
        }
        const { name, subpath } = splitSpecifier(specifier);
        if (!internal.has(name)) {
          if (name.startsWith("@sillage/")) context.report({ node, messageId: "unknown", data: { target: name } });
          return;
        }
        const target = workspace.byName.get(name);
        if (name !== from && !allowedSet.has(name)) {
          if (typeOnlySet.has(name)) {
            if (!isTypeOnly) context.report({ node, messageId: "typeOnly", data: { target: name, from } });
          } else {
            context.report({ node, messageId: "undeclared", data: { target: name, from } });
            return;
          }
        }
        if (!isExported(target.exports, subpath)) {
          const exports = target.exports === null ? "no exports: its name only" : target.exports.join(", ");
          context.report({ node, messageId: "notExported", data: { specifier, target: name, exports } });
        }
      }

      const literal = (source) => (source && source.type === "Literal" ? source.value : undefined);
      return {
        ImportDeclaration: (node) => check(node, node.source.value, node.importKind === "type"),
        ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, node.exportKind === "type"),
        ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === "type"),
        ImportExpression: (node) => check(node, literal(node.source), false),
        // `typeof import("x")` and `import("x").T` in type positions.
        TSImportType: (node) => check(node, node.argument?.literal?.value ?? literal(node.source), true),
        TSImportEqualsDeclaration: (node) =>
          node.moduleReference.type === "TSExternalModuleReference" &&
          check(node, literal(node.moduleReference.expression), node.importKind === "type"),
        CallExpression: (node) =>
          node.callee.type === "Identifier" && node.callee.name === "require" && check(node, literal(node.arguments[0]), false),
      };
    },
  };
}

/** The internal (workspace) packages among `names`. */
function internalOnly(workspace, names) {
  return names.filter((n) => workspace.byName.has(n));
}

/**
 * Flat-config blocks, one per package and per kind of file (source, tests), each with the rule's options computed
 * from that package.json: `eslint --print-config <file>` shows what a file may import.
 */
export function packageBoundaries(root) {
  const workspace = readWorkspace(root);
  const plugin = { meta: { name: "sillage-boundaries" }, rules: { "package-boundaries": createRule(workspace) } };
  const rule = "sillage/package-boundaries";
  const blocks = [];
  const block = (files, pkg, allowed, typeOnly) =>
    blocks.push({
      name: `sillage/boundaries ${pkg.name}${files.some((f) => TEST_DIRS.some((t) => f.includes(`/${t}/`))) ? " (tests)" : ""}`,
      files,
      plugins: { sillage: plugin },
      rules: { [rule]: ["error", { package: pkg.name, allowed, typeOnly }] },
    });

  // Scripts and configs outside the packages are tooling: every declared dependency of the root is theirs.
  const top = workspace.rootPackage;
  block([`**/${SOURCE_FILES}`], top, internalOnly(workspace, [...top.dependencies, ...top.devDependencies]), []);
  for (const pkg of workspace.packages) {
    const deps = internalOnly(workspace, pkg.dependencies);
    const devDeps = internalOnly(workspace, pkg.devDependencies).filter((d) => !deps.includes(d));
    block([`${pkg.relDir}/**/${SOURCE_FILES}`], pkg, deps, devDeps);
    block(TEST_DIRS.map((t) => `${pkg.relDir}/${t}/**/${SOURCE_FILES}`), pkg, [...deps, ...devDeps], []);
  }
  return blocks;
}
