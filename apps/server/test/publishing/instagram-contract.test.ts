// Instagram publishing against Meta's contract (§3), through the API, the real worker and PostgreSQL: a reel's
// optional parameters, and Meta's 2207xxx refusals stored as coded reasons the SPA words in French and English.
import type { Runner } from "@sillage/queue";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer } from "../harness";
import { connectInstagram, inSeconds, publicationsOf, runsOf, startTestWorker, uploadJpeg, wideJpeg } from "./helpers";

let server: TestServer;
let runner: Runner;
let owner: ApiSession;
let ig: Awaited<ReturnType<typeof connectInstagram>>;

beforeAll(async () => {
  server = await startTestServer();
  runner = await startTestWorker(server);
  owner = await ApiSession.signup(server.url, { email: "reels@example.com", workspaceName: "Reels" });
  ig = await connectInstagram(server, owner);
});
afterAll(async () => {
  await runner.stop();
  await server.close();
});
afterEach(() => server.fake.control.clearFaults());

/** A minimal MP4 that says it lasts `seconds` (its `mvhd` box): what media.upload reads a video's duration from. */
function tinyMp4(seconds: number): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 16]), Buffer.from("ftypisom"), Buffer.from([0, 0, 2, 0])]);
  const mvhd = Buffer.alloc(108);
  mvhd.writeUInt32BE(108, 0);
  mvhd.write("mvhd", 4);
  mvhd.writeUInt32BE(1000, 20); // timescale
  mvhd.writeUInt32BE(seconds * 1000, 24); // duration
  const moov = Buffer.concat([Buffer.from([0, 0, 0, 116]), Buffer.from("moov"), mvhd]);
  return Buffer.concat([ftyp, moov]);
}

async function uploadMp4(seconds: number): Promise<string> {
  return ok<{ id: string }>(await owner.mutation("media.upload", { data: `data:video/mp4;base64,${tinyMp4(seconds).toString("base64")}`, filename: "clip.mp4", purpose: "post" })).id;
}

const create = async (input: Record<string, unknown>) => ok<{ id: string }>(await owner.mutation("posts.create", { timeZone: "Europe/Paris", channelIds: [ig.channelId], ...input }));
const waitStatus = (postId: string, status: string) =>
  expect.poll(async () => (await publicationsOf(server, postId)).map((p) => p.status), { timeout: 15_000, interval: 50 }).toEqual([status]);

