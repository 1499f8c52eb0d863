// First run and demo (issue 16): "Explore the demo" only in demo mode, the getting-started checklist read from real
// data, the demo's WhatsApp sandbox, demo channels that keep working across a restart, and page requests sent to APP_URL.
import { checkChannelToken, loadChannel } from "@sillage/channels";
import { createConnectors } from "@sillage/connectors";
import { SecretBox } from "@sillage/crypto";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { startFakeGraph, type FakeGraph } from "@sillage/fake-graph";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { DEMO_LOGIN, demoControl, seedDemo } from "../src/demo";
import { ApiSession, ok, startTestServer, type TestServer } from "./harness";

const servers: TestServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});
async function server(opts: Parameters<typeof startTestServer>[0] = {}) {
  const s = await startTestServer(opts);
  servers.push(s);
  return s;
}

type Checklist = { steps: { id: string; done: boolean }[]; completed: number; total: number; allDone: boolean; dismissed: boolean };
const stepsDone = (c: Checklist) => c.steps.filter((s) => s.done).map((s) => s.id);

describe("Explore the demo", () => {
  it("signs into the demo account in demo mode only; elsewhere the procedure does not exist and gives no session", async () => {
    const off = await server();
    await seedDemo(off.db.db, off.secretBox); // even with the demo person in the database
    const visitor = new ApiSession(off.url);
    expect(ok(await visitor.query("demo.available"))).toEqual({ enabled: false });
    expect(await visitor.mutation("demo.login")).toMatchObject({ ok: false, code: "NOT_FOUND", data: { appError: { code: "demo_off" } } });
    expect(visitor.cookie).toBe("");
    expect(ok(await visitor.query("auth.me"))).toBeNull();

    const on = await server({ demo: true });
    await seedDemo(on.db.db, on.secretBox);
    const guest = new ApiSession(on.url);
    expect(ok(await guest.query("demo.available"))).toEqual({ enabled: true });
    ok(await guest.mutation("demo.login"));
    const me = ok<{ user: { email: string }; workspaces: { name: string; role: string }[] }>(await guest.query("auth.me"));
    expect(me.user.email).toBe(DEMO_LOGIN.email);
    expect(me.workspaces).toEqual([expect.objectContaining({ name: "Boutique Démo", role: "owner" })]);
    // No password travels and none is logged.
    expect(on.logs.join("")).not.toContain(DEMO_LOGIN.password);
    // Cross-site requests are refused like any mutation (CSRF).
    const evil = new ApiSession(on.url, "https://evil.example");
    expect(await evil.mutation("demo.login")).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });
});

describe("getting-started checklist", () => {
  it("ticks each step from the workspace's real data, unticks when undone, and hides once dismissed", async () => {
    const s = await server();
    const owner = await ApiSession.signup(s.url, { email: "new-shop@example.com" });
    const list = async () => ok<Checklist>(await owner.query("onboarding.checklist"));
    expect(await list()).toMatchObject({ completed: 0, total: 5, allDone: false, dismissed: false });
    expect((await list()).steps.map((x) => x.id)).toEqual(["channel", "knowledge", "rule", "post", "ai"]);

    const wa = s.fake.control.createWhatsAppAccount({ templates: [{ name: "promo", bodyText: "Hello" }] });
    const channelId = ok<{ id: string }>(await owner.mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).id;
    expect(stepsDone(await list())).toEqual(["channel"]);

    ok(await owner.mutation("knowledge.add", { title: "Livraison", text: "Nous livrons partout en France sous 48 heures." }));
    ok(await owner.mutation("ai.rules.create", { type: "escalate", name: "Remboursement", keywords: ["rembourser"], priority: 1 }));
    expect(stepsDone(await list())).toEqual(["channel", "knowledge", "rule"]);

    const later = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const post = ok<{ id: string }>(
      await owner.mutation("posts.create", {
        channelIds: [channelId],
        timeZone: "Europe/Paris",
        publishAt: later,
        content: { whatsapp: { template: { name: "promo", language: "en_US" }, audience: { phones: ["33600000001"] } } },
      }),
    );
    expect(stepsDone(await list())).toContain("post");

    // The workspace's switch with a channel's: both on.
    expect(stepsDone(await list())).not.toContain("ai");
    ok(await owner.mutation("ai.control.set", { enabled: true }));
    expect(await list()).toMatchObject({ completed: 5, allDone: true });
    ok(await owner.mutation("ai.control.set", { enabled: false, channelId }));
    expect(stepsDone(await list())).not.toContain("ai");

    // Undone: a cancelled post no longer counts.
    ok(await owner.mutation("posts.cancel", { id: post.id }));
    expect(stepsDone(await list())).not.toContain("post");

    // Dismissal: admins only, for the whole workspace.
    const inv = ok<{ token: string }>(await owner.mutation("workspace.invite", { role: "agent" }));
    const agent = new ApiSession(s.url);
    ok(await agent.mutation("auth.signup", { email: "agent@example.com", name: "Agent", password: "agent password 1", invitationToken: inv.token }));
    agent.workspaceId = owner.workspaceId;
    expect(await agent.mutation("onboarding.dismiss")).toMatchObject({ ok: false, code: "FORBIDDEN" });
    ok(await owner.mutation("onboarding.dismiss"));
    expect(ok<Checklist>(await agent.query("onboarding.checklist")).dismissed).toBe(true);
  });
});

