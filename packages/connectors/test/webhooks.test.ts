import { describe, expect, it } from "vitest";
import { normalizeInstagramWebhook } from "../src/instagram/webhook";
import type { WebhookEvent } from "../src/types";
import { normalizeWhatsAppWebhook } from "../src/whatsapp/webhook";

type Of<T extends WebhookEvent["type"]> = Extract<WebhookEvent, { type: T }>;
const only = <T extends WebhookEvent["type"]>(events: WebhookEvent[], type: T): Of<T>[] =>
  events.filter((e): e is Of<T> => e.type === type);

const waEnvelope = (value: unknown, field = "messages") => ({
  object: "whatsapp_business_account",
  entry: [{ id: "102290129340398", changes: [{ field, value }] }],
});
const meta = { display_phone_number: "15550783881", phone_number_id: "106540352242922" };
/** A `messages` change from Sheena Nelson (the docs' example contact). */
const fromSheena = (messages: unknown[]) =>
  normalizeWhatsAppWebhook(waEnvelope({ messaging_product: "whatsapp", metadata: meta, contacts: [{ profile: { name: "Sheena Nelson" }, wa_id: "16505551234" }], messages }));

describe("WhatsApp webhook normalisation", () => {
  it("inbound text (§1.3) with contact name, context and string seconds", () => {
    const events = normalizeWhatsAppWebhook(
      waEnvelope({
        messaging_product: "whatsapp",
        metadata: meta,
        contacts: [{ profile: { name: "Sheena Nelson" }, wa_id: "16505551234" }],
        messages: [
          {
            from: "16505551234",
            id: "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
            timestamp: "1749416383",
            type: "text",
            text: { body: "Does it come in another color?" },
            context: { from: "15550783881", id: "wamid.quoted" },
          },
        ],
      }),
    );
    expect(events).toEqual([
      {
        type: "message",
        platform: "whatsapp",
        accountId: "106540352242922",
        wabaId: "102290129340398",
        messageId: "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
        from: { id: "16505551234", name: "Sheena Nelson", username: null, userId: null },
        timestamp: new Date(1749416383 * 1000).toISOString(),
        messageType: "text",
        text: "Does it come in another color?",
        attachments: [],
        replyToMessageId: "wamid.quoted",
      },
    ]);
  });

  it("image and voice note (§1.4), reaction, unsupported with errors, unknown type kept", () => {
    const events = normalizeWhatsAppWebhook(
      JSON.stringify(
        waEnvelope({
          metadata: meta,
          contacts: [{ profile: { name: "A", username: "a_user" }, user_id: "US.123" }],
          messages: [
            {
              from: "16505551234",
              id: "wamid.img",
              timestamp: "1744344496",
              type: "image",
              image: { caption: "Taj Mahal", mime_type: "image/jpeg", sha256: "SfIn=", id: "1003383421387256", url: "https://lookaside.fbsbx.com/x" },
            },
            {
              from: "16505551234",
              id: "wamid.voice",
              timestamp: "1744344497",
              type: "audio",
              audio: { mime_type: "audio/ogg; codecs=opus", sha256: "x", id: "2", voice: true },
            },
            { from: "16505551234", id: "wamid.r", timestamp: "1744344498", type: "reaction", reaction: { message_id: "wamid.out", emoji: "👍" } },
            { from: "16505551234", id: "wamid.u", timestamp: "1744344499", type: "reaction", reaction: { message_id: "wamid.out" } },
            { from: "16505551234", id: "wamid.x", timestamp: "1744344499", type: "unsupported", errors: [{ code: 131051, title: "Message type unknown" }] },
            { from: "16505551234", id: "wamid.y", timestamp: "1744344499", type: "hologram", hologram: {} },
          ],
        }),
      ),
    );
    expect(events).toHaveLength(6);
    const [img, voice] = only(events, "message");
    expect(img?.attachments[0]).toMatchObject({ type: "image", mediaId: "1003383421387256", mimeType: "image/jpeg", caption: "Taj Mahal" });
    expect(img?.text).toBe("Taj Mahal");
    expect(voice?.attachments[0]).toMatchObject({ type: "audio", voice: true });
    const reactions = only(events, "reaction");
    expect(reactions.map((r) => [r.action, r.emoji, r.messageId])).toEqual([
      ["react", "👍", "wamid.out"],
      ["unreact", null, "wamid.out"],
    ]);
    const unsupported = only(events, "message").find((m) => m.messageType === "unsupported");
    expect(unsupported?.errors?.[0]).toMatchObject({ code: 131051, kind: "invalid_input" });
    expect(only(events, "unknown")[0]).toMatchObject({ reason: "message type hologram", accountId: "106540352242922" });
  });

  it("statuses (§1.5) incl. 131047 failed after a 200, and value.errors system errors", () => {
    const events = normalizeWhatsAppWebhook(
      waEnvelope({
        metadata: meta,
        statuses: [
          {
            id: "wamid.HBgL",
            status: "sent",
            timestamp: "1750030073",
            recipient_id: "16505551234",
            biz_opaque_callback_data: "optional-echo",
            conversation: { id: "72b14d6b", expiration_timestamp: "1750116480", origin: { type: "marketing" } },
            pricing: { billable: true, pricing_model: "PMP", type: "regular", category: "marketing" },
          },
          {
            id: "wamid.f",
            status: "failed",
            timestamp: "1751142888",
            recipient_id: "16505551234",
            errors: [
              {
                code: 131047,
                title: "Re-engagement message",
                message: "Re-engagement message",
                error_data: { details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number." },
              },
            ],
          },
        ],
      }),
    );
    const [sent, failed] = only(events, "message_status");
    expect(sent).toMatchObject({ status: "sent", callbackData: "optional-echo", recipientId: "16505551234", errors: [] });
    expect(sent?.pricing).toEqual({ billable: true, model: "PMP", category: "marketing", type: "regular" });
    expect(sent?.conversation).toEqual({ id: "72b14d6b", originType: "marketing", expiresAt: "2025-06-16T23:28:00.000Z" });
    expect(failed?.errors[0]).toMatchObject({ code: 131047, kind: "window_closed", retryable: false });
    expect(failed?.errors[0]?.userMessage).toContain("send an approved template");

    const sys = normalizeWhatsAppWebhook(waEnvelope({ metadata: meta, errors: [{ code: 130429, title: "Rate limit hit" }] }));
    expect(sys).toHaveLength(1);
    expect(sys[0]).toMatchObject({ type: "system_error", errors: [{ code: 130429, kind: "rate_limited" }] });
  });

  it("status pricing in both shapes: CBP with its conversation, PMP with its type; unreadable parts left out", () => {
    const status = (extra: Record<string, unknown>) =>
      only(normalizeWhatsAppWebhook(waEnvelope({ metadata: meta, statuses: [{ id: "wamid.P", status: "sent", timestamp: "1750030073", recipient_id: "1", ...extra }] })), "message_status")[0];
    const cbp = status({
      conversation: { id: "c0nv", expiration_timestamp: "1750116480", origin: { type: "utility" } },
      pricing: { billable: true, pricing_model: "CBP", category: "utility" },
    });
    expect(cbp?.pricing).toEqual({ billable: true, model: "CBP", category: "utility", type: null });
    expect(cbp?.conversation).toEqual({ id: "c0nv", originType: "utility", expiresAt: "2025-06-16T23:28:00.000Z" });
    const pmp = status({ pricing: { pricing_model: "PMP", type: "free_customer_service", category: "Service" } });
    expect(pmp?.pricing).toEqual({ billable: null, model: "PMP", category: "service", type: "free_customer_service" });
    expect(pmp).not.toHaveProperty("conversation");
    const odd = status({ pricing: { billable: "yes", pricing_model: 3, category: "x".repeat(65), type: "regular" }, conversation: { origin: "marketing" } });
    expect(odd?.pricing).toEqual({ billable: null, model: null, category: null, type: "regular" });
    expect(odd).not.toHaveProperty("conversation");
    expect(status({ pricing: "free" })).not.toHaveProperty("pricing");
  });

  it("edit and revoke of a customer's message (Coexistence numbers) name the original message", () => {
    const events = fromSheena([
      { from: "16505551234", id: "wamid.EDIT1", timestamp: "1739321024", type: "edit", edit: { original_message_id: "wamid.ORIG", message: { type: "text", text: { body: "corrected" } } } },
      { from: "16505551234", id: "wamid.EDIT2", timestamp: "1739321025", type: "edit", edit: { original_message_id: "wamid.IMG", message: { context: { id: "wamid.C" }, type: "image", image: { caption: "new caption", id: "1" } } } },
      { from: "16505551234", id: "wamid.REV", timestamp: "1739321026", type: "revoke", revoke: { original_message_id: "wamid.ORIG" } },
      { from: "16505551234", id: "wamid.BAD", timestamp: "1739321027", type: "revoke", revoke: {} },
    ]);
    expect(events.map((e) => e.type)).toEqual(["message_edited", "message_edited", "message_deleted", "unknown"]);
    expect(events[0]).toMatchObject({ messageId: "wamid.ORIG", text: "corrected", editNumber: null, editKey: "wamid.EDIT1", from: { id: "16505551234", name: "Sheena Nelson" } });
    expect(events[1]).toMatchObject({ messageId: "wamid.IMG", text: "new caption", editKey: "wamid.EDIT2" });
    expect(events[2]).toMatchObject({ type: "message_deleted", messageId: "wamid.ORIG", timestamp: new Date(1739321026000).toISOString() });
  });

  it("keeps other fields and garbage as unknown events", () => {
    const events = normalizeWhatsAppWebhook(waEnvelope({ event: "APPROVED", message_template_name: "promo" }, "message_template_status_update"));
    expect(events).toEqual([expect.objectContaining({ type: "unknown", field: "message_template_status_update" })]);
    expect(normalizeWhatsAppWebhook("not json")[0]?.type).toBe("unknown");
    expect(normalizeWhatsAppWebhook(null)[0]?.type).toBe("unknown");
    expect(normalizeWhatsAppWebhook({ object: "whatsapp_business_account", entry: [42] })[0]?.type).toBe("unknown");
  });

  it("iterates every entry, change, message and status of a batch", () => {
    const msg = (id: string) => ({ from: "1", id, timestamp: "1749416383", type: "text", text: { body: id } });
    const body = {
      object: "whatsapp_business_account",
      entry: [
        {
          id: "waba1",
          changes: [
            { field: "messages", value: { metadata: { phone_number_id: "pn1" }, messages: [msg("a"), msg("b")] } },
            { field: "messages", value: { metadata: { phone_number_id: "pn1" }, statuses: [{ id: "w1", status: "read", timestamp: "1" }, { id: "w1", status: "delivered", timestamp: "1" }] } },
          ],
        },
        { id: "waba2", changes: [{ field: "messages", value: { metadata: { phone_number_id: "pn2" }, messages: [msg("c")], statuses: [{ id: "w2", status: "sent", timestamp: "1" }] } }] },
      ],
    };
    const events = normalizeWhatsAppWebhook(body);
    expect(events.map((e) => e.type)).toEqual(["message", "message", "message_status", "message_status", "message", "message_status"]);
    expect(events.map((e) => ("accountId" in e ? e.accountId : null))).toEqual(["pn1", "pn1", "pn1", "pn1", "pn2", "pn2"]);
  });
});

describe("Instagram webhook normalisation", () => {
  const cust = { sender: { id: "IGSID1" }, recipient: { id: "1784" }, timestamp: 1726104851311 };
  const igMessaging = (messaging: unknown[]) => normalizeInstagramWebhook({ object: "instagram", entry: [{ id: "1784", time: 1726104851986, messaging }] });
  it("DM (§1.6) with ms timestamps, attachments and reply_to", () => {
    const events = normalizeInstagramWebhook({
      object: "instagram",
      entry: [
        {
          id: "17841453859955858",
          time: 1726104851986,
          messaging: [
            {
              sender: { id: "IGSID1" },
              recipient: { id: "17841453859955858" },
              timestamp: 1726104851311,
              message: {
                mid: "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOj",
                text: "hi",
                attachments: [{ type: "image", payload: { url: "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1" } }],
                reply_to: { mid: "m0" },
              },
            },
          ],
        },
      ],
    });
    expect(events).toEqual([
      {
        type: "message",
        platform: "instagram",
        accountId: "17841453859955858",
        timestamp: new Date(1726104851311).toISOString(),
        messageId: "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOj",
        from: { id: "IGSID1" },
        messageType: "text",
        text: "hi",
        attachments: [
          {
            type: "image",
            mediaId: null,
            url: "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1",
            mimeType: null,
            sha256: null,
            caption: null,
            filename: null,
            voice: false,
          },
        ],
        replyToMessageId: "m0",
      },
    ]);
  });

  it("echo, reaction, read, postback, deleted, unknown items", () => {
    const base = { recipient: { id: "IGSID1" }, sender: { id: "1784" }, timestamp: 1726104851311 };
    const cust = { sender: { id: "IGSID1" }, recipient: { id: "1784" }, timestamp: 1726104851311 };
    const events = normalizeInstagramWebhook({
      object: "instagram",
      entry: [
        {
          id: "1784",
          time: 1726104851986,
          messaging: [
            { ...base, message: { mid: "echo1", text: "our reply", is_echo: true } },
            { ...cust, reaction: { mid: "m1", action: "react", reaction: "love", emoji: "❤️" } },
            { ...cust, reaction: { mid: "m1", action: "unreact" } },
            { ...cust, read: { mid: "m2" } },
            { ...cust, postback: { mid: "m3", title: "Yes", payload: "YES" } },
            { ...cust, message: { mid: "m4", is_deleted: true } },
            { ...cust, message_edit: { mid: "m5", text: "edited" } },
          ],
          standby: [{ ...cust, message: { mid: "s1", text: "x" } }],
        },
      ],
    });
    expect(events.map((e) => e.type)).toEqual(["echo", "reaction", "reaction", "read", "postback", "message_deleted", "unknown", "message"]);
    expect(events[7]).toMatchObject({ messageId: "s1", standby: true });
    expect(events[0]).toMatchObject({ type: "echo", accountId: "1784", recipientId: "IGSID1", text: "our reply" });
    expect(events[1]).toMatchObject({ action: "react", emoji: "❤️", messageId: "m1" });
    expect(events[2]).toMatchObject({ action: "unreact" });
  });

  it("standby[] (handover protocol): read as messaging[] items, each marked standby; what cannot be read stays unknown", () => {
    const ours = { sender: { id: "1784" }, recipient: { id: "IGSID1" }, timestamp: 1726104851311 };
    const events = normalizeInstagramWebhook({
      object: "instagram",
      entry: [
        {
          id: "1784",
          time: 1726104851986,
          standby: [
            { ...cust, message: { mid: "s1", text: "vous avez la taille M ?" } },
            { ...ours, message: { mid: "s2", text: "Oui !", is_echo: true } },
            { ...cust, reaction: { mid: "s2", action: "react", emoji: "❤️" } },
            { ...cust, read: { mid: "s2" } },
            // Meta keeps a standby postback's payload for the app that sent the button.
            { ...cust, postback: { mid: "s3", title: "Oui" } },
            { ...cust, message_edit: { mid: "s1", text: "vous avez la taille L ?", num_edit: 1 } },
            { ...cust, message: { mid: "s1", is_deleted: true } },
            { ...cust, optin: { ref: "x" } },
          ],
        },
      ],
    });
    expect(events.map((e) => [e.type, "standby" in e ? e.standby : undefined])).toEqual([
      ["message", true],
      ["echo", true],
      ["reaction", true],
      ["read", true],
      ["postback", true],
      ["message_edited", true],
      ["message_deleted", true],
      ["unknown", undefined],
    ]);
    expect(events[0]).toMatchObject({ from: { id: "IGSID1" }, text: "vous avez la taille M ?", timestamp: new Date(1726104851311).toISOString() });
    expect(events[7]).toMatchObject({ field: "standby", accountId: "1784" });
    // Items of messaging[] are not standby.
    expect(igMessaging([{ ...cust, message: { mid: "m1", text: "x" } }])[0]).not.toHaveProperty("standby");
  });

  it("messaging_handovers: take / pass / request thread control, the owner told by the app id when known", () => {
    const handovers = [
      { ...cust, take_thread_control: { previous_owner_app_id: "111", new_owner_app_id: "263902037430900", metadata: "agent" } },
      { ...cust, pass_thread_control: { previous_owner_app_id: "263902037430900", new_owner_app_id: "111", metadata: "" } },
      { ...cust, pass_thread_control: { previous_owner_app_id: "111", new_owner_app_id: "999" } },
      { ...cust, request_thread_control: { requested_owner_app_id: "263902037430900", metadata: "please" } },
    ];
    const body = { object: "instagram", entry: [{ id: "1784", time: 1726104851986, messaging: handovers }] };
    const known = normalizeInstagramWebhook(body, "111");
    expect(known.map((e) => e.type === "thread_control" && [e.action, e.owner])).toEqual([
      ["take", "other_app"],
      ["pass", "this_app"],
      // Passed on to a third app: still not ours.
      ["pass", "other_app"],
      ["request", "unchanged"],
    ]);
    expect(known[0]).toEqual({
      type: "thread_control",
      platform: "instagram",
      accountId: "1784",
      timestamp: new Date(1726104851311).toISOString(),
      from: { id: "IGSID1" },
      action: "take",
      owner: "other_app",
      previousOwnerAppId: "111",
      newOwnerAppId: "263902037430900",
      requestedOwnerAppId: null,
      metadata: "agent",
    });
    expect(known[3]).toMatchObject({ requestedOwnerAppId: "263902037430900", metadata: "please" });
    // Without the app id: pass comes to the app the thread passes to, take to the one it is taken from.
    expect(normalizeInstagramWebhook(body).map((e) => e.type === "thread_control" && e.owner)).toEqual(["other_app", "this_app", "this_app", "unchanged"]);
  });

  it("message_edit {mid, text, num_edit} as documented; the account's own edit and other shapes kept as unknown", () => {
    const events = igMessaging([
      { ...cust, message_edit: { mid: "m5", text: "taille L", num_edit: 2 } },
      // The docs' example quotes the integer.
      { ...cust, message_edit: { mid: "m6", text: "bleu", num_edit: "1" } },
      { ...cust, message_edit: { mid: "m7", text: "x", num_edit: "two" } },
      { sender: { id: "1784" }, recipient: { id: "IGSID1" }, timestamp: 1, message_edit: { mid: "m8", text: "ours", num_edit: 1 } },
    ]);
    expect(events.map((e) => e.type)).toEqual(["message_edited", "message_edited", "unknown", "unknown"]);
    const at = new Date(1726104851311).toISOString();
    expect(events[0]).toEqual({ type: "message_edited", platform: "instagram", accountId: "1784", timestamp: at, messageId: "m5", from: { id: "IGSID1" }, text: "taille L", editNumber: 2, editKey: "m5#2" });
    expect(events[1]).toMatchObject({ editNumber: 1, editKey: "m6#1" });
  });

  it("comment (§1.7, real body) in seconds; comment_id variant; own comments marked", () => {
    const realBody =
      '{"entry": [{"id": "17841430541631416", "time": 1776339591, "changes": [{"value": {"from": {"id": "848067418322071", "username": "m_waqarsikandar"}, "media": {"id": "18050310947722369", "media_product_type": "FEED"}, "id": "17867301270523379", "text": "LINK"}, "field": "comments"}]}], "object": "instagram"}';
    const [c] = normalizeInstagramWebhook(Buffer.from(realBody));
    expect(c).toEqual({
      type: "comment",
      platform: "instagram",
      accountId: "17841430541631416",
      timestamp: new Date(1776339591 * 1000).toISOString(),
      commentId: "17867301270523379",
      mediaId: "18050310947722369",
      mediaProductType: "FEED",
      parentId: null,
      text: "LINK",
      from: { id: "848067418322071", username: "m_waqarsikandar" },
      isOwn: false,
      field: "comments",
    });
    const fb = normalizeInstagramWebhook({
      object: "instagram",
      entry: [
        {
          id: "1784",
          time: 1776339591,
          changes: [
            { field: "comments", value: { comment_id: "c2", parent_id: "c1", text: "reply", from: { id: "9" }, media: { id: "m" } } },
            { field: "comments", value: { id: "c3", text: "ours", from: { id: "555", self_ig_scoped_id: "555", username: "us" }, media: { id: "m" } } },
            { field: "mentions", value: { media_id: "m" } },
          ],
        },
      ],
    });
    expect(fb[0]).toMatchObject({ type: "comment", commentId: "c2", parentId: "c1", isOwn: false });
    expect(fb[1]).toMatchObject({ type: "comment", commentId: "c3", isOwn: true });
    expect(fb[2]).toMatchObject({ type: "unknown", field: "mentions" });
  });

  it("every documented message shape: shares (share + ig_post), reels, story mention and reply, quick reply, unsupported, self messaging", () => {
    const cdn = (n: string) => `https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=${n}`;
    const events = igMessaging([
      { ...cust, message: { mid: "p1", attachments: [{ type: "share", payload: { ig_post_media_id: "1813", title: "Robe lin", url: cdn("1") } }, { type: "ig_post", payload: { ig_post_media_id: "1813", title: "Robe lin", url: cdn("1") } }] } },
      { ...cust, message: { mid: "p2", attachments: [{ type: "ig_reel", payload: { reel_video_id: "1799", title: "Défilé", url: cdn("2") } }] } },
      { ...cust, message: { mid: "p3", attachments: [{ type: "story_mention", payload: { url: cdn("3") } }] } },
      { ...cust, message: { mid: "p4", text: "trop belle", reply_to: { story: { url: cdn("4"), id: "1800" } } } },
      { ...cust, message: { mid: "p5", text: "Taille M", quick_reply: { payload: "SIZE_M" } } },
      { ...cust, message: { mid: "p6", is_unsupported: true } },
      { sender: { id: "1784" }, recipient: { id: "1784" }, timestamp: 1726104851311, message: { mid: "p7", text: "test", is_self: true } },
    ]);
    expect(events.map((e) => [e.type, e.type === "message" ? e.messageType : null])).toEqual([
      ["message", "share"],
      ["message", "ig_reel"],
      ["message", "story_mention"],
      ["message", "text"],
      ["message", "text"],
      ["message", "unsupported"],
      ["message", "text"],
    ]);
    const [post, reel, mention, storyReply, quick] = events as Extract<(typeof events)[number], { type: "message" }>[];
    expect(post!.attachments.map((a) => [a.type, a.mediaId, a.caption, a.url])).toEqual([
      ["share", "1813", "Robe lin", cdn("1")],
      ["ig_post", "1813", "Robe lin", cdn("1")],
    ]);
    expect(reel!.attachments[0]).toMatchObject({ type: "ig_reel", mediaId: "1799", caption: "Défilé" });
    expect(mention!.attachments[0]).toMatchObject({ type: "story_mention", url: cdn("3") });
    expect(storyReply).toMatchObject({ text: "trop belle", replyToMessageId: null, extra: { replyToStory: { url: cdn("4"), id: "1800" } } });
    expect(quick!.extra).toEqual({ quickReply: { payload: "SIZE_M" } });
    expect(events[6]).toMatchObject({ from: { id: "1784" }, extra: { isSelf: true } });
  });

  it("referral (ig.me link, ad), a reaction named without its emoji, and what the account itself does", () => {
    const ours = { sender: { id: "1784" }, recipient: { id: "IGSID1" }, timestamp: 1726104851311 };
    const events = igMessaging([
      { ...cust, referral: { ref: "promo-ete", source: "IGME-SOURCE-LINK", type: "OPEN_THREAD" } },
      { ...cust, referral: { ad_id: "120", source: "ADS", type: "OPEN_THREAD", ads_context_data: { ad_title: "Soldes", photo_url: "https://x/p.jpg" } } },
      { ...cust, reaction: { mid: "m1", action: "react", reaction: "love" } },
      // Sent from the account without is_echo: still ours, never the customer's.
      { ...ours, message: { mid: "o1", text: "merci !" } },
      { ...ours, reaction: { mid: "m1", action: "react", emoji: "👍" } },
      { ...ours, read: { mid: "m1" } },
    ]);
    expect(events.map((e) => e.type)).toEqual(["referral", "referral", "reaction", "echo", "unknown", "unknown"]);
    expect(events[0]).toEqual({ type: "referral", platform: "instagram", accountId: "1784", timestamp: new Date(1726104851311).toISOString(), from: { id: "IGSID1" }, referral: { ref: "promo-ete", source: "IGME-SOURCE-LINK", type: "OPEN_THREAD" } });
    expect(events[1]).toMatchObject({ referral: { ad_id: "120", ads_context_data: { ad_title: "Soldes" } } });
    expect(events[2]).toMatchObject({ emoji: "❤️" });
    expect(events[3]).toMatchObject({ type: "echo", messageId: "o1", recipientId: "IGSID1", text: "merci !" });
    expect(events[4]).toMatchObject({ reason: "the account's own action" });
  });

  it("field/value deliveries (the dashboard's test button, Messenger's reference): postbacks with string times, referrals", () => {
    const events = normalizeInstagramWebhook({
      object: "instagram",
      entry: [
        {
          id: "1784",
          time: 1726104851,
          changes: [
            { field: "messaging_postbacks", value: { sender: { id: "IGSID1" }, recipient: { id: "1784" }, timestamp: "1527459824", postback: { mid: "m_pb", title: "Voir la collection", payload: "COLLECTION", referral: { ref: "bio", source: "SHORT-URL", type: "OPEN_THREAD" } } } },
            { field: "messaging_referral", value: { sender: { id: "IGSID1" }, recipient: { id: "1784" }, timestamp: "1527459824", referral: { ref: "bio", source: "IGME-SOURCE-LINK", type: "OPEN_THREAD" } } },
            { field: "messages", value: { sender: { id: "12334" }, recipient: { id: "23245" }, timestamp: "1527459824", message: { mid: "random_mid", text: "random_text" } } },
          ],
        },
      ],
    });
    expect(events.map((e) => e.type)).toEqual(["postback", "referral", "message"]);
    expect(events[0]).toMatchObject({ title: "Voir la collection", payload: "COLLECTION", messageId: "m_pb", timestamp: new Date(1527459824000).toISOString(), referral: { ref: "bio" } });
    expect(events[2]).toMatchObject({ text: "random_text", accountId: "1784" });
  });

  it("sets aside an unreadable item or entry, keeping the rest of the batch; a time out of range is no time", () => {
    const dm = (mid: string, timestamp: unknown = 1726104851311) => ({ sender: { id: "u" }, recipient: { id: "a" }, timestamp, message: { mid, text: mid } });
    const events = normalizeInstagramWebhook({
      object: "instagram",
      entry: [
        { id: "a", time: 1726104851986, messaging: [dm("1"), dm("2", 1e20), "garbage", dm("3")] },
        42,
        { id: "b", time: 1726104851986, messaging: { not: "an array" } },
        { id: "c", time: 1726104851986, messaging: [dm("4")] },
      ],
    });
    expect(events.map((e) => (e.type === "message" ? e.messageId : e.type))).toEqual(["1", "2", "unknown", "3", "unknown", "unknown", "4"]);
    // The garbled time falls back on the entry's.
    expect(events[1]).toMatchObject({ timestamp: new Date(1726104851986).toISOString() });
  });

  it("whatever a shape makes the reader throw is set aside with its item (Instagram item, WhatsApp change), the rest kept", () => {
    // Not enumerable, so only the reader meets them (parseWebhookBody's depth walk reads enumerable values only).
    const throwing = Object.defineProperty({}, "sender", { get(): unknown { throw new Error("boom"); }, enumerable: false });
    const ig = normalizeInstagramWebhook({ object: "instagram", entry: [{ id: "a", time: 1726104851986, messaging: [throwing, { sender: { id: "u" }, recipient: { id: "a" }, timestamp: 1, message: { mid: "ok", text: "ok" } }] }] });
    expect(ig.map((e) => e.type)).toEqual(["unknown", "message"]);
    expect(ig[0]).toMatchObject({ platform: "instagram", accountId: "a", reason: "could not be read: boom" });
    const wa = normalizeWhatsAppWebhook({ object: "whatsapp_business_account", entry: [{ id: "w", changes: [Object.defineProperty({ field: "messages" }, "value", { get(): unknown { throw new Error("bang"); }, enumerable: false })] }] });
    expect(wa).toEqual([expect.objectContaining({ type: "unknown", platform: "whatsapp", field: "messages", reason: "could not be read: bang" })]);
  });

  it("iterates every entry and item of a batch", () => {
    const dm = (mid: string) => ({ sender: { id: "u" }, recipient: { id: "a" }, timestamp: 1726104851311, message: { mid, text: mid } });
    const events = normalizeInstagramWebhook({
      object: "instagram",
      entry: [
        { id: "a", time: 1726104851986, messaging: [dm("1"), dm("2"), dm("3")] },
        { id: "b", time: 1776339591, changes: [{ field: "comments", value: { id: "c1", text: "x", from: { id: "u" } } }, { field: "comments", value: { id: "c2", text: "y", from: { id: "u" } } }] },
        { id: "c", time: 1726104851986, messaging: [dm("4")], changes: [{ field: "comments", value: { id: "c3", text: "z", from: { id: "u" } } }] },
      ],
    });
    expect(events.map((e) => (e.type === "message" ? e.messageId : e.type === "comment" ? e.commentId : "?"))).toEqual(["1", "2", "3", "c1", "c2", "4", "c3"]);
  });
});