describe("a reel's cover", () => {
  it("an uploaded JPEG cover and a cover frame go to Meta as cover_url (a signed link) and thumb_offset", async () => {
    const video = await uploadMp4(10);
    const cover = await uploadJpeg(owner);
    const { id } = await create({
      publishAt: inSeconds(server, 0),
      content: { text: "Reel with a cover", mediaIds: [video], instagram: { coverMediaId: cover, thumbOffsetMs: 2500, shareToFeed: true } },
    });
    await waitStatus(id, "published");
    const container = server.fake.control.containers().find((c) => c.caption === "Reel with a cover");
    expect(container).toMatchObject({ mediaType: "REELS", params: { share_to_feed: "true", thumb_offset: "2500" } });
    const coverUrl = String(container!.params.cover_url);
    expect(coverUrl.startsWith(`${server.url}/media/`)).toBe(true);
    const fetched = await fetch(coverUrl);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get("content-type")).toBe("image/jpeg");
  });

  it("is checked when the post is saved: a reel only, a JPEG, a frame within the video", async () => {
    const video = await uploadMp4(10);
    const photo = await uploadJpeg(owner);
    const issuesOf = async (content: Record<string, unknown>) => {
      const res = await owner.mutation("posts.create", { timeZone: "Europe/Paris", channelIds: [ig.channelId], publishAt: inSeconds(server, 3600), content });
      expect(res).toMatchObject({ ok: false, code: "BAD_REQUEST" });
      return (res as { data?: { fieldIssues?: Record<string, { code: string; params: Record<string, unknown> }[]> } }).data?.fieldIssues ?? {};
    };
    expect(await issuesOf({ text: "feed", mediaIds: [photo], instagram: { coverMediaId: photo } })).toMatchObject({
      "content.instagram.coverMediaId": [{ code: "post_reel_cover_only" }],
    });
    expect(await issuesOf({ text: "video cover", mediaIds: [video], instagram: { coverMediaId: video } })).toMatchObject({
      "content.instagram.coverMediaId": [{ code: "post_cover_jpeg_only" }],
    });
    expect(await issuesOf({ text: "late frame", mediaIds: [video], instagram: { thumbOffsetMs: 12_000 } })).toMatchObject({
      "content.instagram.thumbOffsetMs": [{ code: "post_thumb_offset_beyond_video", params: { seconds: 12, duration: 10 } }],
    });
  });

  it("refuses an image description on a reel or a story at save (Meta takes alt_text on feed images only)", async () => {
    const video = await uploadMp4(10);
    const photo = await uploadJpeg(owner);
    const save = (content: Record<string, unknown>) => owner.mutation("posts.create", { timeZone: "Europe/Paris", channelIds: [ig.channelId], publishAt: inSeconds(server, 3600), content });
    for (const [format, media] of [["reel", video], ["story", photo]] as const) {
      const res = await save({ text: `described ${format}`, mediaIds: [media], instagram: { format, altText: "A red bicycle" } });
      expect(res).toMatchObject({ ok: false, code: "BAD_REQUEST", data: { fieldIssues: { "content.instagram.altText": [{ code: "post_alt_text_feed_only", params: { format } }] } } });
    }
    // On a feed image it goes out as Meta's alt_text; an empty one on a story says nothing and is accepted.
    ok(await save({ text: "described feed", mediaIds: [photo], instagram: { altText: "A red bicycle" } }));
    ok(await save({ text: "story without description", mediaIds: [photo], instagram: { format: "story", altText: " " } }));
  });

  it("a video's length is checked per format (Meta: stories up to 60 s, every video at least 3 s)", async () => {
    const long = await uploadMp4(90);
    const short = await uploadMp4(2);
    const issuesOf = async (content: Record<string, unknown>) => {
      const res = await owner.mutation("posts.create", { timeZone: "Europe/Paris", channelIds: [ig.channelId], publishAt: inSeconds(server, 3600), content });
      return (res as { data?: { fieldIssues?: Record<string, unknown> } }).data?.fieldIssues ?? {};
    };
    expect(await issuesOf({ mediaIds: [long], instagram: { format: "story" } })).toMatchObject({
      "content.mediaIds": [{ code: "post_video_too_long", params: { seconds: 60, format: "story" } }],
    });
    expect(await issuesOf({ text: "blink", mediaIds: [short] })).toMatchObject({
      "content.mediaIds": [{ code: "post_video_too_short", params: { seconds: 3, format: "reel" } }],
    });
    // A 90-second reel is fine (reels go up to 15 minutes).
    ok(await owner.mutation("posts.create", { timeZone: "Europe/Paris", channelIds: [ig.channelId], publishAt: inSeconds(server, 3600), content: { text: "long reel", mediaIds: [long] } }));
  });
});

async function uploadWide(): Promise<string> {
  return ok<{ id: string }>(await owner.mutation("media.upload", { data: `data:image/jpeg;base64,${wideJpeg().toString("base64")}`, filename: "banner.jpg" })).id;
}

describe("a video's size", () => {
  it("is read at upload from its video track (a quarter-turned phone video is portrait) and returned with the asset", async () => {
    // `tkhd` (version 0) of a 1920 × 1080 track turned a quarter: shown 1080 × 1920.
    const tkhd = Buffer.alloc(92);
    tkhd.writeUInt32BE(92, 0);
    tkhd.write("tkhd", 4);
    tkhd.writeInt32BE(0x10000, 48 + 4);
    tkhd.writeInt32BE(-0x10000, 48 + 12);
    tkhd.writeInt32BE(0x40000000, 48 + 32);
    tkhd.writeUInt32BE(1920 * 0x10000, 48 + 36);
    tkhd.writeUInt32BE(1080 * 0x10000, 48 + 40);
    const bytes = Buffer.concat([tinyMp4(10), tkhd]);
    const asset = ok<{ id: string; width: number | null; height: number | null; durationS: number | null }>(
      await owner.mutation("media.upload", { data: `data:video/mp4;base64,${bytes.toString("base64")}`, filename: "portrait.mp4", purpose: "post" }),
    );
    expect(asset).toMatchObject({ width: 1080, height: 1920, durationS: 10 });
    const row = await server.db.db.selectFrom("media_assets").select(["width", "height"]).where("id", "=", asset.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ width: 1080, height: 1920 });
  });
});

