/**
 * Tenant isolation: for every procedure of the app router, a member of workspace A can neither read nor change
 * anything of workspace B. The suite enumerates the router: a new procedure without a case here fails it.
 */
import { appRouter } from "@sillage/api";
import { createSillageClient } from "@sillage/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, ok, startTestServer, type TestServer } from "./harness";

let server: TestServer;
let a: Browser;
let b: Browser;
const bIds = { workspaceId: "", userId: "", tokenId: "", invitationId: "", invitationToken: "", agentId: "", channelId: "", phoneNumberId: "", wabaId: "", waToken: "" };

beforeAll(async () => {
  server = await startTestServer();
  a = await Browser.signup(server.url, { email: "a@example.com", workspaceName: "Workspace A" });
  b = await Browser.signup(server.url, { email: "b@example.com", workspaceName: "Workspace B" });
  bIds.workspaceId = b.workspaceId!;
  bIds.userId = ok<{ user: { id: string } }>(await b.query("auth.me")).user.id;
  bIds.tokenId = ok<{ id: string }>(await b.mutation("apiTokens.create", { name: "b-tool" })).id;
  const inv = ok<{ id: string; token: string }>(await b.mutation("workspace.invite", { role: "agent" }));
  bIds.invitationId = inv.id;
  const inv2 = ok<{ token: string }>(await b.mutation("workspace.invite", { role: "agent" }));
  const agent = new Browser(server.url);
  ok(await agent.mutation("auth.signup", { email: "b-agent@example.com", name: "B agent", password: "agent password 1", invitationToken: inv2.token }));
  bIds.agentId = ok<{ user: { id: string } }>(await agent.query("auth.me")).user.id;
  bIds.invitationToken = inv.token;
  const wa = server.fake.control.createWhatsAppAccount({});
  Object.assign(bIds, { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, waToken: wa.token });
  bIds.channelId = ok<{ id: string }>(await b.mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).id;
});

async function bChannel() {
  return server.db.db.selectFrom("channels").select(["id", "status", "workspace_id", "token_ciphertext"]).where("id", "=", bIds.channelId).executeTakeFirstOrThrow();
}
afterAll(() => server.close());

/** A, pointing at B's workspace, is refused as if B did not exist. */
async function refusedInB(kind: "query" | "mutation", path: string, input?: unknown) {
  const intruder = new Browser(server.url);
  intruder.cookie = a.cookie;
  intruder.workspaceId = bIds.workspaceId;
  const res = kind === "query" ? await intruder.query(path, input) : await intruder.mutation(path, input);
  expect(res).toMatchObject({ ok: false, code: "NOT_FOUND" });
}

async function bSnapshot() {
  const ws = ok<Record<string, unknown>>(await b.query("workspace.get"));
  const members = ok(await b.query("workspace.members"));
  const tokens = ok(await b.query("apiTokens.list"));
  return JSON.stringify({ ws, members, tokens });
}

