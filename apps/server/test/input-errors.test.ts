/**
 * Bad input at the boundary, over HTTP: what is cleaned, what is refused, and the shape of the answer — field
 * errors keyed by full path with one-line messages, and a one-sentence `message` (docs/api.md).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer, type TrpcResult } from "./harness";
import { connectWhatsApp } from "./publishing/helpers";

let server: TestServer;
let owner: ApiSession;
let channelId: string;
let conversationId: string;
beforeAll(async () => {
  server = await startTestServer();
  owner = await ApiSession.signup(server.url, { email: "boundary@example.com", workspaceName: "Boundary" });
  channelId = (await connectWhatsApp(server, owner)).channelId;
  const { db } = server.db;
  const contact = await db
    .insertInto("contacts")
    .values({ workspace_id: owner.workspaceId!, channel_id: channelId, platform: "whatsapp", platform_user_id: "33611111111", display_name: "Ana" })
    .returning("id")
    .executeTakeFirstOrThrow();
  conversationId = (
    await db
      .insertInto("conversations")
      .values({ workspace_id: owner.workspaceId!, channel_id: channelId, contact_id: contact.id, platform: "whatsapp", last_inbound_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => server.close());

function refused(res: TrpcResult) {
  expect(res).toMatchObject({ ok: false, code: "BAD_REQUEST", status: 400 });
  if (res.ok) throw new Error("expected a refusal");
  return { message: res.message, fieldErrors: res.data.fieldErrors as Record<string, string[]>, formErrors: res.data.formErrors as string[] };
}

const post = (content: unknown, extra: Record<string, unknown> = {}) => ({
  channelIds: [channelId],
  timeZone: "Europe/Paris",
  publishAt: new Date(Date.now() + 86_400_000).toISOString(),
  content,
  ...extra,
});
const template = { name: "promo", language: "en_US", bodyParams: ["Ana"] };

describe("strings from outside", () => {
  it("refuse a NUL character with a field error at its path, whatever the procedure", async () => {
    const rule = refused(await owner.mutation("ai.rules.create", { type: "escalate", name: "Rude\u0000", keywords: ["idiot"] }));
    expect(rule.fieldErrors).toEqual({ name: ["Remove the NUL character (U+0000): text cannot contain it"] });
    expect(rule.message).toBe("name: Remove the NUL character (U+0000): text cannot contain it");

    const nested = refused(await owner.mutation("posts.create", post({ whatsapp: { template: { ...template, bodyParams: ["Ana", "x\u0000"] }, audience: { phones: ["33611111111"] } } })));
    expect(Object.keys(nested.fieldErrors)).toEqual(["content.whatsapp.template.bodyParams.1"]);

    const search = refused(await owner.query("inbox.conversations", { search: "\u0000" }));
    expect(Object.keys(search.fieldErrors)).toEqual(["search"]);
    expect(await server.db.db.selectFrom("ai_rules").select("id").execute()).toEqual([]);
  });

  it("replace lone UTF-16 surrogates by U+FFFD and store the rest as sent", async () => {
    ok(await owner.mutation("workspace.update", { name: "Shop \ud83d" }));
    expect(ok<{ name: string }>(await owner.query("workspace.get")).name).toBe("Shop \ufffd");
    const sent = ok<{ messageId: string }>(await owner.mutation("inbox.reply", { conversationId, text: "Merci \udc00😀" }));
    const row = await server.db.db.selectFrom("messages").select("text").where("id", "=", sent.messageId).executeTakeFirstOrThrow();
    expect(row.text).toBe("Merci \ufffd😀");
  });

  it("refuse an access token outside visible ASCII as a field error, before any platform call", async () => {
    const wa = server.fake.control.createWhatsAppAccount({});
    const callsBefore = server.fake.control.calls().length;
    for (const accessToken of [`${wa.token}😀`, `${wa.token} x`, `é${wa.token}`]) {
      const res = refused(await owner.mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken }));
      expect(Object.keys(res.fieldErrors)).toEqual(["accessToken"]);
    }
    const ig = refused(await owner.mutation("channels.connectInstagram", { accessToken: "IGQV😀".padEnd(30, "x") }));
    expect(Object.keys(ig.fieldErrors)).toEqual(["accessToken"]);
    expect(server.fake.control.calls().length).toBe(callsBefore);
  });

  it("have a maximum everywhere: a 1 MB template parameter is refused at its path", async () => {
    const res = refused(
      await owner.mutation("inbox.reply", {
        conversationId,
        template: { name: "promo", language: "en_US", components: [{ type: "body", parameters: [{ type: "text", text: "x".repeat(1_048_576) }] }] },
      }),
    );
    expect(Object.keys(res.fieldErrors)).toEqual(["template.components.0.parameters.0.text"]);
  });
});

describe("lists from outside", () => {
  it("longer than any procedure takes are refused at their path before a schema checks each item", async () => {
    const phones = (n: number) => Array.from({ length: n }, (_, i) => `336${String(10_000_000 + i)}`);
    const tooMany = refused(await owner.mutation("posts.create", post({ whatsapp: { template, audience: { phones: phones(10_001) } } })));
    expect(tooMany.fieldErrors).toEqual({ "content.whatsapp.audience.phones": ["At most 10,000 items"] });
    // The largest list a broadcast takes still goes through.
    ok(await owner.mutation("posts.create", post({ whatsapp: { template, audience: { phones: phones(10_000) } } })));
    const drafts = refused(await owner.mutation("ai.replay", { rules: Array.from({ length: 200_000 }, () => ({ type: "deny", name: "x", keywords: ["y"] })) }));
    expect(drafts.fieldErrors).toEqual({ rules: ["At most 10,000 items"] });
  });
});

describe("field errors", () => {
  it("are keyed by full path with one-line messages, and the message is the first one in a sentence", async () => {
    const res = refused(await owner.mutation("posts.create", post({ whatsapp: { template, audience: { phones: ["33611111111", "twelve", "call me"] } } })));
    const phone = "A phone number in international format, with its country code: +33 6 12 34 56 78";
    expect(res.fieldErrors).toEqual({ "content.whatsapp.audience.phones.1": [phone], "content.whatsapp.audience.phones.2": [phone] });
    expect(res.message).toBe(`content.whatsapp.audience.phones.1: ${phone}`);
  });

  it("never put a dump of the schema's issues (or its regular expressions) in the message", async () => {
    const res = refused(await owner.mutation("workspace.invite", { role: "agent", email: "not an email" }));
    expect(res.fieldErrors).toEqual({ email: ["Enter a valid email address"] });
    expect(res.message).toBe("email: Enter a valid email address");
    const whole = refused(await owner.mutation("ai.rules.create", { type: "deny", name: "x", patterns: ["line one\nline two ("] }));
    for (const m of [whole.message, ...Object.values(whole.fieldErrors).flat()]) {
      expect(m).not.toMatch(/\n|\[\s*\{|"code":/);
      expect(m.length).toBeLessThanOrEqual(320);
    }
    const notAnObject = refused(await owner.mutation("workspace.create", "Shop"));
    expect(notAnObject.fieldErrors).toEqual({});
    expect(notAnObject.formErrors).toEqual([notAnObject.message]);
  });

  it("from a router's own checks have the same shape as a schema's", async () => {
    const past = refused(await owner.mutation("posts.create", post({ whatsapp: { template, audience: { phones: ["33611111111"] } } }, { publishAt: "2020-01-01T09:00:00Z" })));
    expect(past).toEqual({ message: "publishAt: Choose a time in the future", fieldErrors: { publishAt: ["Choose a time in the future"] }, formErrors: [] });
    const content = refused(await owner.mutation("posts.create", post({ mediaIds: ["00000000-0000-4000-8000-000000000000"], whatsapp: { template, audience: { phones: ["33611111111"] } } })));
    expect(content.fieldErrors).toEqual({ "content.mediaIds": ["Some media were not found: upload them again"] });
    expect(content.message).toBe("content.mediaIds: Some media were not found: upload them again");
  });
});

describe("links Meta fetches", () => {
  const nonPublic = [
    "http://127.0.0.1/a.jpg",
    "http://2130706433/a.jpg",
    "http://0x7f.1/a.jpg",
    "http://10.0.0.5/a.jpg",
    "http://172.16.3.4/a.jpg",
    "http://192.168.1.10/a.jpg",
    "http://169.254.169.254/latest/meta-data",
    "http://100.64.0.1/a.jpg",
    "http://0.0.0.0/a.jpg",
    "http://[::1]/a.jpg",
    "http://[::ffff:127.0.0.1]/a.jpg",
    "http://[::ffff:10.0.0.1]/a.jpg",
    "http://[::127.0.0.1]/a.jpg",
    "http://[fe80::1]/a.jpg",
    "http://[fd00::1]/a.jpg",
    "http://localhost/a.jpg",
    "http://LOCALHOST./a.jpg",
    "http://shop.localhost/a.jpg",
    "http://printer.local/a.jpg",
    "http://metadata.google.internal/a.jpg",
    "http://intranet/a.jpg",
    "ftp://cdn.example.com/a.jpg",
    "file:///etc/passwd",
    "javascript:alert(1)",
  ];

  it("refuse non-public hosts and other schemes as a field error on image.url", async () => {
    for (const url of nonPublic) {
      const res = refused(await owner.mutation("inbox.reply", { conversationId, image: { url } }));
      expect(Object.keys(res.fieldErrors), url).toEqual(["image.url"]);
    }
    expect(await server.db.db.selectFrom("outbound_messages").select("id").where("conversation_id", "=", conversationId).execute()).toHaveLength(1);
  });

  it("refuse them in template header media too, and accept public links", async () => {
    const header = (link: string) => ({ conversationId, template: { name: "promo", language: "en_US", components: [{ type: "header", parameters: [{ type: "image", image: { link } }] }] } });
    const res = refused(await owner.mutation("inbox.reply", header("http://192.168.0.2/promo.jpg")));
    expect(Object.keys(res.fieldErrors)).toEqual(["template.components.0.parameters.0.image.link"]);
    ok(await owner.mutation("inbox.reply", header("https://cdn.example.com/promo.jpg")));
    ok(await owner.mutation("inbox.reply", { conversationId, image: { url: "https://93.184.215.14/parcel.jpg" } }));
    ok(await owner.mutation("inbox.reply", { conversationId, image: { url: "https://[2a00:1450:4007:80e::200e]/parcel.jpg" } }));
  });
});

describe("refusals as codes with parameters (issue 16: one language per screen)", () => {
  it("field problems carry codes next to their English messages: the cleaning, zod's checks and the post's content", async () => {
    const nul = await owner.mutation("ai.rules.create", { type: "escalate", name: "Rude\u0000", keywords: ["idiot"] });
    if (nul.ok) throw new Error("expected a refusal");
    expect(nul.data.fieldIssues).toEqual({ name: [{ code: "nul_character", params: {} }] });

    const tooLong = await owner.mutation("ai.rules.create", { type: "escalate", name: "x".repeat(500), keywords: ["idiot"] });
    if (tooLong.ok) throw new Error("expected a refusal");
    expect((tooLong.data.fieldIssues as Record<string, unknown>).name).toEqual([{ code: "max_chars", params: { max: expect.any(Number) } }]);

    const phones = await owner.mutation("posts.create", post({ text: "Hello", whatsapp: { audience: { phones: ["33611111111", "12"] } } }));
    if (phones.ok) throw new Error("expected a refusal");
    expect(phones.data.fieldErrors).toMatchObject({ "content.whatsapp.audience.phones.1": [expect.stringMatching(/^“12” is not a valid phone number/)] });
    expect(phones.data.fieldIssues).toMatchObject({ "content.whatsapp.audience.phones.1": [{ code: "post_phone_invalid", params: { value: "12" } }] });
  });

  it("a whole refusal carries data.appError, its English message kept for API clients", async () => {
    const res = await owner.mutation("channels.disconnect", { id: "00000000-0000-4000-8000-000000000000" });
    expect(res).toMatchObject({ ok: false, code: "NOT_FOUND", message: "Channel not found" });
    if (res.ok) throw new Error("expected a refusal");
    expect(res.data.appError).toEqual({ code: "channel_not_found", params: {} });
  });
});
