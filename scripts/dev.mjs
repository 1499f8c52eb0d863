// `pnpm dev`: the server in watch mode (API, worker, webhooks) and Vite's dev server proxying to it.
import path from "node:path";
import { root, run } from "./lib.mjs";

const port = process.env.PORT ?? "3000";
const server = run(process.execPath, ["--import", "tsx", "--watch", "--watch-preserve-output", path.join(root, "apps/server/src/main.ts")], {
  env: { PORT: port, APP_URL: process.env.APP_URL ?? "http://localhost:5173" },
});
const web = run(process.execPath, [path.join(root, "apps/web/node_modules/vite/bin/vite.js"), "--port", "5173"], {
  cwd: path.join(root, "apps/web"),
  env: { SILLAGE_API_URL: `http://127.0.0.1:${port}` },
});
process.exit(await Promise.race([server, web]));