type Case = () => Promise<void>;
const cases: Record<string, Case> = {
  // Account-level procedures carry no workspace: they can only ever show the caller's own memberships.
  "auth.signup": async () => {
    const c = new Browser(server.url);
    ok(await c.mutation("auth.signup", { email: "c@example.com", name: "C", password: "c password 123" }));
    const me = ok<{ workspaces: { id: string }[] }>(await c.query("auth.me"));
    expect(me.workspaces.map((w) => w.id)).not.toContain(bIds.workspaceId);
  },
  "auth.login": async () => {
    const again = new Browser(server.url);
    ok(await again.mutation("auth.login", { email: "a@example.com", password: "correct horse battery" }));
    const me = ok<{ workspaces: { id: string }[] }>(await again.query("auth.me"));
    expect(me.workspaces.map((w) => w.id)).toEqual([a.workspaceId]);
  },
  "auth.me": async () => {
    const me = ok<{ workspaces: { id: string }[] }>(await a.query("auth.me"));
    expect(me.workspaces.map((w) => w.id)).toEqual([a.workspaceId]);
  },
  "auth.logout": async () => {
    const other = new Browser(server.url);
    ok(await other.mutation("auth.login", { email: "a@example.com", password: "correct horse battery" }));
    ok(await other.mutation("auth.logout"));
    expect(ok(await b.query("auth.me"))).not.toBeNull(); // B's session is untouched
  },
  "workspace.create": async () => {
    const created = ok<{ id: string }>(await a.mutation("workspace.create", { name: "A second" }));
    expect(created.id).not.toBe(bIds.workspaceId);
    const members = ok<{ members: unknown[] }>(await b.query("workspace.members"));
    expect(members.members).toHaveLength(2);
  },
  "workspace.acceptInvitation": async () => {
    // Only the holder of a live invitation link joins; a used or made-up token does nothing.
    const res = await a.mutation("workspace.acceptInvitation", { token: "inv_not-a-real-invitation-token" });
    expect(res).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const me = ok<{ workspaces: { id: string }[] }>(await a.query("auth.me"));
    expect(me.workspaces.map((w) => w.id)).not.toContain(bIds.workspaceId);
  },

  "workspace.get": async () => {
    await refusedInB("query", "workspace.get");
    expect(ok<{ id: string }>(await a.query("workspace.get")).id).toBe(a.workspaceId);
  },
  "workspace.update": async () => {
    const before = await bSnapshot();
    await refusedInB("mutation", "workspace.update", { name: "hijacked" });
    expect(await bSnapshot()).toBe(before);
  },
  "workspace.members": async () => {
    await refusedInB("query", "workspace.members");
    const mine = ok<{ members: { email: string }[] }>(await a.query("workspace.members"));
    expect(mine.members.map((m) => m.email)).toEqual(["a@example.com"]);
  },
  "workspace.invite": async () => {
    await refusedInB("mutation", "workspace.invite", { role: "admin" });
    const bInvites = ok<{ invitations: unknown[] }>(await b.query("workspace.members")).invitations;
    expect(bInvites).toHaveLength(1);
  },
  "workspace.revokeInvitation": async () => {
    await refusedInB("mutation", "workspace.revokeInvitation", { id: bIds.invitationId });
    expect(await a.mutation("workspace.revokeInvitation", { id: bIds.invitationId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const bInvites = ok<{ invitations: { id: string }[] }>(await b.query("workspace.members")).invitations;
    expect(bInvites.map((i) => i.id)).toContain(bIds.invitationId);
  },
  "workspace.removeMember": async () => {
    await refusedInB("mutation", "workspace.removeMember", { userId: bIds.agentId });
    expect(await a.mutation("workspace.removeMember", { userId: bIds.userId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const members = ok<{ members: { userId: string }[] }>(await b.query("workspace.members")).members;
    expect(members.map((m) => m.userId)).toEqual(expect.arrayContaining([bIds.userId, bIds.agentId]));
  },
  "workspace.events": async () => {
    const { token } = ok<{ token: string }>(await a.mutation("apiTokens.create", { name: "a-listener" }));
    const client = createSillageClient({ url: server.url, token });
    const seen: string[] = [];
    const sub = client.workspace.events.subscribe(undefined, { onData: (e) => seen.push(e.data.type) });
    await new Promise((r) => setTimeout(r, 300));
    ok(await b.mutation("workspace.update", { locale: "en" })); // an event in B
    ok(await a.mutation("workspace.update", { locale: "en" })); // an event in A
    await expect.poll(() => seen, { timeout: 5000 }).toEqual(["workspace.updated"]);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual(["workspace.updated"]);
    sub.unsubscribe();
    // A browser session pointing its stream at B is refused.
    const res = await fetch(`${server.url}/trpc/workspace.events?workspace=${bIds.workspaceId}`, { headers: { cookie: a.cookie, accept: "text/event-stream" } });
    const text = await res.text();
    expect(text).toContain("NOT_FOUND");
  },

  "channels.list": async () => {
    await refusedInB("query", "channels.list");
    const mine = ok<{ id: string }[]>(await a.query("channels.list"));
    expect(mine.map((c) => c.id)).not.toContain(bIds.channelId);
  },
  "channels.connectWhatsApp": async () => {
    const before = await bChannel();
    await refusedInB("mutation", "channels.connectWhatsApp", { phoneNumberId: bIds.phoneNumberId, wabaId: bIds.wabaId, accessToken: bIds.waToken });
    // Even holding B's token, A cannot take over B's number.
    const res = await a.mutation("channels.connectWhatsApp", { phoneNumberId: bIds.phoneNumberId, wabaId: bIds.wabaId, accessToken: bIds.waToken });
    expect(res).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await bChannel()).toEqual(before);
  },
  "channels.connectInstagram": async () => {
    const ig = server.fake.control.createInstagramAccount({});
    await refusedInB("mutation", "channels.connectInstagram", { accessToken: ig.token });
    const inB = await server.db.db.selectFrom("channels").select("id").where("workspace_id", "=", bIds.workspaceId).execute();
    expect(inB.map((c) => c.id)).toEqual([bIds.channelId]);
  },
  "channels.oauthStart": async () => {
    await refusedInB("mutation", "channels.oauthStart", {});
    ok(await a.mutation("channels.oauthStart", {}));
    const states = await server.db.db.selectFrom("oauth_states").select("workspace_id").execute();
    expect(states.map((st) => st.workspace_id)).not.toContain(bIds.workspaceId);
  },
  "channels.disconnect": async () => {
    await refusedInB("mutation", "channels.disconnect", { id: bIds.channelId });
    expect(await a.mutation("channels.disconnect", { id: bIds.channelId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect((await bChannel()).status).toBe("active");
  },
  "channels.health": async () => {
    await refusedInB("query", "channels.health", { id: bIds.channelId });
    expect(await a.query("channels.health", { id: bIds.channelId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(ok<unknown[]>(await a.query("channels.health"))).toEqual([]);
  },

  "apiTokens.create": async () => {
    await refusedInB("mutation", "apiTokens.create", { name: "sneaky" });
    const bTokens = ok<{ name: string }[]>(await b.query("apiTokens.list"));
    expect(bTokens.map((t) => t.name)).toEqual(["b-tool"]);
  },
  "apiTokens.list": async () => {
    await refusedInB("query", "apiTokens.list");
    const mine = ok<{ id: string }[]>(await a.query("apiTokens.list"));
    expect(mine.map((t) => t.id)).not.toContain(bIds.tokenId);
  },
  "apiTokens.revoke": async () => {
    await refusedInB("mutation", "apiTokens.revoke", { id: bIds.tokenId });
    expect(await a.mutation("apiTokens.revoke", { id: bIds.tokenId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const bTokens = ok<{ id: string; revokedAt: Date | null }[]>(await b.query("apiTokens.list"));
    expect(bTokens.find((t) => t.id === bIds.tokenId)?.revokedAt).toBeNull();
  },
};

const procedures = Object.keys((appRouter._def as unknown as { procedures: Record<string, unknown> }).procedures).sort();

describe("tenant isolation", () => {
  it("has a case for every procedure of the app router", () => {
    expect(procedures.length).toBeGreaterThan(10);
    expect(procedures.filter((p) => !cases[p])).toEqual([]);
    expect(Object.keys(cases).filter((p) => !procedures.includes(p))).toEqual([]);
  });

  it.each(procedures)("%s: workspace A cannot read or change workspace B", async (path) => {
    const run = cases[path];
    if (!run) throw new Error(`No isolation case for ${path}: add one to apps/server/test/isolation.test.ts`);
    await run();
  });

  it("an API token stays in its own workspace whatever header it sends", async () => {
    const { token } = ok<{ token: string }>(await a.mutation("apiTokens.create", { name: "a-tool" }));
    const res = await fetch(`${server.url}/trpc/workspace.get`, { headers: { authorization: `Bearer ${token}`, "x-sillage-workspace": bIds.workspaceId } });
    const body = (await res.json()) as { result: { data: { json: { id: string } } } };
    expect(body.result.data.json.id).toBe(a.workspaceId);
  });

  it("row-level security refuses cross-workspace rows even to a query that forgets its filter", async () => {
    const { withWorkspace } = await import("@sillage/db");
    const names = await withWorkspace(server.db.db, a.workspaceId!, (db) => db.selectFrom("workspaces").select("name").execute());
    expect(names.map((n) => n.name)).toEqual(["Workspace A"]);
    const tokens = await withWorkspace(server.db.db, a.workspaceId!, (db) => db.selectFrom("api_tokens").select("workspace_id").execute());
    expect(new Set(tokens.map((t) => t.workspace_id))).toEqual(new Set([a.workspaceId]));
    await expect(
      withWorkspace(server.db.db, a.workspaceId!, (db) =>
        db.insertInto("api_tokens").values({ workspace_id: bIds.workspaceId, name: "x", token_hash: Buffer.from("x"), prefix: "x" }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
