// `pnpm bench <name>`: runs bench/<name>/index.ts; its last line of output is one JSON object of figures.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { root, run } from "./lib.mjs";

const [name, ...args] = process.argv.slice(2);
const available = readdirSync(path.join(root, "bench"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(root, "bench", d.name, "index.ts")))
  .map((d) => d.name);
if (!name || !available.includes(name)) {
  console.error(`usage: pnpm bench <name>   (available: ${available.join(", ") || "none yet"})`);
  process.exit(2);
}
process.exit(await run(process.execPath, ["--import", "tsx", path.join(root, "bench", name, "index.ts"), ...args]));
