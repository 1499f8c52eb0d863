// The Instagram User Profile API and profile pictures, against the fake Graph server over real HTTP.
import { startFakeGraph } from "@sillage/fake-graph";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createConnectors,
  PlatformError,
  ProfileConsentRequiredError,
  type Channel,
  type ConnectorConfig,
  type Connectors,
} from "../src/index";

type Fake = Awaited<ReturnType<typeof startFakeGraph>>;

const DAY = 86_400_000;
const IGSID = "9281736450021837";
// A frozen clock, moved only by the fake's control (`advance`): the connector reads the same one.
const T0 = Date.parse("2026-12-02T09:00:00.000Z");

let fake: Fake;
let config: ConnectorConfig;
let connectors: Connectors;
let account: ReturnType<Fake["control"]["createInstagramAccount"]>;
let channel: Channel;

beforeAll(async () => {
  fake = await startFakeGraph({ port: 0, clock: () => T0 });
  config = {
    graphUrl: fake.url,
    instagramGraphUrl: fake.url,
    instagramOauthUrl: fake.url,
    graphVersion: "v25.0",
    timeoutMs: 2_000,
    clock: () => new Date(fake.control.now().now),
    retryBaseMs: 5,
    safeRetries: 2,
    breakerThreshold: 5,
    breakerHalfOpenAfterMs: 200,
  };
});

afterAll(async () => {
  await fake?.close();
});

beforeEach(() => {
  fake.control.reset();
  connectors = createConnectors(config);
  account = fake.control.createInstagramAccount({ username: "boutique.demo" });
  channel = { id: "ig-1", platform: "instagram", externalId: account.igUserId, accessToken: account.token, variant: "instagram" };
});

function customerWrites(igsid = IGSID) {
  fake.control.customerMessage({ channel: "instagram", igUserId: account.igUserId, from: igsid, text: "Bonjour, vous l'avez en 38 ?" });
}

async function caught(p: Promise<unknown>): Promise<PlatformError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PlatformError) return e;
    throw e;
  }
  throw new Error("expected a PlatformError");
}

const profileCalls = () => fake.control.calls().filter((c) => c.operation === "instagram.user_profile");

