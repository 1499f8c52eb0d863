import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@sillage/db";
import type { TestServer } from "./harness";

const root = fileURLToPath(new URL("../../..", import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the worker logs that it is up. */
  up: Promise<void>;
  output: () => string;
}

/**
 * A worker as production runs it (main.ts, SILLAGE_ROLE=worker) over the test server's database and fake Graph, to
 * be SIGKILLed by crash tests; dead workers' jobs are released after 1.5 s. Each is added to `children` for cleanup.
 */
export async function startWorkerProcess(server: TestServer, children: ChildProcess[]): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "apps/server/src/main.ts")], {
    cwd: root,
    env: {
      ...process.env,
      SILLAGE_ROLE: "worker",
      DATABASE_URL: server.db.url,
      APP_SECRET: "test-app-secret-0123456789abcdef0123456789",
      APP_URL: server.url,
      PORT: String(await freePort()),
      META_GRAPH_URL: server.fake.url,
      INSTAGRAM_GRAPH_URL: server.fake.url,
      INSTAGRAM_OAUTH_URL: server.fake.url,
      WORKER_POLL_INTERVAL_MS: "100",
      WORKER_DEAD_AFTER_MS: "1500",
      LOG_LEVEL: "info",
      SILLAGE_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "sillage-crash-")),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  for (const stream of [child.stdout!, child.stderr!]) stream.on("data", (d: Buffer) => (output += d.toString()));
  const up = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => d.toString().includes("Sillage worker is up") && resolve();
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`worker exited early (${code})`)));
  });
  return { child, up, output: () => output };
}

/** SIGKILL, resolved once the process is gone. */
export function kill(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    child.once("exit", () => r());
    child.kill("SIGKILL");
  });
}
