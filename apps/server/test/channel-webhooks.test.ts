// Connecting a channel subscribes the app to its webhooks (Meta sends an account's DMs, comments and WhatsApp
// messages to subscribed apps only): the job `channels.subscribe_webhooks`, its retries and refusals, reconnects,
// the daily check that reads the subscription back, and what channels.list shows. Real PostgreSQL, the real worker,
// the fake Graph API over HTTP.
import { checkChannelTokensJob } from "@sillage/channels";
import { enqueue, type Runner } from "@sillage/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer } from "./harness";
import { startTestWorker } from "./publishing/helpers";

let server: TestServer;
let owner: ApiSession;
let worker: Runner;
beforeAll(async () => {
  server = await startTestServer();
  owner = await ApiSession.signup(server.url, { email: "webhooks-sub@example.com", workspaceName: "Subscriptions" });
  worker = await startTestWorker(server);
});
afterAll(async () => {
  await worker?.stop();
  await server?.close();
});

interface ListedChannel {
  id: string;
  webhookStatus: "active" | "pending" | "error";
  webhookSubscribedAt: string | null;
  webhookError: string | null;
  webhookErrorKind: string | null;
}
const listed = async (id: string) => ok<ListedChannel[]>(await owner.query("channels.list")).find((c) => c.id === id)!;
const statusBecomes = (id: string, status: ListedChannel["webhookStatus"], timeout = 15_000) =>
  expect.poll(async () => (await listed(id)).webhookStatus, { timeout, interval: 100 }).toBe(status);
const calls = (operation: string, method = "POST") => server.fake.control.calls().filter((c) => c.operation === operation && c.method === method).length;

/** What Meta answers to `GET …/subscribed_apps`, read over HTTP like anyone holding the token would. */
async function subscribedApps(node: string, token: string): Promise<{ subscribed_fields?: string[] }[]> {
  const res = await fetch(`${server.fake.url}/v25.0/${node}/subscribed_apps?access_token=${token}`);
  return ((await res.json()) as { data: { subscribed_fields?: string[] }[] }).data;
}

async function connectWhatsApp() {
  const wa = server.fake.control.createWhatsAppAccount({});
  const { id } = ok<{ id: string }>(await owner.mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token }));
  return { ...wa, id };
}

async function connectInstagram(variant: "instagram" | "facebook") {
  const ig = server.fake.control.createInstagramAccount({ variant });
  const { id } = ok<{ id: string }>(await owner.mutation("channels.connectInstagram", { accessToken: ig.token, variant }));
  return { ...ig, id };
}

describe("connecting subscribes the app to the channel's webhooks", () => {
  it("WhatsApp (pasted token): the WABA is subscribed, the card shows it active", async () => {
    const wa = await connectWhatsApp();
    await statusBecomes(wa.id, "active");
    expect(await subscribedApps(wa.wabaId, wa.token)).toHaveLength(1);
    expect((await listed(wa.id)).webhookSubscribedAt).not.toBeNull();
  });

  it("Instagram Login (pasted token): the account's Instagram fields", async () => {
    const ig = await connectInstagram("instagram");
    await statusBecomes(ig.id, "active");
    expect((await subscribedApps(ig.igUserId, ig.token))[0]?.subscribed_fields).toEqual(expect.arrayContaining(["messages", "comments"]));
  });

  it("Facebook Login: the app installed on the account's Page, with the Page token", async () => {
    const fb = await connectInstagram("facebook");
    await statusBecomes(fb.id, "active");
    expect((await subscribedApps(fb.pageId!, fb.token))[0]?.subscribed_fields).toEqual(["messages"]);
  });

  it("Instagram Login by OAuth: the callback's save queues it too", async () => {
    const redirectUri = `${server.url}/oauth/instagram/callback`;
    const ig = server.fake.control.createInstagramAccount({ variant: "instagram", oauthCode: true, redirectUri });
    const { url } = ok<{ url: string }>(await owner.mutation("channels.oauthStart", {}));
    const state = new URL(url).searchParams.get("state")!;
    const res = await fetch(`${redirectUri}?code=${ig.oauthCode}&state=${state}`, { redirect: "manual", headers: { cookie: owner.cookie } });
    const id = new URL(res.headers.get("location")!).searchParams.get("connected")!;
    expect(id).toBeTruthy();
    await statusBecomes(id, "active");
    expect(await subscribedApps(ig.igUserId, ig.token)).toHaveLength(1);
  });
});

