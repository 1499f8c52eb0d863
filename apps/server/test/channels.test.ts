import { checkStaleTokens, loadChannel, recordChannelError } from "@sillage/channels";
import type { PlatformError } from "@sillage/connectors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer } from "./harness";

let server: TestServer;
let owner: ApiSession;
beforeAll(async () => {
  server = await startTestServer();
  owner = await ApiSession.signup(server.url, { email: "channels@example.com", workspaceName: "Channels" });
});
afterAll(() => server.close());

const DAY = 86_400_000;

describe("connecting WhatsApp", () => {
  it("validates the token live, stores it encrypted, and never returns it", async () => {
    const wa = server.fake.control.createWhatsAppAccount({ verifiedName: "Boulangerie", displayPhoneNumber: "33600000001" });
    const { id } = ok<{ id: string }>(await owner.mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token }));
    const row = await server.db.db.selectFrom("channels").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ platform: "whatsapp", external_id: wa.phoneNumberId, waba_id: wa.wabaId, display_name: "Boulangerie", status: "active" });
    expect(row.token_ciphertext.toString("latin1")).not.toContain(wa.token);
    expect((await loadChannel(server.db.db, server.secretBox, id))!.channel.accessToken).toBe(wa.token);
    const listed = ok<Record<string, unknown>[]>(await owner.query("channels.list"));
    expect(listed).toEqual([expect.objectContaining({ id, platform: "whatsapp", displayName: "Boulangerie", circuit: "closed" })]);
    expect(JSON.stringify(listed)).not.toContain(wa.token);
    const calls = server.fake.control.calls().map((c) => c.operation);
    expect(calls).toEqual(expect.arrayContaining(["whatsapp.phone_number", "whatsapp.templates"]));
  });

  it("refuses a token the platform rejects, with a message a person can act on, and stores nothing", async () => {
    const wa = server.fake.control.createWhatsAppAccount({});
    const before = await server.db.db.selectFrom("channels").select("id").execute();
    const res = await owner.mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: "EAAG-not-a-real-token-at-all" });
    expect(res).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    if (!res.ok) expect(res.message).toMatch(/reconnect|token/i);
    expect(await server.db.db.selectFrom("channels").select("id").execute()).toHaveLength(before.length);
  });

  it("reports bad ids as field errors", async () => {
    const res = await owner.mutation("channels.connectWhatsApp", { phoneNumberId: "abc", wabaId: "", accessToken: "x" });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(Object.keys(res.data.fieldErrors as object).sort()).toEqual(["accessToken", "phoneNumberId", "wabaId"]);
  });
});

