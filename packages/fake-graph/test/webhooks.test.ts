import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signWebhookBody, startFakeGraph, type FakeGraph } from "../src/index.js";
import { call, startReceiver, subscribeApp } from "./helpers.js";

let fake: FakeGraph;
beforeAll(async () => {
  fake = await startFakeGraph();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.control.reset();
});

const statusesOf = (r: { json: { entry: Record<string, unknown>[] } }) =>
  r.json.entry.flatMap((e) => (e.changes as { value: { statuses?: { status: string }[] } }[]).flatMap((c) => c.value.statuses ?? []).map((s) => s.status));

async function sendWa(fakeUrl: string, wa: { phoneNumberId: string; token: string }, to: string) {
  return call(fakeUrl, "POST", `/v25.0/${wa.phoneNumberId}/messages`, {
    token: wa.token,
    json: { messaging_product: "whatsapp", to, type: "text", text: { body: "héllo / ünïcode ✓" } },
  });
}

describe("webhook emitter", () => {
  it("signs exactly the bytes it sends, with the right secret per product/variant", async () => {
    const hook = await startReceiver();
    try {
      fake.control.configureWebhooks({ whatsapp: { url: hook.url }, instagram: { url: hook.url }, metaAppSecret: "meta-s", instagramAppSecret: "ig-s" });
      const wa = fake.control.createWhatsAppAccount();
      await subscribeApp(fake.url, wa);
      fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "4915100000", name: "Zoë", text: "ça va? https://x.y/z" });
      const igLogin = fake.control.createInstagramAccount({ variant: "instagram" });
      await subscribeApp(fake.url, igLogin);
      const igFb = fake.control.createInstagramAccount({ variant: "facebook" });
      await subscribeApp(fake.url, igFb);
      fake.control.customerMessage({ channel: "instagram", igUserId: igLogin.igUserId, from: "1", text: "😀" });
      fake.control.customerMessage({ channel: "instagram", igUserId: igFb.igUserId, from: "2", text: "hi" });
      await fake.control.flushWebhooks();
      expect(hook.received).toHaveLength(3);
      const [w, i1, i2] = hook.received;
      expect(w?.headers["x-hub-signature-256"]).toBe(signWebhookBody("meta-s", w?.raw ?? ""));
      expect(w?.headers["x-hub-signature"]).toBe(`sha1=${createHmac("sha1", "meta-s").update(w?.raw ?? "").digest("hex")}`);
      expect(i1?.headers["x-hub-signature-256"]).toBe(signWebhookBody("ig-s", i1?.raw ?? ""));
      expect(i2?.headers["x-hub-signature-256"]).toBe(signWebhookBody("meta-s", i2?.raw ?? ""));
      // Meta-style serialisation: \uXXXX escapes and \/ in WhatsApp bodies; re-stringifying would break the signature.
      const raw = w?.raw.toString() ?? "";
      expect(raw).toContain("\\u00e7a va? https:\\/\\/x.y\\/z");
      expect(JSON.stringify(w?.json)).not.toBe(raw);
      expect(w?.json.entry[0]).toMatchObject({ id: wa.wabaId, changes: [{ field: "messages", value: { contacts: [{ profile: { name: "Zoë" }, wa_id: "4915100000" }] } }] });
      const msg = (i1?.json.entry[0]?.messaging as { sender: { id: string }; timestamp: number; message: { text: string } }[])[0];
      expect(msg?.message.text).toBe("😀");
      expect(msg?.timestamp).toBeGreaterThan(1e12); // milliseconds
      expect(fake.control.deliveries().map((d) => d.status)).toEqual([200, 200, 200]);
    } finally {
      await hook.close();
    }
  });

  it("retries non-200 (bounded), logs every attempt", async () => {
    const hook = await startReceiver([500, 503]);
    try {
      fake.control.configureWebhooks({ whatsapp: { url: hook.url }, statuses: ["sent"], retry: { maxAttempts: 3, backoffMs: [0, 10] } });
      const wa = fake.control.createWhatsAppAccount();
      await subscribeApp(fake.url, wa);
      fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "15550001111", text: "x" });
      await fake.control.flushWebhooks();
      const d = fake.control.deliveries();
      expect(d.map((x) => [x.attempt, x.status])).toEqual([
        [1, 500],
        [2, 503],
        [3, 200],
      ]);
      expect(new Set(d.map((x) => x.body)).size).toBe(1);
      expect(new Set(d.map((x) => x.eventKey)).size).toBe(1);

      hook.received.length = 0;
      fake.control.configureWebhooks({ whatsapp: { url: "http://127.0.0.1:1/nothing" }, retry: { maxAttempts: 2, backoffMs: [0] } });
      fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "15550001111", text: "y" });
      await fake.control.flushWebhooks();
      const failed = fake.control.deliveries().slice(3);
      expect(failed.map((x) => [x.attempt, x.status])).toEqual([
        [1, null],
        [2, null],
      ]);
    } finally {
      await hook.close();
    }
  });

  it("duplicate delivery and reordered statuses (read before delivered before sent)", async () => {
    const hook = await startReceiver();
    try {
      fake.control.configureWebhooks({ whatsapp: { url: hook.url }, duplicate: true, reorder: true });
      const wa = fake.control.createWhatsAppAccount();
      await subscribeApp(fake.url, wa);
      fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "15550001111", text: "x" });
      await fake.control.flushWebhooks();
      hook.received.length = 0;
      expect((await sendWa(fake.url, wa, "15550001111")).status).toBe(200);
      await fake.control.flushWebhooks();
      expect(hook.received.flatMap(statusesOf)).toEqual(["read", "read", "delivered", "delivered", "sent", "sent"]);
      expect(hook.received[0]?.raw.equals(hook.received[1]?.raw ?? Buffer.alloc(0))).toBe(true);
      expect(fake.control.deliveries().filter((d) => d.duplicate)).toHaveLength(4);
    } finally {
      await hook.close();
    }
  });

  it("batching: several events in one POST, entries of one account merged", async () => {
    const hook = await startReceiver();
    try {
      fake.control.configureWebhooks({ instagram: { url: hook.url }, batchWindowMs: 30 });
      const ig = fake.control.createInstagramAccount();
      await subscribeApp(fake.url, ig);
      for (const t of ["a", "b", "c"]) fake.control.customerMessage({ channel: "instagram", igUserId: ig.igUserId, from: "9", text: t });
      const media = fake.control.seedInstagramMedia({ igUserId: ig.igUserId });
      fake.control.customerComment({ mediaId: media.id, from: "9", text: "nice" });
      await fake.control.flushWebhooks();
      expect(hook.received).toHaveLength(1);
      const entry = hook.received[0]?.json.entry ?? [];
      expect(entry).toHaveLength(1);
      expect((entry[0]?.messaging as { message: { text: string } }[]).map((m) => m.message.text)).toEqual(["a", "b", "c"]);
      expect((entry[0]?.changes as { field: string }[]).map((c) => c.field)).toEqual(["comments"]);
      expect(hook.received[0]?.headers["x-hub-signature-256"]).toBe(signWebhookBody("fake-instagram-app-secret", hook.received[0]?.raw ?? ""));
    } finally {
      await hook.close();
    }
  });

  it("without a target, events are logged as skipped; statuses can be switched off", async () => {
    fake.control.configureWebhooks({ statuses: [] });
    const wa = fake.control.createWhatsAppAccount();
    await subscribeApp(fake.url, wa);
    fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "15550001111", text: "x" });
    await sendWa(fake.url, wa, "15550001111");
    await fake.control.flushWebhooks();
    const d = fake.control.deliveries();
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ url: null, skipped: true, status: null });
  });
});
