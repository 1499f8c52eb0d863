// checkToken against the fake Graph server over real HTTP: what each platform says of a token's validity and expiry.
import { startFakeGraph } from "@sillage/fake-graph";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createConnectors, PlatformError, type Channel, type ConnectorConfig, type Connectors } from "../src/index";

type Fake = Awaited<ReturnType<typeof startFakeGraph>>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let fake: Fake;
let config: ConnectorConfig;
let connectors: Connectors;

beforeAll(async () => {
  fake = await startFakeGraph({ port: 0 });
  config = {
    graphUrl: fake.url,
    instagramGraphUrl: fake.url,
    instagramOauthUrl: fake.url,
    graphVersion: "v25.0",
    appId: "meta-app",
    appSecret: "meta-secret",
    instagramAppId: "ig-app",
    instagramAppSecret: "ig-secret",
    timeoutMs: 1000,
    clock: () => new Date(fake.control.now().now),
    retryBaseMs: 5,
  };
});
afterAll(() => fake?.close());
beforeEach(() => {
  fake.control.reset();
  fake.control.configureApps({ metaAppId: "meta-app", metaAppSecret: "meta-secret", instagramAppId: "ig-app", instagramAppSecret: "ig-secret" });
  connectors = createConnectors(config);
});

const now = () => fake.control.now().now;
const operations = () => fake.control.calls().map((c) => c.operation);

function whatsapp(opts: { expiresAt?: number | null } = {}): Channel {
  const wa = fake.control.createWhatsAppAccount({ tokenExpiresAt: opts.expiresAt ?? null });
  return { id: `wa-${wa.phoneNumberId}`, platform: "whatsapp", externalId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token };
}

async function refusal(p: Promise<unknown>): Promise<PlatformError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof PlatformError)) throw new Error(`expected a PlatformError, got ${String(err)}`);
  return err;
}

describe("Facebook-Login and WhatsApp tokens: debug_token", () => {
  it("tells the expiry Meta gives (to the second), and 'never' for expires_at 0", async () => {
    const expiresAt = now() + 30 * DAY + 1234;
    const expiring = whatsapp({ expiresAt });
    await expect(connectors.whatsapp.checkToken(expiring)).resolves.toMatchObject({
      via: "debug_token",
      expiry: { kind: "at", at: new Date(Math.floor(expiresAt / 1000) * 1000).toISOString() },
    });
    await expect(connectors.whatsapp.checkToken(whatsapp())).resolves.toMatchObject({ via: "debug_token", expiry: { kind: "never" } });
    const page = fake.control.createInstagramAccount({ variant: "facebook" });
    const pageChannel: Channel = { id: "page", platform: "instagram", variant: "facebook", externalId: page.igUserId, accessToken: page.token };
    await expect(connectors.instagram.checkToken(pageChannel)).resolves.toMatchObject({ via: "debug_token", expiry: { kind: "never" } });
    expect(operations()).toEqual(["oauth.debug_token", "oauth.debug_token", "oauth.debug_token"]);
  });

  it("a token debug_token calls invalid is proven dead by a call with the token itself (190/463)", async () => {
    const channel = whatsapp({ expiresAt: now() + HOUR });
    fake.control.advance({ ms: HOUR + 1 });
    const err = await refusal(connectors.whatsapp.checkToken(channel));
    expect(err).toMatchObject({ kind: "auth_expired", code: 190, subcode: 463 });
    expect(operations()).toEqual(["oauth.debug_token", "whatsapp.phone_number"]);
  });

  it("without an app token, or when Meta refuses ours, reads the account with the token: valid, expiry unknown", async () => {
    const channel = whatsapp({ expiresAt: now() + 30 * DAY });
    const noApp = createConnectors({ ...config, appId: undefined });
    await expect(noApp.whatsapp.checkToken(channel)).resolves.toEqual({ via: "account", expiry: { kind: "unknown" }, usage: expect.anything() });
    expect(operations()).toEqual(["whatsapp.phone_number"]);

    // Our app secret is wrong: a top-level error about the app token, which says nothing about the channel's token.
    fake.control.configureApps({ metaAppSecret: "rotated" });
    await expect(connectors.whatsapp.checkToken(channel)).resolves.toMatchObject({ via: "account", expiry: { kind: "unknown" } });
  });

  it("a transient failure is thrown as such, never as a dead token", async () => {
    const channel = whatsapp();
    fake.control.injectFault({ kind: "transient", match: { operation: "oauth.debug_token" }, times: 3 });
    fake.control.injectFault({ kind: "transient", match: { operation: "whatsapp.phone_number" }, times: 3 });
    const err = await refusal(connectors.whatsapp.checkToken(channel));
    expect(err.kind).toBe("retryable");
    expect(err.retryable).toBe(true);
  });
});

describe("Instagram-Login tokens: refresh and account reads", () => {
  it("expiry stays unknown until a refresh tells it; the refresh waits until the token is surely 24 h old", async () => {
    // A pasted token: Instagram made it 50 days ago, Sillage stores it now without knowing that.
    const ig = fake.control.createInstagramAccount({ variant: "instagram", tokenIssuedAt: now() - 50 * DAY });
    const channel: Channel = { id: "ig", platform: "instagram", variant: "instagram", externalId: ig.igUserId, accessToken: ig.token, tokenIssuedAt: new Date(now()), tokenExpiresAt: null };
    await expect(connectors.instagram.checkToken(channel)).resolves.toMatchObject({ via: "account", expiry: { kind: "unknown" } });
    expect(operations()).toEqual(["instagram.me"]);

    fake.control.advance({ ms: DAY });
    const refreshedAt = now();
    const checked = await connectors.instagram.checkToken(channel);
    expect(checked).toMatchObject({ via: "refresh", expiry: { kind: "at" } });
    // expires_in counts from the refresh (the fake's clock runs during the call).
    const expiresAt = new Date((checked.expiry as { at: string }).at).getTime();
    expect(expiresAt - (refreshedAt + 60 * DAY)).toBeGreaterThanOrEqual(-1000);
    expect(expiresAt - (refreshedAt + 60 * DAY)).toBeLessThan(5000);
    expect(checked.refreshed!.accessToken).not.toBe(ig.token);
    await expect(connectors.instagram.me(checked.refreshed!.accessToken)).resolves.toMatchObject({ userId: ig.igUserId });
  });

  it("a token past the expiry Instagram gave is dead without a call; a revoked one is refused by Instagram", async () => {
    const ig = fake.control.createInstagramAccount({ variant: "instagram" });
    const base: Channel = { id: "ig2", platform: "instagram", variant: "instagram", externalId: ig.igUserId, accessToken: ig.token, tokenIssuedAt: new Date(now()) };
    expect(await refusal(connectors.instagram.checkToken({ ...base, tokenExpiresAt: new Date(now() - 1000) }))).toMatchObject({ kind: "auth_expired", subcode: 463 });
    expect(operations()).toEqual([]);
    fake.control.revokeToken({ token: ig.token, subcode: 460 });
    expect(await refusal(connectors.instagram.checkToken({ ...base, tokenExpiresAt: new Date(now() + 40 * DAY) }))).toMatchObject({ kind: "auth_expired", subcode: 460 });
  });
});
