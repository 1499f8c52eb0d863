// `pnpm start`: production build of the web app when needed, then server + worker + SPA in one process.
import path from "node:path";
import { buildWeb, root, run, webBuildNeeded } from "./lib.mjs";

if (webBuildNeeded()) await buildWeb();
const code = await run(process.execPath, ["--import", "tsx", path.join(root, "apps/server/src/main.ts")]);
process.exit(code);
