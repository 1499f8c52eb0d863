import { signBody } from "@sillage/connectors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messagesOf, settle, startInboxWorld, TEST_SECRETS, type InboxWorld } from "./world";

let w: InboxWorld;
beforeAll(async () => {
  w = await startInboxWorld();
});
afterAll(() => w.close());

const waBody = (phoneNumberId: string, id: string, text: string) =>
  JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "1",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "1", phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: "Zoé" }, wa_id: "33600000001" }],
              messages: [{ from: "33600000001", id, timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body: text } }],
            },
          },
        ],
      },
    ],
  });

function post(path: string, body: string | Uint8Array, headers: Record<string, string>) {
  return fetch(`${w.server.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
}

describe("webhook handshake", () => {
  it("answers exactly hub.challenge when the verify token matches, 403 otherwise", async () => {
    const ok = await fetch(`${w.server.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${TEST_SECRETS.verifyToken}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    const ig = await fetch(`${w.server.url}/webhooks/instagram?hub.mode=subscribe&hub.verify_token=${TEST_SECRETS.verifyToken}&hub.challenge=abc`);
    expect(await ig.text()).toBe("abc");
    const bad = await fetch(`${w.server.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`);
    expect(bad.status).toBe(403);
    const missing = await fetch(`${w.server.url}/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1`);
    expect(missing.status).toBe(403);
  });
});

describe("webhook signature", () => {
  it("accepts a valid signature and stores the delivery before answering 200", async () => {
    const body = waBody(w.wa.phoneNumberId, "wamid.sig-valid", "hello");
    const res = await post("/webhooks/whatsapp", body, { "x-hub-signature-256": signBody(body, TEST_SECRETS.metaAppSecret) });
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: number };
    const row = await w.server.db.db.selectFrom("webhook_deliveries").select(["raw_body", "headers"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.raw_body.toString("utf8")).toBe(body);
    expect((row.headers as Record<string, string>)["x-hub-signature-256"]).toMatch(/^sha256=/);
  });

  it("refuses a tampered body, a wrong secret, a missing header and sha1 alone with 401, logging no body or secret", async () => {
    const body = waBody(w.wa.phoneNumberId, "wamid.sig-bad", "SECRET-BODY-CONTENT");
    const good = signBody(body, TEST_SECRETS.metaAppSecret);
    const before = await w.server.db.db.selectFrom("webhook_deliveries").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const logStart = w.server.logs.length;
    const tampered = await post("/webhooks/whatsapp", body.replace("SECRET-BODY", "EVIL-BODY"), { "x-hub-signature-256": good });
    const wrong = await post("/webhooks/whatsapp", body, { "x-hub-signature-256": signBody(body, "another-secret") });
    const missing = await post("/webhooks/whatsapp", body, {});
    const sha1 = await post("/webhooks/whatsapp", body, { "x-hub-signature": "sha1=0123456789abcdef0123456789abcdef01234567" });
    const igWithWaSecret = await post("/webhooks/instagram", body, { "x-hub-signature-256": signBody(body, "nope") });
    for (const r of [tampered, wrong, missing, sha1, igWithWaSecret]) expect(r.status).toBe(401);
    const after = await w.server.db.db.selectFrom("webhook_deliveries").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const logs = w.server.logs.slice(logStart).join("\n");
    expect(logs).toContain("webhook signature missing or invalid");
    expect(logs).toContain("sha1_only");
    expect(logs).not.toContain("SECRET-BODY-CONTENT");
    expect(logs).not.toContain(TEST_SECRETS.metaAppSecret);
    expect(logs).not.toContain(TEST_SECRETS.instagramAppSecret);
  });

  it("checks Instagram deliveries against the secret of the account's login variant", async () => {
    const body = JSON.stringify({
      object: "instagram",
      entry: [{ id: w.ig.igUserId, time: Date.now(), messaging: [{ sender: { id: "999" }, recipient: { id: w.ig.igUserId }, timestamp: Date.now(), message: { mid: "m_variant", text: "hi" } }] }],
    });
    // An Instagram-login account signs with the Instagram app secret, not the Meta one.
    expect((await post("/webhooks/instagram", body, { "x-hub-signature-256": signBody(body, TEST_SECRETS.metaAppSecret) })).status).toBe(401);
    expect((await post("/webhooks/instagram", body, { "x-hub-signature-256": signBody(body, TEST_SECRETS.instagramAppSecret) })).status).toBe(200);
  });
});

