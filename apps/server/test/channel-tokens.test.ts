// Token expiry as the platform tells it, daily checks and checks before posts (issue 9, item 6): real PostgreSQL,
// the fake Graph API over HTTP, the test clock shared by both.
import { checkStaleTokens, checkTokensBeforePosts } from "@sillage/channels";
import { sql } from "@sillage/db";
import { checkTokensBeforePostsJob } from "@sillage/channels";
import { enqueue } from "@sillage/queue";
import type { Runner } from "@sillage/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, TEST_META_APP_ID, TEST_SECRETS, type TestServer } from "./harness";
import { connectWhatsApp, inSeconds, publicationsOf, startTestWorker, waTemplate } from "./publishing/helpers";

let server: TestServer;
let owner: ApiSession;
beforeAll(async () => {
  server = await startTestServer();
  owner = await ApiSession.signup(server.url, { email: "tokens@example.com", workspaceName: "Tokens" });
});
afterAll(() => server.close());

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface Health {
  status: string;
  tokenExpiry: "known" | "never" | "unknown";
  tokenExpiresAt: string | null;
  tokenExpiresInDays: number | null;
  tokenCheckedAt: string | null;
  lastError: string | null;
}
const healthOf = async (id: string) => ok<Health[]>(await owner.query("channels.health", { id }))[0]!;
const rowOf = (id: string) => server.db.db.selectFrom("channels").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const now = () => server.clock.now().getTime();
const callsFor = (operation: string) => server.fake.control.calls().filter((c) => c.operation === operation).length;

async function pasteInstagram(opts: { tokenIssuedAt: number; tokenExpiresAt: number }) {
  const ig = server.fake.control.createInstagramAccount({ variant: "instagram", ...opts });
  return ok<{ id: string }>(await owner.mutation("channels.connectInstagram", { accessToken: ig.token })).id;
}

async function pasteWhatsApp(opts: { tokenIssuedAt?: number; tokenExpiresAt?: number | null } = {}) {
  const wa = server.fake.control.createWhatsAppAccount(opts);
  const { id } = ok<{ id: string }>(await owner.mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token }));
  return { id, token: wa.token };
}

describe("what health says of a token", () => {
  it("a pasted Instagram token's expiry is 'unknown', and once it died the check marks it needs-reconnect, not '59 days'", async () => {
    // Instagram made this token 60 days ago less 10 minutes: pasted now, it works, with 10 minutes left.
    const id = await pasteInstagram({ tokenIssuedAt: now() - 60 * DAY + 10 * MINUTE, tokenExpiresAt: now() + 10 * MINUTE });
    expect(await healthOf(id)).toMatchObject({ status: "active", tokenExpiry: "unknown", tokenExpiresAt: null, tokenExpiresInDays: null });

    server.clock.advance(DAY);
    const checkedAt = server.clock.now();
    const summary = await checkStaleTokens(server.db.db, server.connectors, server.secretBox, checkedAt);
    expect(summary.failures.filter((f) => f.channelId === id)).toEqual([]);
    const health = await healthOf(id);
    expect(health).toMatchObject({ status: "needs_reconnect", tokenExpiresInDays: null });
    // Instagram's refusal is an answer about the token: health says when it was asked.
    expect(new Date(health.tokenCheckedAt!)).toEqual(checkedAt);
    expect(health.lastError).toMatch(/Reconnect the Instagram account/);
    const events = await server.db.db.selectFrom("workspace_events").select(["type", "payload"]).where("workspace_id", "=", owner.workspaceId!).where("type", "=", "channel.needs_reconnect").execute();
    expect(events).toEqual([expect.objectContaining({ payload: { channelId: id, kind: "auth_expired" } })]);
  });

  it("shows the expiry the platform gives: debug_token's date or 'never' for WhatsApp, an Instagram refresh's expires_in", async () => {
    const expiresAt = now() + 45 * DAY;
    const expiring = await pasteWhatsApp({ tokenIssuedAt: now() - DAY, tokenExpiresAt: expiresAt });
    const health = await healthOf(expiring.id);
    expect(health).toMatchObject({ tokenExpiry: "known", tokenExpiresInDays: 44 });
    // debug_token speaks in Unix seconds.
    expect(new Date(health.tokenExpiresAt!).getTime()).toBe(Math.floor(expiresAt / 1000) * 1000);
    expect(await healthOf((await pasteWhatsApp()).id)).toMatchObject({ tokenExpiry: "never", tokenExpiresAt: null, tokenExpiresInDays: null });

    // A pasted Instagram token: unknown until it is surely a day old, then the daily check's refresh tells it.
    const ig = await pasteInstagram({ tokenIssuedAt: now() - 20 * DAY, tokenExpiresAt: now() + 40 * DAY });
    await checkStaleTokens(server.db.db, server.connectors, server.secretBox, server.clock.now());
    expect(await healthOf(ig)).toMatchObject({ tokenExpiry: "unknown", tokenExpiresInDays: null });
    server.clock.advance(DAY + HOUR);
    const refreshedAt = now();
    await checkStaleTokens(server.db.db, server.connectors, server.secretBox, server.clock.now());
    const refreshed = await healthOf(ig);
    expect(refreshed).toMatchObject({ status: "active", tokenExpiry: "known", tokenExpiresInDays: 59 });
    expect(Math.abs(new Date(refreshed.tokenExpiresAt!).getTime() - (refreshedAt + 60 * DAY))).toBeLessThan(5000);
    expect(new Date(refreshed.tokenCheckedAt!).getTime()).toBeGreaterThanOrEqual(refreshedAt);
  });
});

