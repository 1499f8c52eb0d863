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
  fake.control.configureWebhooks({ instagram: { url: hook.url } });
});

describe("Instagram comments", () => {
  it("pages newest first to the end; next absent on the last page; limit > 50 clamped", async () => {
    const ig = fake.control.createInstagramAccount();
    const media = fake.control.seedInstagramMedia({ igUserId: ig.igUserId, caption: "post" });
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      ids.push(fake.control.customerComment({ mediaId: media.id, from: `9${i}`, text: `c${i}` }).id);
      fake.control.advance({ ms: 1000 });
    }
    const first = await call(fake.url, "GET", `/v25.0/${media.id}/comments?limit=100&fields=id,text`, { token: ig.token });
    expect(first.json.data).toHaveLength(50);
    expect(first.json.data[0].id).toBe(ids[59]);
    expect(first.json.paging.cursors.before).toBeTruthy();
    const seen = (first.json.data as { id: string }[]).map((c) => c.id);
    let next = first.json.paging.next as string | undefined;
    let pages = 1;
    while (next) {
      const r = await call(next, "GET", "", { token: ig.token });
      pages++;
      seen.push(...(r.json.data as { id: string }[]).map((c) => c.id));
      next = r.json.paging.next as string | undefined;
      if (!next) expect(r.json.paging.cursors.after).toBeTruthy();
    }
    expect(pages).toBe(2);
    expect(seen).toEqual([...ids].reverse());
    const def = await call(fake.url, "GET", `/v25.0/${media.id}/comments`, { token: ig.token });
    expect(def.json.data).toHaveLength(25);
    expect(Object.keys(def.json.data[0] as object).sort()).toEqual(["id", "text", "timestamp"]);
  });

  it("replies via field expansion and edge; reply, hide, delete; comment webhook shape", async () => {
    const ig = fake.control.createInstagramAccount({ username: "brand" });
    await subscribeApp(fake.url, ig);
    const media = fake.control.seedInstagramMedia({ igUserId: ig.igUserId });
    const top = fake.control.customerComment({ mediaId: media.id, from: "848067418322071", username: "fan", text: "LINK" });
    await fake.control.flushWebhooks();
    expect(JSON.parse(hook.received[0]?.raw.toString() ?? "{}")).toMatchObject({
      object: "instagram",
      entry: [{ id: ig.igUserId, changes: [{ field: "comments", value: { from: { id: "848067418322071", username: "fan" }, media: { id: media.id, media_product_type: "FEED" }, id: top.id, text: "LINK" } }] }],
    });
    expect(hook.received[0]?.raw.toString()).toContain('", "'); // IG-style separators

    const rep = await call(fake.url, "POST", `/v25.0/${top.id}/replies`, { token: ig.token, form: { message: "thanks!" } });
    expect(rep.json.id).toBeTruthy();
    await fake.control.flushWebhooks();
    const own = hook.received[1]?.json.entry[0]?.changes as { value: { parent_id: string; from: { self_ig_scoped_id?: string } } }[];
    expect(own[0]?.value.parent_id).toBe(top.id);
    expect(own[0]?.value.from.self_ig_scoped_id).toBe(ig.igUserId);

    const list = await call(fake.url, "GET", `/v25.0/${media.id}/comments?fields=id,text,from,hidden,replies{id,text}`, { token: ig.token });
    expect(list.json.data).toEqual([{ id: top.id, text: "LINK", from: { id: "848067418322071", username: "fan" }, hidden: false, replies: { data: [{ id: rep.json.id, text: "thanks!" }], paging: { cursors: { before: expect.any(String), after: expect.any(String) } } } }]);
    const edge = await call(fake.url, "GET", `/v25.0/${top.id}/replies?fields=id,parent_id`, { token: ig.token });
    expect(edge.json.data).toEqual([{ id: rep.json.id, parent_id: top.id }]);

    expect((await call(fake.url, "POST", `/v25.0/${top.id}?hide=true`, { token: ig.token })).json).toEqual({ success: true });
    expect((await call(fake.url, "GET", `/v25.0/${top.id}?fields=hidden,media`, { token: ig.token })).json).toEqual({
      hidden: true,
      media: { id: media.id, media_product_type: "FEED" },
    });
    expect((await call(fake.url, "DELETE", `/v25.0/${top.id}`, { token: ig.token })).json).toEqual({ success: true });
    const gone = await call(fake.url, "GET", `/v25.0/${top.id}`, { token: ig.token });
    expect(gone.json.error).toMatchObject({ code: 100, error_subcode: 33 });
  });
});