describe("failures", () => {
  it("a transient failure is retried by the job until Meta confirms", async () => {
    // More failures than the transport's own retries (3 tries per call): the job's first attempt fails.
    server.fake.control.injectFault({ kind: "transient", code: 2, times: 3, match: { operation: "whatsapp.subscribe", method: "POST" } });
    const before = calls("whatsapp.subscribe");
    const wa = await connectWhatsApp();
    await expect.poll(() => calls("whatsapp.subscribe") - before, { timeout: 10_000, interval: 50 }).toBeGreaterThanOrEqual(3);
    // Between attempts: pending, no error shown (Meta may answer next time).
    expect(await listed(wa.id)).toMatchObject({ webhookStatus: "pending", webhookError: null });
    await statusBecomes(wa.id, "active", 20_000);
    expect(calls("whatsapp.subscribe") - before).toBe(4);
    expect(await subscribedApps(wa.wabaId, wa.token)).toHaveLength(1);
  });

  it("a refusal (permission missing) is shown with its reason, not retried, and a person's retry subscribes", async () => {
    server.fake.control.injectFault({ kind: "permanent", code: 200, match: { operation: "instagram.subscribe", method: "POST" } });
    const before = calls("instagram.subscribe");
    const ig = await connectInstagram("instagram");
    await statusBecomes(ig.id, "error");
    const card = await listed(ig.id);
    expect(card.webhookError).toMatch(/permission/i);
    // Its kind, which the SPA words in the reader's language (`platform.permission`).
    expect(card.webhookErrorKind).toBe("permission");
    expect(card.webhookSubscribedAt).toBeNull();
    await new Promise((r) => setTimeout(r, 3_500));
    expect(calls("instagram.subscribe") - before).toBe(1);
    expect(await subscribedApps(ig.igUserId, ig.token)).toEqual([]);

    ok(await owner.mutation("channels.retryWebhookSubscription", { id: ig.id }));
    await statusBecomes(ig.id, "active");
    expect(await listed(ig.id)).toMatchObject({ webhookError: null, webhookErrorKind: null });
    expect(await subscribedApps(ig.igUserId, ig.token)).toHaveLength(1);
  });

  it("a token Meta refuses at subscription marks the channel to reconnect (whose reconnect subscribes again)", async () => {
    server.fake.control.injectFault({ kind: "permanent", code: 190, subcode: 460, httpStatus: 401, match: { operation: "whatsapp.subscribe", method: "POST" } });
    const wa = await connectWhatsApp();
    await statusBecomes(wa.id, "error");
    expect((await server.db.db.selectFrom("channels").select("status").where("id", "=", wa.id).executeTakeFirstOrThrow()).status).toBe("needs_reconnect");
  });

  it("only an admin may ask again; an unknown channel is NOT_FOUND", async () => {
    expect(await owner.mutation("channels.retryWebhookSubscription", { id: "00000000-0000-4000-8000-000000000000" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});

describe("reconnect and the daily check", () => {
  it("reconnecting after needs_reconnect subscribes again", async () => {
    const wa = await connectWhatsApp();
    await statusBecomes(wa.id, "active");
    // The token died and Meta dropped the app meanwhile.
    await server.db.db.updateTable("channels").set({ status: "needs_reconnect" }).where("id", "=", wa.id).execute();
    server.fake.control.removeAppSubscription({ wabaId: wa.wabaId });
    const before = calls("whatsapp.subscribe");
    const again = ok<{ id: string }>(await owner.mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token }));
    expect(again.id).toBe(wa.id);
    await expect.poll(() => calls("whatsapp.subscribe") - before, { timeout: 10_000, interval: 50 }).toBe(1);
    await statusBecomes(wa.id, "active");
    expect(await subscribedApps(wa.wabaId, wa.token)).toHaveLength(1);
  });

  it("the daily check reads each subscription back and subscribes again where Meta no longer has it", async () => {
    const kept = await connectInstagram("instagram");
    const dropped = await connectInstagram("facebook");
    await statusBecomes(kept.id, "active");
    await statusBecomes(dropped.id, "active");
    server.fake.control.removeAppSubscription({ igUserId: dropped.igUserId });
    const keptAt = (await listed(kept.id)).webhookSubscribedAt!;
    server.clock.advance(21 * 3_600_000);
    const reads = calls("instagram.subscribe", "GET");
    const resubscribes = calls("facebook.page_subscribe");
    await enqueue(server.db.db, checkChannelTokensJob, {});
    // Kept: read (GET) and confirmed at the check's time. Dropped: subscribed again (POST on the Page).
    await expect.poll(async () => (await listed(kept.id)).webhookSubscribedAt, { timeout: 15_000, interval: 100 }).not.toBe(keptAt);
    await expect.poll(() => calls("facebook.page_subscribe") - resubscribes, { timeout: 15_000, interval: 100 }).toBe(1);
    await statusBecomes(dropped.id, "active");
    expect(calls("instagram.subscribe", "GET") - reads).toBeGreaterThanOrEqual(1);
    expect((await subscribedApps(dropped.pageId!, dropped.token))[0]?.subscribed_fields).toEqual(["messages"]);
  });
});