describe("daily check", () => {
  it("a check that gets no answer changes nothing; one Meta answers with an auth error marks the channel", async () => {
    const wa = await pasteWhatsApp();
    const before = await rowOf(wa.id);
    server.clock.advance(21 * HOUR);
    const stuck = { match: { operation: "oauth.debug_token" }, times: 20 } as const;
    server.fake.control.injectFault({ kind: "transient", ...stuck });
    server.fake.control.injectFault({ kind: "throttle", code: 80008, match: { operation: "whatsapp.phone_number" }, times: 20 });
    const summary = await checkStaleTokens(server.db.db, server.connectors, server.secretBox, server.clock.now());
    server.fake.control.clearFaults();
    expect(summary.failures.filter((f) => f.channelId === wa.id)).toEqual([expect.objectContaining({ kind: "rate_limited" })]);
    const after = await rowOf(wa.id);
    expect(after).toMatchObject({ status: "active", last_error: null, token_expiry: "never", token_checked_at: before.token_checked_at });

    // Meta refuses our app token (a rotated secret): that says nothing about the channel's token, read directly.
    server.fake.control.configureApps({ metaAppId: TEST_META_APP_ID, metaAppSecret: "rotated-secret" });
    await checkStaleTokens(server.db.db, server.connectors, server.secretBox, server.clock.now());
    server.fake.control.configureApps({ metaAppSecret: TEST_SECRETS.metaAppSecret });
    const answered = await rowOf(wa.id);
    expect(answered).toMatchObject({ status: "active", token_expiry: "never" });
    expect(answered.token_checked_at!.getTime()).toBeGreaterThan(before.token_checked_at!.getTime());

    server.clock.advance(21 * HOUR);
    server.fake.control.revokeToken({ token: wa.token, subcode: 460 });
    await checkStaleTokens(server.db.db, server.connectors, server.secretBox, server.clock.now());
    expect(await healthOf(wa.id)).toMatchObject({ status: "needs_reconnect" });
  });
});

describe("check before posts", () => {
  it("flags a channel whose token died before its post is due; a live one is asked once per window", async () => {
    const dying = await connectWhatsApp(server, owner);
    const healthy = await connectWhatsApp(server, owner);
    const post = async (channelId: string, inMinutes: number) =>
      ok<{ id: string }>(await owner.mutation("posts.create", { channelIds: [channelId], timeZone: "Europe/Paris", publishAt: inSeconds(server, inMinutes * 60), content: waTemplate(["33611110007"]) })).id;
    const dyingPost = await post(dying.channelId, 120);
    await post(healthy.channelId, 40);
    await post(healthy.channelId, 45);
    const runner: Runner = await startTestWorker(server);
    const runCheck = async () => {
      const done = callsFor("oauth.debug_token") + callsFor("whatsapp.phone_number");
      const jobId = await enqueue(server.db.db, checkTokensBeforePostsJob, {});
      await expect.poll(async () => (await sql<{ id: string }>`select id from graphile_worker.jobs where id = ${jobId}`.execute(server.db.db)).rows, { timeout: 10_000 }).toEqual([]);
      return callsFor("oauth.debug_token") + callsFor("whatsapp.phone_number") - done;
    };
    try {
      // Connecting checked both tokens; no post is due within 30 minutes yet.
      expect(await runCheck()).toBe(0);
      // 15 minutes on, the healthy channel's posts are: one check covers both. The other's is still 1 h 45 away.
      server.clock.advance(15 * MINUTE);
      expect(await runCheck()).toBe(1);
      expect(await runCheck()).toBe(0);

      server.fake.control.revokeToken({ token: dying.token, subcode: 460 });
      server.clock.advance(80 * MINUTE);
      await runCheck();
      expect(await healthOf(dying.channelId)).toMatchObject({ status: "needs_reconnect" });
      // 25 minutes before its time, the post has not been tried (nor failed): the channel says what to do first.
      expect((await publicationsOf(server, dyingPost))[0]).toMatchObject({ status: "queued", attempts: 0 });
    } finally {
      await runner.stop();
    }
    // Channels without a post in the window are left to the daily check.
    const summary = await checkTokensBeforePosts(server.db.db, server.connectors, server.secretBox, server.clock.now());
    expect(summary.checked).toBe(0);
  });
});
