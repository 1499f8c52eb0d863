import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeGraph, type FakeGraph } from "../src/index.js";
import { call, startReceiver, subscribeApp } from "./helpers.js";

let fake: FakeGraph;
let hook: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  fake = await startFakeGraph();
  hook = await startReceiver();
});
afterAll(async () => {
  await fake.close();
  await hook.close();
});
beforeEach(() => {
  fake.control.reset();
  hook.received.length = 0;
  fake.control.configureWebhooks({ whatsapp: { url: hook.url } });
});

const text = (to: string, body = "hello") => ({ messaging_product: "whatsapp", to, type: "text", text: { body } });

describe("WhatsApp", () => {
  it("sync mode: free-form outside the window → HTTP 400 131047; inside it works and emits sent/delivered/read", async () => {
    const wa = fake.control.createWhatsAppAccount({ windowMode: "sync" });
    await subscribeApp(fake.url, wa);
    const out = await call(fake.url, "POST", `/v25.0/${wa.phoneNumberId}/messages`, { token: wa.token, json: text("16505551234") });
    expect(out.status).toBe(400);
    expect(out.json.error).toMatchObject({ code: 131047, error_data: { messaging_product: "whatsapp" } });

    fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "16505551234", text: "hi" });
    const ok = await call(fake.url, "POST", `/v25.0/${wa.phoneNumberId}/messages`, { token: wa.token, json: text("+16505551234") });
    expect(ok.status).toBe(200);
    expect(ok.json.contacts).toEqual([{ input: "+16505551234", wa_id: "16505551234" }]);
    const wamid = ok.json.messages[0].id as string;
    expect(wamid).toMatch(/^wamid\./);
    await fake.control.flushWebhooks();
    const statuses = hook.received.flatMap((r) => (r.json.entry[0]?.changes as { value: { statuses?: { id: string; status: string; timestamp: string }[] } }[])[0]?.value.statuses ?? []);
    expect(statuses.filter((s) => s.id === wamid).map((s) => s.status)).toEqual(["sent", "delivered", "read"]);
    expect(typeof statuses[0]?.timestamp).toBe("string");
    expect(fake.control.sentMessages({ channel: "whatsapp" })).toHaveLength(1);

    // 24 h later the window is closed again
    fake.control.advance({ ms: 24 * 3_600_000 });
    const late = await call(fake.url, "POST", `/v25.0/${wa.phoneNumberId}/messages`, { token: wa.token, json: text("16505551234") });
    expect(late.json.error.code).toBe(131047);
  });

  it("async mode: 200 with a wamid, then a failed status webhook with errors[131047]", async () => {
    const wa = fake.control.createWhatsAppAccount({ windowMode: "async" });
    await subscribeApp(fake.url, wa);
    const r = await call(fake.url, "POST", `/v25.0/${wa.phoneNumberId}/messages`, { token: wa.token, json: text("16505550000") });
    expect(r.status).toBe(200);
    const wamid = r.json.messages[0].id as string;
    await fake.control.flushWebhooks();
    expect(hook.received).toHaveLength(1);
    const value = (hook.received[0]?.json.entry[0]?.changes as { value: Record<string, unknown> }[])[0]?.value;
    expect(value).toMatchObject({
      messaging_product: "whatsapp",
      metadata: { phone_number_id: wa.phoneNumberId },
      statuses: [{ id: wamid, status: "failed", recipient_id: "16505550000", errors: [{ code: 131047, title: "Re-engagement message" }] }],
    });
    expect(fake.control.sentMessages()[0]?.status).toBe("failed");
  });

  const statusesOf = (wamid: string) =>
    hook.received
      .flatMap((r) => (r.json.entry[0]?.changes as { value: { statuses?: Record<string, unknown>[] } }[])[0]?.value.statuses ?? [])
      .filter((s) => s.id === wamid);

  it("failSendsAsync: the next accepted send answers 200, then a failed status with Meta's code, title and details; the one after is delivered", async () => {
    const wa = fake.control.createWhatsAppAccount();
    await subscribeApp(fake.url, wa);
    fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "33600000001", text: "hi" });
    expect(() => fake.control.failSendsAsync({ phoneNumberId: wa.phoneNumberId, code: 999 })).toThrow();
    fake.control.failSendsAsync({ phoneNumberId: wa.phoneNumberId, code: 130429 });
    const send = () => call(fake.url, "POST", `/v25.0/${wa.phoneNumberId}/messages`, { token: wa.token, json: { ...text("33600000001"), biz_opaque_callback_data: "outbox-1" } });
    const first = await send();
    expect(first.status).toBe(200);
    const second = await send();
    await fake.control.flushWebhooks();
    expect(statusesOf(first.json.messages[0].id)).toEqual([
      expect.objectContaining({
        status: "failed",
        biz_opaque_callback_data: "outbox-1",
        errors: [expect.objectContaining({ code: 130429, title: "Rate limit hit", error_data: { details: "Cloud API message throughput has been reached." } })],
      }),
    ]);
    expect(statusesOf(second.json.messages[0].id).map((s) => s.status)).toEqual(["sent", "delivered", "read"]);
  });

  it("failSendsAsync afterSent: `sent` first, then `failed` (Meta's order is not guaranteed)", async () => {
    const wa = fake.control.createWhatsAppAccount();
    await subscribeApp(fake.url, wa);
    fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "33600000002", text: "hi" });
    fake.control.failSendsAsync({ phoneNumberId: wa.phoneNumberId, code: 131056, to: "+33 6 00 00 00 02", afterSent: true });
    const r = await call(fake.url, "POST", `/v25.0/${wa.phoneNumberId}/messages`, { token: wa.token, json: text("33600000002") });
    await fake.control.flushWebhooks();
    expect(statusesOf(r.json.messages[0].id).map((s) => s.status)).toEqual(["sent", "failed"]);
  });

  it("pricing: PMP once on `sent` with its type, no conversation; CBP on `sent` and `delivered` with the conversation, its expiry on the first only", async () => {
    const wa = fake.control.createWhatsAppAccount();
    await subscribeApp(fake.url, wa);
    fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "33600000003", text: "hi" });
    const send = () => call(fake.url, "POST", `/v25.0/${wa.phoneNumberId}/messages`, { token: wa.token, json: text("33600000003") });
    const pmp = await send();
    fake.control.setPricingModel({ phoneNumberId: wa.phoneNumberId, model: "CBP" });
    const cbp1 = await send();
    const cbp2 = await send();
    await fake.control.flushWebhooks();
    const [sent, delivered, read] = statusesOf(pmp.json.messages[0].id);
    expect(sent).toMatchObject({ pricing: { billable: false, pricing_model: "PMP", type: "free_customer_service", category: "service" } });
    expect(sent).not.toHaveProperty("conversation");
    expect(delivered).not.toHaveProperty("pricing");
    expect(read).not.toHaveProperty("pricing");
    const c1 = statusesOf(cbp1.json.messages[0].id);
    const c2 = statusesOf(cbp2.json.messages[0].id);
    expect(c1[0]).toMatchObject({ pricing: { billable: false, pricing_model: "CBP", category: "service" }, conversation: { origin: { type: "service" } } });
    expect(c1[0]?.conversation).toHaveProperty("expiration_timestamp");
    expect(c1[1]?.conversation).not.toHaveProperty("expiration_timestamp");
    expect(c1[1]).toHaveProperty("pricing");
    expect(c1[2]).not.toHaveProperty("pricing");
    // The same conversation for the next message within 24 h, without its expiry.
    expect((c2[0]?.conversation as { id: string }).id).toBe((c1[0]?.conversation as { id: string }).id);
    expect(c2[0]?.conversation).not.toHaveProperty("expiration_timestamp");
  });

  it("templates: must exist and be APPROVED (132001), parameter count checked (132000), allowed outside the window", async () => {
    const wa = fake.control.createWhatsAppAccount({
      windowMode: "sync",
      templates: [
        { name: "order_update", bodyText: "Hi {{1}}, order {{2}}" },
        { name: "pending_one", status: "PENDING" },
      ],
    });
    const tpl = (name: string, params: string[]) => ({
      messaging_product: "whatsapp",
      to: "16505551234",
      type: "template",
      template: { name, language: { code: "en_US" }, components: [{ type: "body", parameters: params.map((p) => ({ type: "text", text: p })) }] },
    });
    const send = (json: unknown, edge = "messages") => call(fake.url, "POST", `/v25.0/${wa.phoneNumberId}/${edge}`, { token: wa.token, json });
    expect((await send(tpl("nope", []))).json.error.code).toBe(132001);
    expect((await send(tpl("pending_one", []))).json.error.code).toBe(132001);
    expect((await send(tpl("order_update", ["Ana"]))).json.error.code).toBe(132000);
    const ok = await send(tpl("order_update", ["Ana", "42"]));
    expect(ok.json.messages[0].message_status).toBe("accepted");
    const mk = await send({ ...tpl("order_update", ["Ana", "42"]), product_policy: "STRICT" }, "marketing_messages");
    expect(mk.json.success).toBe(true);
    fake.control.setTemplateStatus({ wabaId: wa.wabaId, name: "pending_one", status: "APPROVED" });
    expect((await send(tpl("pending_one", []))).status).toBe(200);
    expect(fake.control.sentMessages().map((m) => m.kind)).toEqual(["template", "marketing", "template"]);
  });

  it("template parameters: each must have the format the template expects (132012), currency and date_time complete", async () => {
    const wa = fake.control.createWhatsAppAccount({
      templates: [{ name: "receipt", headerFormat: "IMAGE", bodyText: "Hi {{1}}, you paid {{2}} on {{3}}" }],
    });
    const send = (header: unknown[], body: unknown[]) =>
      call(fake.url, "POST", `/v25.0/${wa.phoneNumberId}/messages`, {
        token: wa.token,
        json: { messaging_product: "whatsapp", to: "16505551234", type: "template", template: { name: "receipt", language: { code: "en_US" }, components: [{ type: "header", parameters: header }, { type: "body", parameters: body }] } },
      });
    const image = { type: "image", image: { link: "https://cdn.example.com/r.jpg" } };
    const name = { type: "text", text: "Ana" };
    const amount = { type: "currency", currency: { fallback_value: "$25.00", code: "USD", amount_1000: 25000 } };
    const when = { type: "date_time", date_time: { fallback_value: "June 1, 2026" } };
    expect((await send([image], [name, amount, when])).status).toBe(200);
    expect((await send([{ type: "text", text: "not an image" }], [name, amount, when])).json.error).toMatchObject({ code: 132012, error_data: { details: expect.stringContaining("image") } });
    expect((await send([{ type: "video", video: { link: "https://cdn.example.com/v.mp4" } }], [name, amount, when])).json.error.code).toBe(132012);
    expect((await send([image], [name, image, when])).json.error.code).toBe(132012);
    expect((await send([image], [name, { type: "currency", currency: { fallback_value: "$25" } }, when])).json.error.code).toBe(100);
    expect((await send([image], [name, amount, { type: "date_time", date_time: {} }])).json.error.code).toBe(100);
    expect((await send([{ type: "image", image: {} }], [name, amount, when])).json.error.code).toBe(100);
    expect(fake.control.sentMessages().filter((m) => m.kind === "template")).toHaveLength(1);
  });

  it("text > 4096 is rejected; mark-as-read answers success", async () => {
    const wa = fake.control.createWhatsAppAccount();
    await subscribeApp(fake.url, wa);
    const inbound = fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "33600000000", text: "x" });
    const long = await call(fake.url, "POST", `/v25.0/${wa.phoneNumberId}/messages`, { token: wa.token, json: text("33600000000", "a".repeat(4097)) });
    expect(long.json.error.code).toBe(100);
    const read = await call(fake.url, "POST", `/v25.0/${wa.phoneNumberId}/messages`, {
      token: wa.token,
      json: { messaging_product: "whatsapp", status: "read", message_id: inbound.id, typing_indicator: { type: "text" } },
    });
    expect(read.json).toEqual({ success: true });
    const info = await call(fake.url, "GET", `/v25.0/${wa.phoneNumberId}?fields=display_phone_number,verified_name`, { token: wa.token });
    expect(info.json).toEqual({ display_phone_number: expect.any(String), verified_name: "Sillage Test Business" });
  });

  it("template listing pages with cursors; next absent on the last page", async () => {
    const wa = fake.control.createWhatsAppAccount({ templates: Array.from({ length: 5 }, (_, i) => ({ name: `t${i}` })) });
    await subscribeApp(fake.url, wa);
    const names: string[] = [];
    let url: string | undefined = `${fake.url}/v25.0/${wa.wabaId}/message_templates?fields=name,status&limit=2&access_token=${wa.token}`;
    let pages = 0;
    while (url) {
      const r = await call(url, "GET", "");
      pages++;
      names.push(...(r.json.data as { name: string }[]).map((t) => t.name));
      expect(r.json.paging.cursors.after).toBeTruthy();
      url = r.json.paging.next as string | undefined;
    }
    expect(pages).toBe(3);
    expect(names).toEqual(["t0", "t1", "t2", "t3", "t4"]);
  });

  it("template listing as Graph: default fields with parameter_format, `fields` honoured, filters by status, name and language", async () => {
    const wa = fake.control.createWhatsAppAccount({
      templates: [
        { name: "promo", language: "fr", bodyText: "Bonjour {{1}}, -{{2}} % ce week-end" },
        { name: "promo", language: "en_US", bodyText: "Hi {{1}}, {{2}}% off this weekend" },
        { name: "welcome", language: "fr", bodyText: "Bienvenue {{first_name}} !" },
        { name: "draft", status: "PENDING" },
      ],
    });
    const list = async (query: string) => (await call(fake.url, "GET", `/v25.0/${wa.wabaId}/message_templates?${query}`, { token: wa.token })).json;
    const all = await list("");
    expect(all.data).toHaveLength(4);
    expect(all.data[0]).toEqual({
      name: "promo",
      parameter_format: "POSITIONAL",
      components: [{ type: "BODY", text: "Bonjour {{1}}, -{{2}} % ce week-end" }],
      language: "fr",
      status: "APPROVED",
      category: "MARKETING",
      id: expect.any(String),
    });
    expect(all.data.find((t: { name: string }) => t.name === "welcome").parameter_format).toBe("NAMED");
    expect(all.paging.next).toBeUndefined();
    expect((await list("fields=name,language")).data[0]).toMatchObject({ name: "promo", language: "fr" });
    expect((await list("fields=name,language")).data[0].components).toBeUndefined();
    expect((await list("fields=name&status=APPROVED")).data.map((t: { name: string }) => t.name)).toEqual(["promo", "promo", "welcome"]);
    expect((await list("fields=language&name=promo&language=en_US")).data).toEqual([expect.objectContaining({ language: "en_US" })]);
    // Without a token, Graph's auth error.
    expect((await call(fake.url, "GET", `/v25.0/${wa.wabaId}/message_templates`)).json.error.code).toBe(104);
  });

  it("media: inbound media is downloadable for 5 minutes with the bearer; upload returns an id", async () => {
    const wa = fake.control.createWhatsAppAccount();
    await subscribeApp(fake.url, wa);
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]);
    const m = fake.control.customerMessage({
      channel: "whatsapp",
      phoneNumberId: wa.phoneNumberId,
      from: "16505551234",
      media: { kind: "image", bytesBase64: bytes.toString("base64"), caption: "pic" },
    });
    await fake.control.flushWebhooks();
    const msg = ((hook.received[0]?.json.entry[0]?.changes as { value: { messages: Record<string, unknown>[] } }[])[0]?.value.messages[0]) ?? {};
    expect(msg).toMatchObject({ type: "image", image: { id: m.mediaId, mime_type: "image/jpeg", caption: "pic" } });

    const info = await call(fake.url, "GET", `/v25.0/${m.mediaId}`, { token: wa.token });
    expect(info.json).toMatchObject({ messaging_product: "whatsapp", mime_type: "image/jpeg", file_size: "6", id: m.mediaId });
    expect(info.json.url.startsWith(fake.url)).toBe(true);
    expect((await fetch(info.json.url as string)).status).toBe(400); // no bearer → 104
    const dl = await fetch(info.json.url as string, { headers: { authorization: `Bearer ${wa.token}` } });
    expect(dl.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await dl.arrayBuffer()).equals(bytes)).toBe(true);
    fake.control.advance({ ms: 5 * 60_000 + 1 });
    expect((await fetch(info.json.url as string, { headers: { authorization: `Bearer ${wa.token}` } })).status).toBe(404);

    const form = new FormData();
    form.set("messaging_product", "whatsapp");
    form.set("type", "application/pdf");
    form.set("file", new Blob([Buffer.from("%PDF-1.4")], { type: "application/pdf" }), "a.pdf");
    const up = await fetch(`${fake.url}/v25.0/${wa.phoneNumberId}/media`, { method: "POST", body: form, headers: { authorization: `Bearer ${wa.token}` } });
    const upJson = (await up.json()) as { id: string };
    expect(upJson.id).toMatch(/^\d+$/);
    const upInfo = await call(fake.url, "GET", `/v25.0/${upJson.id}`, { token: wa.token });
    expect(upInfo.json.file_size).toBe("8");
  });
});
