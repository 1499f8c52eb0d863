import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { saveChannel } from "@sillage/channels";
import { signBody } from "@sillage/connectors";
import { freePort } from "@sillage/db";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { SecretBox } from "@sillage/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../..", import.meta.url));
const APP_SECRET = "kill-test-app-secret-0123456789abcdef012345";
const META_APP_SECRET = "kill-test-meta-secret";
const PHONE_NUMBER_ID = "106540352242922";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

function startServer(port: number) {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "apps/server/src/main.ts")], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      PORT: String(port),
      LOG_LEVEL: "warn",
      APP_SECRET,
      META_APP_SECRET,
      SILLAGE_DATA_DIR: path.join(root, ".data/test-inbox-kill"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr.on("data", (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return { child, output, exited };
}

async function waitReady(url: string) {
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    if (await fetch(`${url}/readyz`).then((r) => r.ok).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server not ready");
}

/** Every 7th message carries a NUL and every 11th a lone surrogate (text PostgreSQL refuses until it is cleaned). */
function textOf(i: number) {
  return `message ${i}${i % 7 === 0 ? "\u0000nul" : ""}${i % 11 === 0 ? " \ud83d" : ""}`;
}

function body(i: number) {
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102290129340398",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550783881", phone_number_id: PHONE_NUMBER_ID },
              contacts: [{ profile: { name: `Customer ${i % 20}` }, wa_id: `3361000${String(i % 20).padStart(4, "0")}` }],
              messages: [{ from: `3361000${String(i % 20).padStart(4, "0")}`, id: `wamid.kill-${i}`, timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body: textOf(i) } }],
            },
          },
        ],
      },
    ],
  });
}

describe("a server killed during ingest", () => {
  it("loses nothing it acknowledged with a 200", async () => {
    const ws = await db.db.insertInto("workspaces").values({ name: "Kill", slug: "kill" }).returning("id").executeTakeFirstOrThrow();
    await saveChannel(db.db, new SecretBox(APP_SECRET), {
      workspaceId: ws.id,
      platform: "whatsapp",
      externalId: PHONE_NUMBER_ID,
      wabaId: "102290129340398",
      displayName: "Kill test",
      accessToken: "EAAG-not-used-for-text",
      tokenIssuedAt: new Date(),
    });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const first = startServer(port);
    await waitReady(url);

    const acknowledged: string[] = [];
    let killed = false;
    const total = 600;
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const i = next++;
        const b = body(i);
        const res = await fetch(`${url}/webhooks/whatsapp`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-hub-signature-256": signBody(b, META_APP_SECRET) },
          body: b,
        }).catch(() => null);
        if (res?.status === 200) acknowledged.push(`wamid.kill-${i}`);
        if (!killed && acknowledged.length >= 150) {
          killed = true;
          first.child.kill("SIGKILL"); // mid-ingest: requests in flight, jobs queued or running
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    await first.exited;
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);
    expect(acknowledged.length).toBeLessThan(total);

    const second = startServer(port);
    try {
      await waitReady(url);
      await expect
        .poll(
          async () => {
            const rows = await db.db.selectFrom("messages").select("platform_message_id").where("platform_message_id", "in", acknowledged).execute();
            return rows.length;
          },
          { timeout: 60_000, interval: 250 },
        )
        .toBe(acknowledged.length);
      const pending = await db.db.selectFrom("webhook_deliveries").select("id").where("processed_at", "is", null).execute();
      expect(pending).toEqual([]);
      expect(await db.db.selectFrom("webhook_failures").select(["kind", "error"]).execute()).toEqual([]);
      const cleaned = await db.db.selectFrom("messages").select(["platform_message_id", "text"]).where("platform_message_id", "in", acknowledged).execute();
      for (const m of cleaned) {
        const i = Number(m.platform_message_id!.slice("wamid.kill-".length));
        expect(m.text).toBe(textOf(i).replace("\u0000", "").replace("\ud83d", "\ufffd"));
      }
    } finally {
      second.child.kill("SIGTERM");
      await second.exited;
    }
  }, 120_000);
});
