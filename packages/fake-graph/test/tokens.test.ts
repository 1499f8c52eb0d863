import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeGraph, type FakeGraph } from "../src/index.js";
import { call } from "./helpers.js";

const DAY = 86_400_000;
let fake: FakeGraph;
beforeAll(async () => {
  fake = await startFakeGraph();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.control.reset();
});

describe("tokens", () => {
  it("answers 190/463 once the token expired, on every route", async () => {
    const ig = fake.control.createInstagramAccount({ tokenExpiresAt: fake.control.now().now + DAY });
    const ok = await call(fake.url, "GET", `/v25.0/me?fields=user_id,username`, { token: ig.token });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ user_id: ig.igUserId, username: ig.username });
    expect(ok.headers.get("x-app-usage")).toMatch(/call_count/);
    expect(ok.headers.get("x-business-use-case-usage")).toContain(ig.igUserId);

    fake.control.advance({ ms: DAY + 1 });
    for (const path of ["/v25.0/me", `/v23.0/${ig.igUserId}/media`, `/v25.0/${ig.igUserId}/content_publishing_limit`]) {
      const r = await call(fake.url, "GET", `${path}?access_token=${ig.token}`);
      expect(r.status).toBe(400);
      expect(r.json.error).toMatchObject({ code: 190, error_subcode: 463, type: "OAuthException" });
      expect(r.json.error.fbtrace_id).toBeTruthy();
    }
    const unknown = await call(fake.url, "GET", "/v25.0/me", { token: "IGAAnope" });
    expect(unknown.json.error.code).toBe(190);
    const none = await call(fake.url, "GET", "/v25.0/me");
    expect(none.json.error.code).toBe(104);
  });

  it("refresh is rejected when the token is < 24 h old and works afterwards", async () => {
    const ig = fake.control.createInstagramAccount();
    const early = await call(fake.url, "GET", `/refresh_access_token?grant_type=ig_refresh_token&access_token=${ig.token}`);
    expect(early.status).toBe(400);
    expect(early.json.error.code).toBe(100);

    fake.control.advance({ ms: DAY });
    const ok = await call(fake.url, "GET", `/refresh_access_token?grant_type=ig_refresh_token&access_token=${ig.token}`);
    expect(ok.status).toBe(200);
    expect(ok.json.token_type).toBe("bearer");
    expect(ok.json.expires_in).toBeGreaterThan(59 * 86400);
    expect(ok.json.access_token).toMatch(/^IGAA/);

    fake.control.advance({ ms: 61 * DAY });
    const expired = await call(fake.url, "GET", `/refresh_access_token?grant_type=ig_refresh_token&access_token=${ok.json.access_token as string}`);
    expect(expired.json.error).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it("api.instagram.com code exchange: flat shape, single use, legacy errors; then ig_exchange_token", async () => {
    fake.control.configureApps({ instagramAppId: "app1", instagramAppSecret: "sec" });
    const ig = fake.control.createInstagramAccount({ oauthCode: "code123", redirectUri: "https://app/cb" });
    const form = { client_id: "app1", client_secret: "sec", grant_type: "authorization_code", redirect_uri: "https://app/cb", code: "code123" };
    const first = await call(fake.url, "POST", "/oauth/access_token", { form });
    expect(first.status).toBe(200);
    expect(typeof first.json.user_id).toBe("number");
    expect(String(first.json.user_id)).toBe(ig.appScopedUserId);
    expect(Array.isArray(first.json.permissions)).toBe(true);

    const again = await call(fake.url, "POST", "/oauth/access_token", { form });
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ error_type: "OAuthException", code: 400 });
    expect(again.json.error_message).toMatch(/used/);

    const long = await call(fake.url, "GET", `/access_token?grant_type=ig_exchange_token&client_secret=sec&access_token=${first.json.access_token as string}`);
    expect(long.status).toBe(200);
    expect(long.json.expires_in).toBe(5_184_000);
    const me = await call(fake.url, "GET", "/v25.0/me?fields=id,user_id", { token: long.json.access_token as string });
    expect(me.json).toEqual({ id: ig.appScopedUserId, user_id: ig.igUserId });

    const expiredCode = fake.control.issueOAuthCode({ igUserId: ig.igUserId });
    fake.control.advance({ ms: 3_600_001 });
    const late = await call(fake.url, "POST", "/oauth/access_token", { form: { ...form, redirect_uri: "x", code: expiredCode.code } });
    expect(late.json.error_message).toMatch(/expired/);
  });

  it("facebook login: code → short user token → fb_exchange_token → /me/accounts page token", async () => {
    const ig = fake.control.createInstagramAccount({ variant: "facebook", oauthCode: "fbcode" });
    const short = await call(fake.url, "GET", `/v25.0/oauth/access_token?client_id=1&client_secret=s&redirect_uri=x&code=fbcode`);
    expect(short.status).toBe(200);
    const long = await call(
      fake.url,
      "GET",
      `/v25.0/oauth/access_token?grant_type=fb_exchange_token&client_id=1&client_secret=s&fb_exchange_token=${short.json.access_token as string}`,
    );
    expect(long.json.expires_in).toBe(5_184_000);
    const pages = await call(fake.url, "GET", `/v25.0/me/accounts?fields=id,access_token,instagram_business_account`, {
      token: long.json.access_token as string,
    });
    expect(pages.json.data[0]).toEqual({ id: ig.pageId, access_token: ig.token, instagram_business_account: { id: ig.igUserId } });
  });
  it("debug_token: expiry in Unix seconds (0 = never), validity inside `data`, 190/463 there once expired", async () => {
    fake.control.configureApps({ metaAppId: "meta-app", metaAppSecret: "meta-sec" });
    const appToken = "meta-app|meta-sec";
    const now = fake.control.now().now;
    const expiring = fake.control.createWhatsAppAccount({ tokenIssuedAt: now - DAY, tokenExpiresAt: now + 30 * DAY });
    const permanent = fake.control.createWhatsAppAccount({});
    const page = fake.control.createInstagramAccount({ variant: "facebook" });
    const debug = (input: string, token = appToken) => call(fake.url, "GET", `/v25.0/debug_token?input_token=${encodeURIComponent(input)}`, { token });

    const live = await debug(expiring.token);
    expect(live.status).toBe(200);
    expect(live.json.data).toMatchObject({ app_id: "meta-app", is_valid: true, expires_at: Math.floor((now + 30 * DAY) / 1000), issued_at: Math.floor((now - DAY) / 1000) });
    expect(live.json.data.scopes).toContain("whatsapp_business_messaging");
    expect(live.json.data.error).toBeUndefined();
    expect((await debug(permanent.token)).json.data).toMatchObject({ is_valid: true, expires_at: 0 });
    expect((await debug(page.token)).json.data).toMatchObject({ type: "PAGE", is_valid: true, expires_at: 0 });
    // Unversioned too, and the app token may come as ?access_token=.
    const plain = await call(fake.url, "GET", `/debug_token?input_token=${encodeURIComponent(permanent.token)}&access_token=${encodeURIComponent(appToken)}`);
    expect(plain.json.data).toMatchObject({ is_valid: true });

    fake.control.advance({ ms: 30 * DAY + 1000 });
    const dead = await debug(expiring.token);
    expect(dead.status).toBe(200);
    expect(dead.json.data).toMatchObject({ is_valid: false, expires_at: Math.floor((now + 30 * DAY) / 1000), error: { code: 190, subcode: 463 } });
    expect(dead.json.data.error.message).toMatch(/Session has expired/);
    fake.control.revokeToken({ token: permanent.token, subcode: 460 });
    expect((await debug(permanent.token)).json.data).toMatchObject({ is_valid: false, error: { code: 190, subcode: 460 } });
    expect((await debug("EAAGnot-a-token")).json.data).toMatchObject({ is_valid: false, error: { code: 190 } });

    // Problems with the request itself (not the inspected token) are top-level errors.
    expect((await debug(page.token, "meta-app|wrong-secret")).json.error).toMatchObject({ code: 190 });
    expect((await call(fake.url, "GET", `/v25.0/debug_token?input_token=${encodeURIComponent(page.token)}`)).json.error).toMatchObject({ code: 104 });
    expect((await call(fake.url, "GET", "/v25.0/debug_token", { token: appToken })).json.error).toMatchObject({ code: 100 });
    expect(fake.control.calls().filter((c) => c.operation === "oauth.debug_token")).toHaveLength(10);
  });
});