describe("connecting Instagram", () => {
  it("reads the account behind a pasted token, and refuses one connected to another workspace", async () => {
    const ig = server.fake.control.createInstagramAccount({ variant: "instagram", username: "boutique.test" });
    const { id } = ok<{ id: string }>(await owner.mutation("channels.connectInstagram", { igUserId: ig.igUserId, accessToken: ig.token }));
    const row = await server.db.db.selectFrom("channels").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ platform: "instagram", variant: "instagram", external_id: ig.igUserId, username: "boutique.test" });
    // A pasted token's age is unknown, so is its expiry (never a 60-day guess) until Instagram tells it.
    expect(row).toMatchObject({ token_expiry: "unknown", token_expires_at: null });

    const mismatch = await owner.mutation("channels.connectInstagram", { igUserId: "17840000000000001", accessToken: ig.token });
    expect(mismatch).toMatchObject({ ok: false, code: "BAD_REQUEST" });

    const other = await ApiSession.signup(server.url, { email: "rival@example.com" });
    expect(await other.mutation("channels.connectInstagram", { accessToken: ig.token })).toMatchObject({ ok: false, code: "CONFLICT" });
  });

  it("connects by OAuth: single-use state, code exchanged for a long-lived token", async () => {
    const redirectUri = `${server.url}/oauth/instagram/callback`;
    const ig = server.fake.control.createInstagramAccount({ variant: "instagram", username: "oauth.shop", oauthCode: true, redirectUri });
    const { url } = ok<{ url: string }>(await owner.mutation("channels.oauthStart", {}));
    const authorize = new URL(url);
    expect(authorize.searchParams.get("redirect_uri")).toBe(redirectUri);
    expect(authorize.searchParams.get("scope")).toContain("instagram_business_content_publish");
    const state = authorize.searchParams.get("state")!;

    const callback = `${redirectUri}?code=${ig.oauthCode}%23_&state=${state}`;
    // Someone else completing the flow (the authorize link sent to a victim), or nobody signed in: nothing is
    // connected, and the state stays usable by the person who started it.
    const victim = await ApiSession.signup(server.url, { email: "oauth-victim@example.com" });
    for (const cookie of [victim.cookie, ""]) {
      const refused = await fetch(callback, { redirect: "manual", headers: cookie ? { cookie } : {} });
      expect(new URL(refused.headers.get("location")!).searchParams.get("error")).toMatch(/^(oauth_link_invalid|sign_in_first)$/);
    }
    expect(await server.db.db.selectFrom("channels").select("id").where("external_id", "=", ig.igUserId).execute()).toEqual([]);
    const res = await fetch(callback, { redirect: "manual", headers: { cookie: owner.cookie } });
    expect(res.status).toBe(302);
    const landed = new URL(res.headers.get("location")!);
    expect(landed.pathname).toBe("/settings/channels");
    const channelId = landed.searchParams.get("connected");
    expect(channelId).toBeTruthy();
    const row = await server.db.db.selectFrom("channels").selectAll().where("id", "=", channelId!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ workspace_id: owner.workspaceId, external_id: ig.igUserId, username: "oauth.shop" });
    // The exchange's expires_in.
    expect(row.token_expiry).toBe("known");
    expect(row.token_expires_at!.getTime() - Date.now()).toBeGreaterThan(55 * DAY);

    const replay = await fetch(callback, { redirect: "manual", headers: { cookie: owner.cookie } });
    expect(new URL(replay.headers.get("location")!).searchParams.get("error")).toBe("oauth_link_invalid");
    const forged = await fetch(`${redirectUri}?code=${ig.oauthCode}&state=forged-state`, { redirect: "manual", headers: { cookie: owner.cookie } });
    expect(new URL(forged.headers.get("location")!).searchParams.get("error")).toBe("oauth_link_invalid");
    // Instagram's refusal, or a crafted link claiming one: a code on APP_URL, never the query's own words.
    const crafted = await fetch(`${redirectUri}?error=access_denied&error_description=${encodeURIComponent("Account suspended: call +33 1 23 45 67 89")}&next=https://evil.example`, { redirect: "manual" });
    const back = new URL(crafted.headers.get("location")!);
    expect(back.origin).toBe(new URL(server.url).origin);
    expect([...back.searchParams]).toEqual([["error", "instagram_denied"]]);
  });
});

describe("Instagram Login through the consent page", () => {
  it("follows authorize → callback → Settings with the account connected", async () => {
    const { url } = ok<{ url: string }>(await owner.mutation("channels.oauthStart", {}));
    const consent = await fetch(url, { redirect: "manual" });
    expect(consent.status).toBe(302);
    const callback = consent.headers.get("location")!;
    expect(callback.startsWith(`${server.url}/oauth/instagram/callback?`)).toBe(true);
    const landed = await fetch(callback, { redirect: "manual", headers: { cookie: owner.cookie } });
    const id = new URL(landed.headers.get("location")!).searchParams.get("connected");
    expect(id).toBeTruthy();
    const listed = ok<{ id: string; platform: string; status: string }[]>(await owner.query("channels.list"));
    expect(listed).toEqual(expect.arrayContaining([expect.objectContaining({ id, platform: "instagram", status: "active" })]));
  });
});