describe("Instagram customer profiles", () => {
  it("reads the profile of a customer who messaged, and the picture's bytes", async () => {
    customerWrites();
    fake.control.setInstagramProfile({
      igUserId: account.igUserId, igsid: IGSID, name: "Camille Laurent", username: "camille.lrt", picture: true,
      followerCount: 812, isUserFollowBusiness: true, isBusinessFollowUser: false,
    });
    const profile = await connectors.instagram.getUserProfile(channel, IGSID);
    expect(profile).toEqual({
      igsid: IGSID,
      name: "Camille Laurent",
      username: "camille.lrt",
      pictureUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/ig_profile_pic\//) as unknown,
      followerCount: 812,
      followsBusiness: true,
      followedByBusiness: false,
      verified: false,
      fetchedAt: "2026-12-02T09:00:00.000Z",
    });
    const picture = await connectors.instagram.fetchProfilePicture(channel, profile!.pictureUrl!);
    expect(picture.mimeType).toBe("image/jpeg");
    expect(picture.fileSize).toBe(picture.bytes.byteLength);
    expect([...picture.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(connectors.instagram.usage(channel.id)).not.toBeNull();
  });

  it("keeps a missing name and picture as null", async () => {
    customerWrites();
    fake.control.setInstagramProfile({ igUserId: account.igUserId, igsid: IGSID, name: null, username: "hugo_ptt", picture: null });
    const profile = await connectors.instagram.getUserProfile(channel, IGSID);
    expect(profile).toMatchObject({ name: null, username: "hugo_ptt", pictureUrl: null });
  });

  it("tells a customer who only commented apart with ProfileConsentRequiredError, asked once", async () => {
    const media = fake.control.seedInstagramMedia({ igUserId: account.igUserId });
    fake.control.customerComment({ mediaId: media.id, from: IGSID, username: "camille.lrt", text: "Prix ?" });
    const err = await caught(connectors.instagram.getUserProfile(channel, IGSID));
    expect(err).toBeInstanceOf(ProfileConsentRequiredError);
    expect(err).toMatchObject({ reason: "consent_required", igsid: IGSID, code: 230, retryable: false, platform: "instagram" });
    expect(err.toJSON()).toMatchObject({ kind: "permission", reason: "consent_required", igsid: IGSID, code: 230 });
    expect(profileCalls()).toHaveLength(1);
    // The channel is healthy: a consent refusal is about the person, not the account.
    expect(connectors.instagram.breakerState(channel.id)).toBe("closed");

    customerWrites();
    expect(await connectors.instagram.getUserProfile(channel, IGSID)).toMatchObject({ username: `user_${IGSID}` });
  });

  it("answers null for a customer who blocked the business, and for one the account never met", async () => {
    customerWrites();
    fake.control.setInstagramProfile({ igUserId: account.igUserId, igsid: IGSID, name: "Thomas Girard", username: "tomgirard_", blocked: true });
    expect(await connectors.instagram.getUserProfile(channel, IGSID)).toBeNull();
    expect(await connectors.instagram.getUserProfile(channel, "9000000000000001")).toBeNull();
  });

  it("fails an expired picture link with not_found, without retrying; a new read gives a working link", async () => {
    customerWrites();
    fake.control.setInstagramProfile({ igUserId: account.igUserId, igsid: IGSID, username: "camille.lrt", picture: true });
    const first = await connectors.instagram.getUserProfile(channel, IGSID);
    fake.control.advance({ ms: 3 * DAY + 1 });
    const before = fake.control.calls().length;
    const err = await caught(connectors.instagram.fetchProfilePicture(channel, first!.pictureUrl!));
    expect(err).toMatchObject({ kind: "not_found", httpStatus: 403, retryable: false });
    expect(fake.control.calls().length - before).toBe(1);

    const fresh = await connectors.instagram.getUserProfile(channel, IGSID);
    expect(fresh!.pictureUrl).not.toBe(first!.pictureUrl);
    expect((await connectors.instagram.fetchProfilePicture(channel, fresh!.pictureUrl!)).mimeType).toBe("image/jpeg");
  });

  it("caps the picture's size and trusts only image bytes from Meta's hosts", async () => {
    customerWrites();
    fake.control.setInstagramProfile({ igUserId: account.igUserId, igsid: IGSID, username: "camille.lrt", picture: true });
    const { pictureUrl } = (await connectors.instagram.getUserProfile(channel, IGSID))!;
    expect(await caught(connectors.instagram.fetchProfilePicture(channel, pictureUrl!, { maxBytes: 100 }))).toMatchObject({ kind: "invalid_media" });

    fake.control.setInstagramProfile({
      igUserId: account.igUserId, igsid: IGSID, picture: { bytesBase64: Buffer.from("<html>not a picture</html>").toString("base64") },
    });
    const html = (await connectors.instagram.getUserProfile(channel, IGSID))!.pictureUrl!;
    expect(await caught(connectors.instagram.fetchProfilePicture(channel, html))).toMatchObject({ kind: "invalid_media" });

    expect(await caught(connectors.instagram.fetchProfilePicture(channel, "http://169.254.169.254/latest/meta-data"))).toMatchObject({
      kind: "invalid_input",
    });
  });

  it("reports a token problem as auth_expired, not as consent", async () => {
    customerWrites();
    fake.control.advance({ ms: 61 * DAY });
    const err = await caught(connectors.instagram.getUserProfile(channel, IGSID));
    expect(err).not.toBeInstanceOf(ProfileConsentRequiredError);
    expect(err).toMatchObject({ kind: "auth_expired", code: 190, subcode: 463 });

    fake.control.revokeToken({ token: account.token, subcode: 460 });
    expect(await caught(connectors.instagram.getUserProfile(channel, IGSID))).toMatchObject({ kind: "auth_expired" });
  });

  it("goes through the graph transport: a transient error is retried, a malformed answer is an error", async () => {
    customerWrites();
    fake.control.injectFault({ match: { operation: "instagram.user_profile" }, kind: "transient" });
    expect(await connectors.instagram.getUserProfile(channel, IGSID)).toMatchObject({ username: `user_${IGSID}` });
    expect(profileCalls().map((c) => c.status)).toEqual([500, 200]);

    fake.control.injectFault({ match: { operation: "instagram.user_profile" }, kind: "malformed", times: 3, body: '{"username":"x","follower_count":"many"}' });
    expect(await caught(connectors.instagram.getUserProfile(channel, IGSID))).toMatchObject({ kind: "malformed" });
  });

  it("reads through graph.facebook.com with a Page token (Facebook Login)", async () => {
    const fb = fake.control.createInstagramAccount({ variant: "facebook" });
    fake.control.customerMessage({ channel: "instagram", igUserId: fb.igUserId, from: IGSID, text: "Hello" });
    fake.control.setInstagramProfile({ igUserId: fb.igUserId, igsid: IGSID, name: "Emily Carter", username: "emilycarter.ldn" });
    const fbChannel: Channel = { id: "ig-fb", platform: "instagram", externalId: fb.igUserId, accessToken: fb.token, variant: "facebook" };
    expect(await connectors.instagram.getUserProfile(fbChannel, IGSID)).toMatchObject({ name: "Emily Carter", username: "emilycarter.ldn" });
    expect(connectors.instagram.capabilities.profiles).toBe(true);
    expect(connectors.whatsapp.capabilities.profiles).toBe(false);
  });

  it("refuses an IGSID that is not one before calling Meta", async () => {
    expect(await caught(connectors.instagram.getUserProfile(channel, "me/accounts"))).toMatchObject({ kind: "invalid_input" });
    expect(profileCalls()).toHaveLength(0);
  });
});