describe("an image's shape (Meta: feed and carousel images from 4:5 to 1.91:1)", () => {
  it("is checked when the post is saved: the item, its size and the range, as a coded issue; a story takes it", async () => {
    const wide = await uploadWide();
    const photo = await uploadJpeg(owner);
    const at = inSeconds(server, 3600);
    const feed = await owner.mutation("posts.create", { timeZone: "Europe/Paris", channelIds: [ig.channelId], publishAt: at, content: { text: "banner", mediaIds: [wide] } });
    expect(feed).toMatchObject({
      ok: false,
      code: "BAD_REQUEST",
      data: { fieldIssues: { "content.mediaIds.0": [{ code: "post_image_aspect_ratio", params: { width: 32, height: 16, ratio: 2 } }] } },
    });
    const carousel = await owner.mutation("posts.create", { timeZone: "Europe/Paris", channelIds: [ig.channelId], publishAt: at, content: { mediaIds: [photo, wide] } });
    expect(Object.keys((carousel as { data: { fieldIssues: object } }).data.fieldIssues)).toEqual(["content.mediaIds.1"]);
    ok(await owner.mutation("posts.create", { timeZone: "Europe/Paris", channelIds: [ig.channelId], publishAt: at, content: { mediaIds: [wide], instagram: { format: "story" } } }));
  });

  it("one that reaches Meta anyway (its size unknown to Sillage) is refused there, 36003 / 2207009: failed at once, worded as the shape", async () => {
    const wide = await uploadWide();
    // As a file whose size the upload could not read: nothing to check at save, Meta reads the image itself.
    await server.db.db.updateTable("media_assets").set({ width: null, height: null }).where("id", "=", wide).execute();
    const { id } = await create({ publishAt: inSeconds(server, 0), content: { text: "wider than Meta takes", mediaIds: [wide] } });
    await waitStatus(id, "failed");
    const [pub] = await publicationsOf(server, id);
    expect(pub).toMatchObject({ attempts: 1, error_class: "invalid_media", status_reason_code: "publication.ig_aspect_ratio" });
    expect(pub!.status_reason_params).toMatchObject({ detail: expect.stringMatching(/aspect ratio/i) });
    expect(server.fake.control.published({ igUserId: ig.igUserId }).filter((p) => p.caption === "wider than Meta takes")).toHaveLength(0);
  });
});

describe("Meta's 2207xxx refusals are stored as coded reasons, transient ones retried", () => {
  it("2207026 (unsupported video) fails at once; its reason is the subcode's, with Meta's words as the detail", async () => {
    server.fake.control.injectFault({ kind: "permanent", code: 9004, subcode: 2207026, match: { operation: "instagram.container_create" } });
    const video = await uploadMp4(10);
    const { id } = await create({ publishAt: inSeconds(server, 0), content: { text: "bad codec", mediaIds: [video] } });
    await waitStatus(id, "failed");
    const [pub] = await publicationsOf(server, id);
    expect(pub).toMatchObject({ attempts: 1, error_class: "invalid_media", status_reason_code: "publication.ig_unsupported_video" });
    expect(pub!.status_reason_params).toMatchObject({ detail: expect.stringMatching(/#9004\/2207026/) });
    const runs = await runsOf(server, pub!.id);
    expect(runs.map((r) => [r.status, r.error_code])).toEqual([["failed", "publication.ig_unsupported_video"]]);
    // Worded in the reader's language through the API's reason: posts.get hands it over as is.
    const got = ok<{ publications: { statusReasonCode: string | null }[] }>(await owner.query("posts.get", { id }));
    expect(got.publications[0]?.statusReasonCode).toBe("publication.ig_unsupported_video");
  });

  it("2207052 (Meta could not fetch the media) is transient: retried, then published once", async () => {
    server.fake.control.injectFault({ kind: "permanent", code: 9004, subcode: 2207052, times: 1, match: { operation: "instagram.container_create" } });
    const photo = await uploadJpeg(owner);
    const { id } = await create({ publishAt: inSeconds(server, 0), content: { text: "fetched later", mediaIds: [photo] } });
    await waitStatus(id, "published");
    const [pub] = await publicationsOf(server, id);
    const runs = await runsOf(server, pub!.id);
    expect(runs.map((r) => [r.status, r.error_code])).toEqual([
      ["retrying", "publication.ig_media_fetch_failed"],
      ["success", null],
    ]);
    expect(server.fake.control.published({ igUserId: ig.igUserId }).filter((p) => p.caption === "fetched later")).toHaveLength(1);
  });
});
