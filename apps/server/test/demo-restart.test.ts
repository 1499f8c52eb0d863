// Demo mode across a real restart of the server process (issue 16): the built-in fake Graph API starts empty each
// time, so the channels stored by the first run must be known again by the second: same channels, active, and a
// customer's message and the reply to it go through the sandbox number connected before the restart.
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { freePort } from "@sillage/db";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok } from "./harness";

const root = fileURLToPath(new URL("../../..", import.meta.url));
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

async function startDemoServer() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "apps/server/src/main.ts")], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: db.url, PORT: String(port), APP_URL: url, SILLAGE_DEMO: "1", LOG_LEVEL: "info", SILLAGE_DATA_DIR: path.join(root, ".data/test-demo-restart") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on("line", (l) => l && lines.push(l));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  await until(() => lines.some((l) => l.includes("Sillage is up")), () => `not up:\n${lines.join("\n")}`, 90_000);
  return {
    url,
    lines,
    async stop() {
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    },
  };
}

async function until(fn: () => boolean | Promise<boolean>, why: () => string, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out: ${why()}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function exploreDemo(url: string) {
  const s = new ApiSession(url);
  ok(await s.mutation("demo.login"));
  s.workspaceId = ok<{ workspaces: { id: string }[] }>(await s.query("auth.me")).workspaces[0]!.id;
  return s;
}

type ChannelRow = { id: string; platform: string; status: string; lastError: string | null };

// Two server processes (tsx) start one after the other: on a shared 2-core box that alone can pass 30 s.
describe("demo mode across a restart", { timeout: 120_000 }, () => {
  it("keeps the demo's channels and a sandbox number connected from the app working after the process restarts", async () => {
    const first = await startDemoServer();
    const before = await exploreDemo(first.url);
    const sandbox = ok<{ id: string }>(await before.mutation("channels.connectWhatsAppSandbox")).id;
    const channelsBefore = ok<ChannelRow[]>(await before.query("channels.list"));
    expect(channelsBefore.map((c) => c.platform).sort()).toEqual(["instagram", "whatsapp", "whatsapp"]);
    await first.stop();

    const second = await startDemoServer();
    try {
      const s = await exploreDemo(second.url);
      // The same channels, all active: none recreated, none lost.
      const channels = ok<ChannelRow[]>(await s.query("channels.list"));
      expect(channels.map((c) => c.id).sort()).toEqual(channelsBefore.map((c) => c.id).sort());
      expect(channels.every((c) => c.status === "active" && c.lastError === null)).toBe(true);

      // A customer writes to the sandbox number (the latest WhatsApp channel) and the message arrives by webhook.
      ok(await s.mutation("demo.simulate", { kind: "whatsapp_message", text: "Vous êtes ouverts demain ?" }));
      type Conv = { id: string; channelId: string };
      let conversation: Conv | undefined;
      await until(
        async () => {
          conversation = ok<{ items: Conv[] }>(await s.query("inbox.conversations", { platform: "whatsapp" })).items[0];
          return Boolean(conversation);
        },
        () => second.lines.slice(-20).join("\n"),
      );
      expect(conversation!.channelId).toBe(sandbox);

      // The reply goes out through the fake, which knows the restored number and token.
      ok(await s.mutation("inbox.reply", { conversationId: conversation!.id, text: "Oui, de 10 h à 19 h." }));
      type Msg = { direction: string; status: string | null };
      await until(
        async () => {
          const thread = ok<{ messages: Msg[] }>(await s.query("inbox.messages", { conversationId: conversation!.id }));
          return thread.messages.some((m) => m.direction === "out" && ["sent", "delivered", "read"].includes(m.status ?? ""));
        },
        () => second.lines.slice(-20).join("\n"),
      );
      const health = ok<{ id: string; lastError: string | null }[]>(await s.query("channels.health"));
      expect(health.every((h) => h.lastError === null)).toBe(true);
    } finally {
      await second.stop();
    }
  });
});
