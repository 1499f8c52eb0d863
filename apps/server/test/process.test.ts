import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { freePort } from "@sillage/db";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { enqueue } from "@sillage/queue";
import { workspacePingJob } from "../src/system-jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "apps/server/src/main.ts")], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: "info", SILLAGE_DATA_DIR: path.join(root, ".data/test-process"), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  // Whole lines only: a pipe chunk may end in the middle of one.
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on("line", (l) => l && lines.push(l));
  const messages = () => lines.flatMap((l) => { try { return [(JSON.parse(l) as { msg: string }).msg]; } catch { return []; } });
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { child, lines, messages, exited };
}

async function waitFor(fn: () => boolean, ms = 90_000) {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Server processes (tsx) start cold: on a shared 2-core box that alone can pass the default 30 s.
describe("server process", { timeout: 120_000 }, () => {
  it("starts, is ready, and on SIGTERM closes HTTP, then the worker, then the pool", async () => {
    const port = await freePort();
    const s = startServer({ PORT: String(port) });
    await waitFor(() => s.messages().includes("Sillage is up"));
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.json() as Promise<{ checks: { name: string; ok: boolean }[] }>);
    expect(ready.checks).toEqual([
      { name: "database", ok: true },
      { name: "migrations", ok: true },
      { name: "worker", ok: true },
    ]);
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
    const order = s.messages().filter((m) => ["shutting down", "http server closed", "worker stopped", "database pool closed", "stopped"].includes(m));
    expect(order).toEqual(["shutting down", "http server closed", "worker stopped", "database pool closed", "stopped"]);
  });

  it("runs web and worker as separate roles against one database", async () => {
    const port = await freePort();
    const web = startServer({ PORT: String(port), SILLAGE_ROLE: "web" });
    const workerPort = await freePort();
    const worker = startServer({ PORT: String(workerPort), SILLAGE_ROLE: "worker" });
    await waitFor(() => web.messages().includes("Sillage is up") && worker.messages().includes("Sillage worker is up"));
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.json() as Promise<{ checks: { name: string }[] }>);
    expect(ready.checks.map((c) => c.name)).toEqual(["database", "migrations"]);
    // A worker serves only its probes and metrics: its job metrics exist nowhere else.
    const workerReady = await fetch(`http://127.0.0.1:${workerPort}/readyz`).then((r) => r.json() as Promise<{ checks: { name: string; ok: boolean }[] }>);
    expect(workerReady.checks).toContainEqual({ name: "worker", ok: true });
    expect(await fetch(`http://127.0.0.1:${workerPort}/metrics`).then((r) => r.text())).toContain("sillage_queue_depth");
    expect((await fetch(`http://127.0.0.1:${workerPort}/trpc/auth.me`)).status).toBe(404);
    const ws = await db.db.insertInto("workspaces").values({ name: "Roles", slug: "roles" }).returning("id").executeTakeFirstOrThrow();
    await enqueue(db.db, workspacePingJob, { workspaceId: ws.id, message: "split" });
    await expect
      .poll(async () => (await db.db.selectFrom("workspace_events").select("payload").where("workspace_id", "=", ws.id).execute()).length, { timeout: 15_000 })
      .toBe(1);
    web.child.kill("SIGTERM");
    worker.child.kill("SIGTERM");
    expect(await web.exited).toBe(0);
    expect(await worker.exited).toBe(0);
    expect(worker.messages()).toContain("worker stopped");
  });

  it("refuses to start in production without APP_SECRET, naming it", async () => {
    const s = startServer({ NODE_ENV: "production", APP_SECRET: "", PORT: String(await freePort()) });
    expect(await s.exited).toBe(1);
    expect(s.lines.join("\n")).toContain("APP_SECRET is required in production");
  });
});