describe("token lifecycle", () => {
  it("refreshes tokens close to expiry, leaves young ones, and marks expired ones for reconnection", async () => {
    const now = server.clock.now().getTime();
    const ws = await ApiSession.signup(server.url, { email: "refresh@example.com" });
    const aging = server.fake.control.createInstagramAccount({ tokenIssuedAt: now - 55 * DAY, tokenExpiresAt: now + 5 * DAY });
    const young = server.fake.control.createInstagramAccount({ tokenIssuedAt: now - 3_600_000, tokenExpiresAt: now + 5 * DAY });
    const lapsed = server.fake.control.createInstagramAccount({});
    const connect = async (token: string) => ok<{ id: string }>(await ws.mutation("channels.connectInstagram", { accessToken: token })).id;
    const ids = { aging: await connect(aging.token), young: await connect(young.token), lapsed: await connect(lapsed.token) };
    // What the platform told us about each token's age (a pasted token's age is otherwise unknown), checked a day ago.
    const setAge = (id: string, issued: number, expires: number) =>
      server.db.db
        .updateTable("channels")
        .set({ token_issued_at: new Date(issued), token_expiry: "known", token_expires_at: new Date(expires), token_checked_at: new Date(now - DAY) })
        .where("id", "=", id)
        .execute();
    await setAge(ids.aging, now - 55 * DAY, now + 5 * DAY);
    await setAge(ids.young, now - 3_600_000, now + 5 * DAY);
    await setAge(ids.lapsed, now - 61 * DAY, now - DAY);

    const summary = await checkStaleTokens(server.db.db, server.connectors, server.secretBox, server.clock.now());
    expect(summary).toMatchObject({ checked: 3, valid: 1, refreshed: 1, needsReconnect: 1, failed: 0 });
    const row = (id: string) => server.db.db.selectFrom("channels").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const agingRow = await row(ids.aging);
    expect(agingRow.token_expires_at!.getTime()).toBeGreaterThan(now + 50 * DAY);
    expect(server.secretBox.open(agingRow.token_ciphertext, agingRow.token_key_id)).not.toBe(aging.token);
    const youngRow = await row(ids.young);
    expect(server.secretBox.open(youngRow.token_ciphertext, youngRow.token_key_id)).toBe(young.token);
    expect((await row(ids.lapsed)).status).toBe("needs_reconnect");
    // The refreshed token works against the platform.
    const { channel } = (await loadChannel(server.db.db, server.secretBox, ids.aging))!;
    await expect(server.connectors.instagram.me(channel.accessToken)).resolves.toMatchObject({ userId: aging.igUserId });
  });

  it("only an auth error marks a channel 'needs reconnect'; a transient one does not", async () => {
    const wa = server.fake.control.createWhatsAppAccount({});
    const ws = await ApiSession.signup(server.url, { email: "health@example.com" });
    const { id } = ok<{ id: string }>(await ws.mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token }));
    const { channel } = (await loadChannel(server.db.db, server.secretBox, id))!;

    server.fake.control.injectFault({ kind: "transient", match: { operation: "whatsapp.templates" }, times: 5 });
    const transient = await server.connectors.whatsapp.listTemplates(channel).catch((e: unknown) => e);
    await recordChannelError(server.db.db, id, transient, server.clock.now());
    server.fake.control.clearFaults();
    let health = ok<{ status: string; lastError: string | null; lastErrorKind: string | null }[]>(await ws.query("channels.health", { id }));
    expect(health[0]).toMatchObject({ status: "active", lastErrorKind: (transient as PlatformError).kind });
    expect(health[0]!.lastError).toBeTruthy();

    server.fake.control.revokeToken({ token: wa.token, subcode: 460 });
    const auth = await server.connectors.whatsapp.listTemplates(channel).catch((e: unknown) => e);
    await recordChannelError(server.db.db, id, auth, server.clock.now());
    health = ok(await ws.query("channels.health", { id }));
    // The kind is what the SPA words in the reader's language (`platform.auth_expired`), not the English `lastError`.
    expect(health[0]).toMatchObject({ status: "needs_reconnect", lastErrorKind: "auth_expired" });
    const listed = ok<{ id: string; lastErrorKind: string | null }[]>(await ws.query("channels.list"));
    expect(listed.find((c) => c.id === id)).toMatchObject({ lastErrorKind: "auth_expired" });
    const events = await server.db.db.selectFrom("workspace_events").select("type").where("workspace_id", "=", ws.workspaceId!).orderBy("id").execute();
    expect(events.map((e) => e.type)).toEqual(["channel.connected", "channel.error", "channel.needs_reconnect"]);

    // Jobs meeting the same dead token at once (a comment check and its retry, a post): one announcement of the
    // reconnect, the others only refresh the last error.
    await Promise.all([1, 2, 3].map(() => recordChannelError(server.db.db, id, auth, server.clock.now())));
    const after = await server.db.db.selectFrom("workspace_events").select("type").where("workspace_id", "=", ws.workspaceId!).orderBy("id").execute();
    expect(after.map((e) => e.type)).toEqual(["channel.connected", "channel.error", "channel.needs_reconnect", "channel.error", "channel.error", "channel.error"]);
  });

  it("disconnecting erases the token", async () => {
    const wa = server.fake.control.createWhatsAppAccount({});
    const ws = await ApiSession.signup(server.url, { email: "bye@example.com" });
    const { id } = ok<{ id: string }>(await ws.mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token }));
    ok(await ws.mutation("channels.disconnect", { id }));
    const row = await server.db.db.selectFrom("channels").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.status).toBe("disconnected");
    expect(row.token_ciphertext.length).toBe(0);
    expect(ok<unknown[]>(await ws.query("channels.list"))).toEqual([]);
    // The same number can now be connected elsewhere.
    const other = await ApiSession.signup(server.url, { email: "next@example.com" });
    expect((await other.mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).ok).toBe(true);
  });
});