describe("ingestion from the fake's emitter", () => {
  it("turns a customer message into a contact, a conversation and a message, live", async () => {
    const { id } = w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33611111111", name: "Amélie", text: "Bonjour, vous avez la robe en 38 ?" });
    await settle(w);
    const msg = await w.server.db.db.selectFrom("messages").selectAll().where("platform_message_id", "=", id).executeTakeFirstOrThrow();
    expect(msg).toMatchObject({ direction: "in", author: "customer", type: "text", text: "Bonjour, vous avez la robe en 38 ?" });
    const contact = await w.server.db.db.selectFrom("contacts").selectAll().where("platform_user_id", "=", "33611111111").executeTakeFirstOrThrow();
    expect(contact.display_name).toBe("Amélie");
    const conv = await w.server.db.db.selectFrom("conversations").selectAll().where("id", "=", msg.conversation_id).executeTakeFirstOrThrow();
    expect(conv).toMatchObject({ status: "open", unread_count: 1, last_message_preview: "Bonjour, vous avez la robe en 38 ?" });
    const events = await w.server.db.db.selectFrom("workspace_events").select("type").where("workspace_id", "=", w.workspaceId).execute();
    expect(events.map((e) => e.type)).toContain("inbox.message");
  });

  it("keeps one message when Meta delivers the same webhook several times", async () => {
    w.server.fake.control.configureWebhooks({ duplicate: 3 });
    const { id } = w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33622222222", text: "dup?" });
    const ig = w.server.fake.control.customerMessage({ channel: "instagram", igUserId: w.ig.igUserId, from: "1788000000001", text: "dup on IG" });
    await settle(w);
    w.server.fake.control.configureWebhooks({ duplicate: false });
    const deliveries = w.server.fake.control.deliveries().filter((d) => d.body.includes(id));
    expect(deliveries.length).toBeGreaterThanOrEqual(3);
    const rows = await w.server.db.db.selectFrom("messages").select("id").where("platform_message_id", "in", [id, ig.id]).execute();
    expect(rows).toHaveLength(2);
  });

  it("never moves a status backwards when statuses arrive out of order", async () => {
    const { id } = w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33633333333", text: "order test" });
    await settle(w);
    const conv = await w.server.db.db.selectFrom("messages").select("conversation_id").where("platform_message_id", "=", id).executeTakeFirstOrThrow();
    w.server.fake.control.configureWebhooks({ reorder: true });
    const sent = await w.owner.mutation("inbox.reply", { conversationId: conv.conversation_id, text: "Oui, en stock !" });
    expect(sent.ok).toBe(true);
    await expect
      .poll(async () => w.server.fake.control.deliveries().filter((d) => d.body.includes('"read"')).length, { timeout: 10_000 })
      .toBeGreaterThan(0);
    await settle(w);
    w.server.fake.control.configureWebhooks({ reorder: false });
    const { messageId } = sent.data as { messageId: string };
    await expect
      .poll(async () => (await w.server.db.db.selectFrom("messages").select(["status"]).where("id", "=", messageId).executeTakeFirstOrThrow()).status, { timeout: 10_000 })
      .toBe("read");
    // Late "sent"/"delivered" replays change nothing.
    const out = await w.server.db.db.selectFrom("messages").select(["platform_message_id", "status_rank"]).where("id", "=", messageId).executeTakeFirstOrThrow();
    const replay = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [{ id: w.wa.wabaId, changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: { phone_number_id: w.wa.phoneNumberId }, statuses: [{ id: out.platform_message_id, status: "delivered", timestamp: "1", recipient_id: "33633333333" }, { id: out.platform_message_id, status: "sent", timestamp: "1", recipient_id: "33633333333" }] } }] }],
    });
    w.server.fake.control.sendRawWebhook({ product: "whatsapp", body: replay });
    await settle(w);
    expect(await w.server.db.db.selectFrom("messages").select(["status", "status_rank"]).where("id", "=", messageId).executeTakeFirstOrThrow()).toEqual({ status: "read", status_rank: 3 });
  });

  it("processes every entry, change and message of a batched payload", async () => {
    w.server.fake.control.configureWebhooks({ batchWindowMs: 300 });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: `3364444444${i % 3}`, text: `batched ${i}` }).id);
      ids.push(w.server.fake.control.customerMessage({ channel: "instagram", igUserId: w.ig.igUserId, from: `178900000000${i % 2}`, text: `ig batched ${i}` }).id);
    }
    await settle(w);
    w.server.fake.control.configureWebhooks({ batchWindowMs: 0 });
    const batchedPosts = w.server.fake.control.deliveries().filter((d) => ids.some((id) => d.body.includes(id)));
    expect(batchedPosts.length).toBeLessThan(ids.length); // really batched
    const rows = await w.server.db.db.selectFrom("messages").select("platform_message_id").where("platform_message_id", "in", ids).execute();
    expect(rows).toHaveLength(ids.length);
  });

  it("keeps unknown event types and unroutable accounts for operators", async () => {
    const body = {
      object: "whatsapp_business_account",
      entry: [
        { id: w.wa.wabaId, changes: [{ field: "message_template_status_update", value: { event: "APPROVED", message_template_name: "x" } }] },
        { id: "000", changes: [{ field: "messages", value: { metadata: { phone_number_id: "no-such-number" }, messages: [{ from: "1", id: "wamid.orphan", timestamp: "1", type: "text", text: { body: "?" } }] } }] },
      ],
    };
    w.server.fake.control.sendRawWebhook({ product: "whatsapp", body });
    await settle(w);
    const unknown = await w.server.db.db.selectFrom("unknown_events").select(["kind", "reason", "field", "account_id"]).execute();
    expect(unknown).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "message_template_status_update" }),
        expect.objectContaining({ account_id: "no-such-number", reason: "no channel for this account" }),
      ]),
    );
  });

  it("an Instagram message unsent before it was seen stays deleted, whichever delivery is processed first", async () => {
    const igPost = (messaging: unknown) => {
      const body = JSON.stringify({ object: "instagram", entry: [{ id: w.ig.igUserId, time: Date.now(), messaging: [messaging] }] });
      return post("/webhooks/instagram", body, { "x-hub-signature-256": signBody(body, TEST_SECRETS.instagramAppSecret) });
    };
    const party = { sender: { id: "1786660000077" }, recipient: { id: w.ig.igUserId }, timestamp: Date.now() };
    expect((await igPost({ ...party, message: { mid: "m_unsent_early", is_deleted: true } })).status).toBe(200);
    await settle(w);
    expect((await igPost({ ...party, message: { mid: "m_unsent_early", text: "oups, mauvais numéro" } })).status).toBe(200);
    await settle(w);
    const rows = await w.server.db.db.selectFrom("messages").select(["text", "deleted_at"]).where("platform_message_id", "=", "m_unsent_early").execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.text).toBeNull();
    expect(rows[0]!.deleted_at).not.toBeNull();
  });

  it("keeps what each documented WhatsApp message type says: replies, flows, forwards, ads, orders, places, contacts, unsupported", async () => {
    const from = "33688800001";
    const ts = String(Math.floor(Date.now() / 1000));
    const m = (id: string, type: string, content: Record<string, unknown>) => ({ from, id: `wamid.types-${id}`, timestamp: ts, type, ...content });
    const body = {
      object: "whatsapp_business_account",
      entry: [
        {
          id: w.wa.wabaId,
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: { display_phone_number: "15550783881", phone_number_id: w.wa.phoneNumberId },
                contacts: [{ profile: { name: "Lou" }, wa_id: from }],
                messages: [
                  m("forwarded", "text", { text: { body: "vu ailleurs" }, context: { forwarded: true } }),
                  m("ad", "text", { text: { body: "Je viens de la pub" }, referral: { source_url: "https://fb.me/ad", source_id: "120", source_type: "ad", headline: "Soldes", body: "-30 %", media_type: "image", ctwa_clid: "ARA" } }),
                  m("quote", "text", { text: { body: "celle-ci" }, context: { from: "15550783881", id: "wamid.ours" } }),
                  m("button", "button", { button: { text: "Oui", payload: "CONFIRM" }, context: { from: "15550783881", id: "wamid.tpl" } }),
                  m("list", "interactive", { interactive: { type: "list_reply", list_reply: { id: "row-2", title: "Taille M", description: "stock" } } }),
                  m("flow", "interactive", { interactive: { type: "nfm_reply", nfm_reply: { name: "flow", body: "Sent", response_json: '{"size":"M","flow_token":"t"}' } } }),
                  m("place", "location", { location: { latitude: 48.85, longitude: 2.35, name: "Boutique", address: "Paris" } }),
                  m("card", "contacts", { contacts: [{ name: { formatted_name: "Ana", first_name: "Ana" }, phones: [{ phone: "+33 6 00", type: "CELL", wa_id: "3360000" }] }] }),
                  m("order", "order", { order: { catalog_id: "1", text: "merci", product_items: [{ product_retailer_id: "SKU", quantity: 2, item_price: 25, currency: "EUR" }] } }),
                  m("odd", "unsupported", { unsupported: { type: "edit" }, errors: [{ code: 131051, title: "Message type unknown", message: "Message type unknown", error_data: { details: "Message type is currently not supported." } }] }),
                ],
              },
            },
          ],
        },
        {
          id: w.wa.wabaId,
          changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: { phone_number_id: w.wa.phoneNumberId }, errors: [{ code: 130429, title: "Rate limit hit", message: "Rate limit hit", error_data: { details: "too many messages" } }] } }],
        },
      ],
    };
    w.server.fake.control.sendRawWebhook({ product: "whatsapp", body });
    await settle(w);
    const rows = await w.server.db.db.selectFrom("messages").select(["platform_message_id", "type", "text", "reply_to_platform_id", "raw"]).where("platform_message_id", "like", "wamid.types-%").execute();
    const by = (id: string) => {
      const row = rows.find((r) => r.platform_message_id === `wamid.types-${id}`);
      return { ...row, extra: (row?.raw as { extra?: Record<string, unknown> } | undefined)?.extra };
    };
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((r) => r.platform_message_id)).size).toBe(10);
    expect(by("forwarded").extra).toMatchObject({ forwarded: true });
    expect(by("forwarded").reply_to_platform_id).toBeNull();
    expect(by("ad").extra?.referral).toMatchObject({ source_url: "https://fb.me/ad", headline: "Soldes", ctwa_clid: "ARA" });
    expect(by("quote").reply_to_platform_id).toBe("wamid.ours");
    expect(by("button")).toMatchObject({ text: "Oui", extra: { payload: "CONFIRM" }, reply_to_platform_id: "wamid.tpl" });
    expect(by("list").text).toBe("Taille M");
    expect(by("flow")).toMatchObject({ text: "Sent", extra: { interactive: { nfm_reply: { response_json: '{"size":"M","flow_token":"t"}' } } } });
    expect(by("place")).toMatchObject({ type: "location", extra: { location: { latitude: 48.85, name: "Boutique" } } });
    expect(by("card").extra?.contacts).toEqual([expect.objectContaining({ phones: [expect.objectContaining({ wa_id: "3360000" })] })]);
    expect(by("order").extra?.order).toMatchObject({ product_items: [{ product_retailer_id: "SKU", quantity: 2 }] });
    expect(by("odd")).toMatchObject({ type: "unsupported", raw: { errors: [expect.objectContaining({ code: 131051 })] } });
    const contact = await w.server.db.db.selectFrom("contacts").select("display_name").where("platform_user_id", "=", from).executeTakeFirstOrThrow();
    expect(contact.display_name).toBe("Lou");
    const systemErrors = await w.server.db.db.selectFrom("unknown_events").select(["kind", "reason"]).where("kind", "=", "system_error").execute();
    expect(systemErrors).toEqual(expect.arrayContaining([expect.objectContaining({ reason: "too many messages" })]));
  });

  it("a customer who changes number stays in the same conversation, replies go to the new number, a replay changes nothing", async () => {
    const fake = w.server.fake.control;
    const first = fake.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33677700001", name: "Inès", text: "avant" });
    await settle(w);
    const change = fake.customerChangedNumber({ phoneNumberId: w.wa.phoneNumberId, from: "33677700001", to: "33677700002", name: "Inès" });
    await settle(w);
    const after = fake.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33677700002", name: "Inès", text: "après" });
    await settle(w);
    const rows = await w.server.db.db
      .selectFrom("messages")
      .select(["platform_message_id", "conversation_id", "text"])
      .where("platform_message_id", "in", [first.id, change.id, after.id])
      .execute();
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.conversation_id)).size).toBe(1);
    expect(rows.find((r) => r.platform_message_id === change.id)?.text).toContain("33677700002");
    const contacts = await w.server.db.db
      .selectFrom("contacts")
      .select(["platform_user_id", "display_name"])
      .where("channel_id", "=", w.wa.channelId)
      .where("platform_user_id", "in", ["33677700001", "33677700002"])
      .execute();
    expect(contacts).toEqual([{ platform_user_id: "33677700002", display_name: "Inès" }]);

    const conversationId = rows[0]!.conversation_id;
    expect((await w.owner.mutation("inbox.reply", { conversationId, text: "C’est noté." })).ok).toBe(true);
    await expect.poll(() => fake.sentMessages({ channel: "whatsapp" }).filter((m) => m.text === "C’est noté.").map((m) => m.to), { timeout: 10_000 }).toEqual(["33677700002"]);

    // Meta redelivers the notice: the old number does not come back as a new, empty conversation.
    const delivered = fake.deliveries().find((d) => d.body.includes(change.id));
    fake.sendRawWebhook({ product: "whatsapp", body: delivered!.body });
    await settle(w);
    const old = await w.server.db.db.selectFrom("contacts").select("id").where("channel_id", "=", w.wa.channelId).where("platform_user_id", "=", "33677700001").execute();
    expect(old).toEqual([]);
  });

  it("a number-change notice is WhatsApp speaking, not the customer: shown, but it opens no 24 h window and goes to no triage", async () => {
    const notice = w.server.fake.control.customerChangedNumber({ phoneNumberId: w.wa.phoneNumberId, from: "33677700011", to: "33677700012", name: "Noé" });
    await settle(w);
    const msg = await w.server.db.db.selectFrom("messages").select(["author", "direction", "conversation_id", "text"]).where("platform_message_id", "=", notice.id).executeTakeFirstOrThrow();
    expect(msg).toMatchObject({ author: "system", direction: "in", text: expect.stringContaining("33677700012") });
    const conv = await w.server.db.db.selectFrom("conversations").select(["last_inbound_at", "last_message_preview"]).where("id", "=", msg.conversation_id).executeTakeFirstOrThrow();
    expect(conv.last_inbound_at).toBeNull();
    expect(conv.last_message_preview).toContain("33677700012");
    const refused = await w.owner.mutation("inbox.reply", { conversationId: msg.conversation_id, text: "Bonjour ?" });
    expect(refused).toMatchObject({ ok: false, code: "PRECONDITION_FAILED" });
    await new Promise((r) => setTimeout(r, 1_500)); // past the burst window
    expect(w.batches.filter((b) => b.conversationId === msg.conversation_id)).toEqual([]);
  });

  it("stores reactions (and their removal) and shows them on the message", async () => {
    const { id } = w.server.fake.control.customerMessage({ channel: "instagram", igUserId: w.ig.igUserId, from: "1785550000001", text: "love it" });
    await settle(w);
    w.server.fake.control.customerReaction({ channel: "instagram", igUserId: w.ig.igUserId, from: "1785550000001", mid: id, emoji: "🔥" });
    await settle(w);
    const msg = await w.server.db.db.selectFrom("messages").select(["id", "conversation_id"]).where("platform_message_id", "=", id).executeTakeFirstOrThrow();
    const thread = (await w.owner.query("inbox.messages", { conversationId: msg.conversation_id })) as { ok: true; data: { messages: { id: string; reactions: { emoji: string }[] }[] } };
    expect(thread.data.messages.find((m) => m.id === msg.id)?.reactions).toEqual([{ emoji: "🔥", by: "1785550000001" }]);
    w.server.fake.control.customerReaction({ channel: "instagram", igUserId: w.ig.igUserId, from: "1785550000001", mid: id, action: "unreact" });
    await settle(w);
    const after = (await w.owner.query("inbox.messages", { conversationId: msg.conversation_id })) as { ok: true; data: { messages: { id: string; reactions: unknown[] }[] } };
    expect(after.data.messages.find((m) => m.id === msg.id)?.reactions).toEqual([]);
    expect((await messagesOf(w)).filter((m) => m.type === "reaction")).toEqual([]);
  });
});

// Last: the server cuts the connection of a refused 3 MB upload, which a client reusing the socket would feel.
describe("webhook body limits", () => {
  it("answers 413 over 3 MB and 400 to signed invalid JSON", async () => {
    const big = "x".repeat(3 * 1024 * 1024 + 10);
    const tooBig = await post("/webhooks/whatsapp", big, { "x-hub-signature-256": signBody(big, TEST_SECRETS.metaAppSecret) });
    expect(tooBig.status).toBe(413);
    const notJson = "{not json";
    const bad = await post("/webhooks/whatsapp", notJson, { "x-hub-signature-256": signBody(notJson, TEST_SECRETS.metaAppSecret) });
    expect(bad.status).toBe(400);
  });
});