describe("Instagram comments for polling", () => {
  it("Facebook Login sends comment_id; reply expansion pages past 25; edits, deletions, deleted media; usage headers", async () => {
    const ig = fake.control.createInstagramAccount({ username: "brand", variant: "facebook" });
    await subscribeApp(fake.url, ig);
    const media = fake.control.seedInstagramMedia({ igUserId: ig.igUserId });
    const top = fake.control.customerComment({ mediaId: media.id, from: "848067418322071", username: "fan", text: "Hello" });
    await fake.control.flushWebhooks();
    const value = (JSON.parse(hook.received[0]?.raw.toString() ?? "{}") as { entry: { changes: { value: Record<string, unknown> }[] }[] }).entry[0]!.changes[0]!.value;
    expect(value.comment_id).toBe(top.id);
    expect(value.id).toBeUndefined();
    expect(hook.received[0]?.headers["x-hub-signature-256"]).toMatch(/^sha256=[0-9a-f]{64}$/);

    for (let i = 0; i < 30; i++) fake.control.customerComment({ mediaId: media.id, from: `84806741832${i}`, text: `r${i}`, parentId: top.id, silent: true });
    const list = await call(fake.url, "GET", `/v25.0/${media.id}/comments?fields=id,text,replies{id,text}&limit=50`, { token: ig.token });
    const replies = (list.json.data as { replies: { data: unknown[]; paging: { next?: string; cursors: { after: string } } } }[])[0]!.replies;
    expect(replies.data).toHaveLength(25);
    expect(replies.paging.next).toContain(`/${top.id}/replies`);
    const rest = await call(fake.url, "GET", `/v25.0/${top.id}/replies?fields=id&after=${replies.paging.cursors.after}`, { token: ig.token });
    expect(rest.json.data).toHaveLength(5);
    expect(list.headers.get("x-business-use-case-usage")).toContain(ig.igUserId);
    expect(list.headers.get("x-app-usage")).toContain("call_count");

    fake.control.customerEditComment({ commentId: top.id, text: "Hello (edited)" });
    const one = await call(fake.url, "GET", `/v25.0/${top.id}?fields=text`, { token: ig.token });
    expect(one.json.text).toBe("Hello (edited)");
    fake.control.customerDeleteComment({ commentId: top.id });
    const after = await call(fake.url, "GET", `/v25.0/${media.id}/comments?fields=id`, { token: ig.token });
    expect(after.json.data).toEqual([]);
    fake.control.deleteInstagramMedia({ mediaId: media.id });
    const gone = await call(fake.url, "GET", `/v25.0/${media.id}/comments?fields=id`, { token: ig.token });
    expect(gone.json.error.code).toBe(100);
  });
});

describe("Instagram DMs", () => {
  it("24 h window (10/2534022), HUMAN_AGENT ≤ 7 days with permission, private reply once (2534025), echo webhook", async () => {
    const ig = fake.control.createInstagramAccount({ humanAgent: true });
    await subscribeApp(fake.url, ig);
    const send = (json: unknown) => call(fake.url, "POST", `/v25.0/${ig.igUserId}/messages`, { token: ig.token, json });
    fake.control.customerMessage({ channel: "instagram", igUserId: ig.igUserId, from: "555", text: "hi" });
    const ok = await send({ recipient: { id: "555" }, message: { text: "hello" } });
    expect(ok.json).toEqual({ recipient_id: "555", message_id: expect.any(String) });
    expect((await send({ recipient: { id: "555" }, message: { text: "é".repeat(500) } })).json.error.code).toBe(100);

    fake.control.advance({ ms: 25 * 3_600_000 });
    expect((await send({ recipient: { id: "555" }, message: { text: "late" } })).json.error).toMatchObject({ code: 10, error_subcode: 2534022 });
    const tagged = { recipient: { id: "555" }, message: { text: "agent" }, messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" };
    expect((await send(tagged)).status).toBe(200);
    fake.control.advance({ ms: 7 * 86_400_000 });
    expect((await send(tagged)).json.error.error_subcode).toBe(2534022);

    const media = fake.control.seedInstagramMedia({ igUserId: ig.igUserId });
    const cm = fake.control.customerComment({ mediaId: media.id, from: "777", text: "price?" });
    const pr = { recipient: { comment_id: cm.id }, message: { text: "sent you a DM" } };
    expect((await send(pr)).json.recipient_id).toBe("777");
    expect((await send(pr)).json.error.error_subcode).toBe(2534025);

    await fake.control.flushWebhooks();
    const echoes = hook.received.flatMap((r) => (r.json.entry[0]?.messaging as { message?: { is_echo?: boolean; mid: string } }[] | undefined) ?? []).filter((m) => m.message?.is_echo);
    expect(echoes.map((e) => e.message?.mid)).toContain(ok.json.message_id);
    expect(fake.control.sentMessages({ channel: "instagram" }).map((m) => m.kind)).toEqual(["text", "text", "private_reply"]);
  });
});