describe("demo WhatsApp sandbox", () => {
  it("connects a new sandbox number from the app in demo mode, validated live like a pasted one; refused elsewhere", async () => {
    const off = await server();
    const shop = await ApiSession.signup(off.url, { email: "shop@example.com" });
    expect(await shop.mutation("channels.connectWhatsAppSandbox")).toMatchObject({ ok: false, code: "NOT_FOUND", data: { appError: { code: "demo_off" } } });
    expect(ok<unknown[]>(await shop.query("channels.list"))).toEqual([]);

    const on = await server({ demo: true });
    const owner = await ApiSession.signup(on.url, { email: "owner@example.com" });
    const { id } = ok<{ id: string }>(await owner.mutation("channels.connectWhatsAppSandbox"));
    const [channel] = ok<{ id: string; platform: string; status: string; externalId: string; username: string }[]>(await owner.query("channels.list"));
    expect(channel).toMatchObject({ id, platform: "whatsapp", status: "active" });
    expect(channel!.username).toMatch(/^\+?33\d{9}$/); // a French mobile number, as Meta displays it
    // The number is known to the fake: a customer can write to it.
    ok(await owner.mutation("demo.simulate", { kind: "whatsapp_message", text: "Bonjour" }));

    // Agents cannot connect channels.
    const inv = ok<{ token: string }>(await owner.mutation("workspace.invite", { role: "agent" }));
    const agent = new ApiSession(on.url);
    ok(await agent.mutation("auth.signup", { email: "agent2@example.com", name: "Agent", password: "agent password 1", invitationToken: inv.token }));
    agent.workspaceId = owner.workspaceId;
    expect(await agent.mutation("channels.connectWhatsAppSandbox")).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });
});

describe("demo channels across a restart", () => {
  let db: TestDatabase | undefined;
  const fakes: FakeGraph[] = [];
  afterAll(async () => {
    for (const f of fakes) await f.close();
    await db?.drop();
  });
  const box = new SecretBox("test-app-secret-0123456789abcdef0123456789");
  const connectorsFor = (fake: FakeGraph) =>
    createConnectors({ graphUrl: fake.url, instagramGraphUrl: fake.url, instagramOauthUrl: fake.url, graphVersion: "v25.0", timeoutMs: 5_000 });

  it("re-creates every connected channel in the new fake from the database, so the channels keep working", async () => {
    db = await createTestDatabase();
    const first = await startFakeGraph({ port: 0 });
    const { workspaceId } = await seedDemo(db.db, box, first);
    const channelsOf = () => db!.db.selectFrom("channels").selectAll().where("workspace_id", "=", workspaceId).where("status", "=", "active").orderBy("platform").execute();
    const before = await channelsOf();
    expect(before.map((c) => c.platform)).toEqual(["instagram", "whatsapp"]);

    // The process stops: the fake's memory goes with it. A new one starts empty, and the demo starts again.
    await first.close();
    const second = await startFakeGraph({ port: 0 });
    fakes.push(second);
    await seedDemo(db.db, box, second);
    const after = await channelsOf();
    expect(after.map((c) => c.id)).toEqual(before.map((c) => c.id)); // the same channels, not new ones

    const connectors = connectorsFor(second);
    for (const row of after) expect(await checkChannelToken(db.db, connectors, box, row, new Date())).toBe("valid");
    // Customers still reach them.
    const wa = (await loadChannel(db.db, box, after.find((c) => c.platform === "whatsapp")!.id))!.channel;
    const ig = (await loadChannel(db.db, box, after.find((c) => c.platform === "instagram")!.id))!.channel;
    const demo = demoControl(second);
    await expect(demo.simulate({ kind: "whatsapp_message", accountId: wa.externalId, text: "Encore là ?" })).resolves.toHaveProperty("id");
    await expect(demo.simulate({ kind: "instagram_message", accountId: ig.externalId, text: "Toujours ouvert ?" })).resolves.toHaveProperty("id");
    expect((await channelsOf()).map((c) => c.status)).toEqual(["active", "active"]);

    // Without the restore, the same check would find the accounts gone (what the cards used to hide).
    const empty = await startFakeGraph({ port: 0 });
    fakes.push(empty);
    expect(await checkChannelToken(db.db, connectorsFor(empty), box, after.find((c) => c.platform === "whatsapp")!, new Date())).not.toBe("valid");
  });
});

describe("APP_URL's origin first", () => {
  it("sends page navigations at another host name to APP_URL, path and query kept; never the API, webhooks or probes", async () => {
    const s = await server({ appUrl: (port) => `http://localhost:${port}` });
    const port = new URL(s.url).port;
    const page = await fetch(`${s.url}/settings/channels?connected=1&x=a%20b`, { redirect: "manual", headers: { accept: "text/html,application/xhtml+xml" } });
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe(`http://localhost:${port}/settings/channels?connected=1&x=a%20b`);
    const root = await fetch(`${s.url}/`, { redirect: "manual", headers: { accept: "text/html" } });
    expect(root.headers.get("location")).toBe(`http://localhost:${port}/`);

    // At APP_URL's own host: served, not redirected (no loop).
    const home = await fetch(`http://localhost:${port}/settings`, { redirect: "manual", headers: { accept: "text/html" } });
    expect(home.status).not.toBe(302);

    // Machine paths answer where asked.
    expect((await fetch(`${s.url}/healthz`, { redirect: "manual", headers: { accept: "text/html" } })).status).toBe(200);
    expect((await fetch(`${s.url}/trpc/auth.me`, { redirect: "manual", headers: { accept: "text/html" } })).status).toBe(200);
    const hook = await fetch(`${s.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me-123&hub.challenge=42`, { redirect: "manual", headers: { accept: "text/html" } });
    expect(hook.status).toBe(200);
    // Not a navigation (an image, a script's fetch): not moved.
    expect((await fetch(`${s.url}/settings`, { redirect: "manual", headers: { accept: "application/json" } })).status).not.toBe(302);
    // A POST is never redirected.
    expect((await fetch(`${s.url}/settings`, { method: "POST", redirect: "manual", headers: { accept: "text/html" } })).status).not.toBe(302);
  });
});
