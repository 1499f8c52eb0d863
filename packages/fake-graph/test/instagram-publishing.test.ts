import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeGraph, type FakeGraph } from "../src/index.js";
import { call } from "./helpers.js";

let fake: FakeGraph;
beforeAll(async () => {
  fake = await startFakeGraph({ containerPollsInProgress: 2, publishQuota: 3 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.control.reset();
});

function account() {
  const ig = fake.control.createInstagramAccount({ username: "brand" });
  const post = (path: string, form: Record<string, string>) => call(fake.url, "POST", `/v25.0/${path}`, { token: ig.token, form });
  const get = (path: string) => call(fake.url, "GET", `/v25.0/${path}`, { token: ig.token });
  const status = async (id: string) => (await get(`${id}?fields=status_code,status`)).json.status_code as string;
  return { ig, post, get, status };
}

/** A JPEG header of `width` × `height` (SOF0), as a server on this machine would serve it. */
const jpegHeader = (width: number, height: number) =>
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xd9]);

describe("Instagram publishing", () => {
  it("a feed or carousel image outside 4:5–1.91:1 is refused when its container is made (36003 / 2207009); a story is not", async () => {
    const images = createServer((req, res) => {
      const [w, h] = (req.url ?? "").slice(1).split("x").map((n) => parseInt(n, 10));
      res.setHeader("content-type", "image/jpeg");
      res.end(jpegHeader(w!, h!));
    });
    await new Promise<void>((r) => images.listen(0, "127.0.0.1", () => r()));
    const base = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
    try {
      const { ig, post } = account();
      const wide = await post(`${ig.igUserId}/media`, { image_url: `${base}/32x16.jpg`, caption: "too wide" });
      expect(wide.status).toBe(400);
      expect(wide.json.error).toMatchObject({ code: 36003, error_subcode: 2207009, is_transient: false, message: "The aspect ratio is not supported." });
      expect((wide.json.error as { error_user_msg: string }).error_user_msg).toContain("('2/1',)");
      const tall = await post(`${ig.igUserId}/media`, { image_url: `${base}/1080x1920.jpg`, is_carousel_item: "true" });
      expect(tall.json.error).toMatchObject({ code: 36003, error_subcode: 2207009 });
      for (const ok of ["1080x1350", "1910x1000", "20x16"]) expect((await post(`${ig.igUserId}/media`, { image_url: `${base}/${ok}.jpg` })).status).toBe(200);
      expect((await post(`${ig.igUserId}/media`, { media_type: "STORIES", image_url: `${base}/1080x1920.jpg` })).status).toBe(200);
      // Never fetched from the internet: another host's image is taken on trust.
      expect((await post(`${ig.igUserId}/media`, { image_url: "https://cdn.example.com/wide.jpg" })).status).toBe(200);
    } finally {
      await new Promise<void>((r) => images.close(() => r()));
    }
  });

  it("container state machine: IN_PROGRESS for N polls then FINISHED; early publish → 9007/2207027; PUBLISHED after", async () => {
    const { ig, post, get, status } = account();
    const c = await post(`${ig.igUserId}/media`, { image_url: "https://cdn.example.com/a.jpg", caption: "hello #world" });
    const id = c.json.id as string;
    const early = await post(`${ig.igUserId}/media_publish`, { creation_id: id });
    expect(early.status).toBe(400);
    expect(early.json.error).toMatchObject({ code: 9007, error_subcode: 2207027, is_transient: false, message: "Media ID is not available" });
    expect(await status(id)).toBe("IN_PROGRESS"); // 2nd observation
    const finished = await get(`${id}?fields=status_code,status`);
    expect(finished.json).toEqual({
      status_code: "FINISHED",
      status: "Finished: Media has been uploaded and it is ready to be published.",
    });
    const pub = await post(`${ig.igUserId}/media_publish`, { creation_id: id });
    expect(pub.status).toBe(200);
    expect(await status(id)).toBe("PUBLISHED");
    const again = await post(`${ig.igUserId}/media_publish`, { creation_id: id });
    expect(again.status).toBe(400);
    expect(fake.control.published()).toHaveLength(1);

    const media = await get(`${pub.json.id as string}?fields=id,permalink,media_type,media_product_type,shortcode,timestamp,caption`);
    expect(media.json).toMatchObject({ id: pub.json.id, media_type: "IMAGE", media_product_type: "FEED", caption: "hello #world" });
    expect(media.json.permalink).toBe(`https://www.instagram.com/p/${media.json.shortcode as string}/`);
    expect(media.json.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
  });

  it("processing time: a container stays IN_PROGRESS for containerProcessingMs however often it is read", async () => {
    const { ig, post, status } = account();
    fake.control.configure({ containerPollsInProgress: 0, containerProcessingMs: 2000, videoPollsInProgress: 0 });
    const id = (await post(`${ig.igUserId}/media`, { media_type: "REELS", video_url: "https://cdn.example.com/v.mp4" })).json.id as string;
    for (let i = 0; i < 5; i++) expect(await status(id)).toBe("IN_PROGRESS");
    fake.control.advance({ ms: 1500 });
    expect(await status(id)).toBe("IN_PROGRESS");
    fake.control.advance({ ms: 500 });
    expect(await status(id)).toBe("FINISHED");
  });

  it("injectable ERROR/EXPIRED and automatic expiry after 24 h", async () => {
    const { ig, post, get, status } = account();
    const a = (await post(`${ig.igUserId}/media`, { media_type: "REELS", video_url: "https://cdn.example.com/v.mp4" })).json.id as string;
    fake.control.setContainerStatus({ containerId: a, status: "ERROR", errorSubcode: 2207026 });
    const r = await get(`${a}?fields=status_code,status`);
    expect(r.json).toEqual({ status_code: "ERROR", status: "Error: Media upload has failed with error code 2207026" });
    const b = (await post(`${ig.igUserId}/media`, { image_url: "https://cdn.example.com/b.jpeg" })).json.id as string;
    fake.control.advance({ ms: 24 * 3_600_000 });
    expect(await status(b)).toBe("EXPIRED");
  });

  it("validation: JPEG only, caption ≤ 2200 (2207010), carousel 2–10 children", async () => {
    const { ig, post, get, status } = account();
    const png = await post(`${ig.igUserId}/media`, { image_url: "https://cdn.example.com/a.png" });
    expect(png.json.error.error_subcode).toBe(2207005);
    const long = await post(`${ig.igUserId}/media`, { image_url: "https://cdn.example.com/a.jpg", caption: "x".repeat(2201) });
    expect(long.json.error).toMatchObject({ code: 100, error_subcode: 2207010 });
    const child = async () => (await post(`${ig.igUserId}/media`, { image_url: "https://cdn.example.com/c.jpg", is_carousel_item: "true" })).json.id as string;
    const one = await child();
    expect((await post(`${ig.igUserId}/media`, { media_type: "CAROUSEL", children: one })).json.error.code).toBe(100);
    const two = await child();
    // Items still processing cannot make a carousel; once read FINISHED they can.
    const early = await post(`${ig.igUserId}/media`, { media_type: "CAROUSEL", children: `${one},${two}`, caption: "album" });
    expect(early.json.error).toMatchObject({ code: 9007, error_subcode: 2207027 });
    for (const id of [one, two]) while ((await status(id)) !== "FINISHED");
    const parent = (await post(`${ig.igUserId}/media`, { media_type: "CAROUSEL", children: `${one},${two}`, caption: "album" })).json.id as string;
    while ((await status(parent)) !== "FINISHED");
    const pub = await post(`${ig.igUserId}/media_publish`, { creation_id: parent });
    const media = await get(`${pub.json.id as string}?fields=media_type,children{id,media_type}`);
    expect(media.json.media_type).toBe("CAROUSEL_ALBUM");
    expect(media.json.children.data).toHaveLength(2);
    expect(fake.control.published()[0]?.children).toHaveLength(2);
  });

  it("carousel items: a video item stays IN_PROGRESS longer than an image; the carousel waits for every item, a failed item refuses it", async () => {
    const { ig, post, status } = account();
    fake.control.configure({ containerPollsInProgress: 1, videoPollsInProgress: 3 });
    const item = async (form: Record<string, string>) => (await post(`${ig.igUserId}/media`, { is_carousel_item: "true", ...form })).json.id as string;
    const image = await item({ image_url: "https://cdn.example.com/1.jpg" });
    const video = await item({ media_type: "VIDEO", video_url: "https://cdn.example.com/2.mp4" });
    const reads = async (id: string) => {
      let n = 1;
      while ((await status(id)) === "IN_PROGRESS") n++;
      return n;
    };
    expect(await reads(image)).toBe(2);
    const carousel = (children: string) => post(`${ig.igUserId}/media`, { media_type: "CAROUSEL", children });
    // The image is ready, the video is not: no carousel yet (and trying does not move the video on).
    expect((await carousel(`${image},${video}`)).json.error).toMatchObject({ code: 9007, error_subcode: 2207027 });
    expect(await reads(video)).toBe(5);
    expect((await carousel(`${image},${video}`)).status).toBe(200);

    const broken = await item({ media_type: "VIDEO", video_url: "https://cdn.example.com/3.mp4" });
    fake.control.setContainerStatus({ containerId: broken, status: "ERROR", errorSubcode: 2207026 });
    expect((await carousel(`${image},${broken}`)).json.error).toMatchObject({ code: 9004, error_subcode: 2207026 });
    // A reel and a video story are videos too.
    const reel = (await post(`${ig.igUserId}/media`, { media_type: "REELS", video_url: "https://cdn.example.com/r.mp4" })).json.id as string;
    expect(await reads(reel)).toBe(5);
  });

  it("quota: 9/2207042 once the rolling 24 h limit is used; content_publishing_limit reflects usage", async () => {
    const { ig, post, get } = account();
    fake.control.configure({ containerPollsInProgress: 0 });
    const limit = async () => (await get(`${ig.igUserId}/content_publishing_limit?fields=quota_usage,config`)).json.data[0];
    expect(await limit()).toEqual({ quota_usage: 0, config: { quota_total: 3, quota_duration: 86400 } });
    for (let i = 0; i < 3; i++) {
      const id = (await post(`${ig.igUserId}/media`, { image_url: `https://cdn.example.com/${i}.jpg` })).json.id as string;
      expect((await post(`${ig.igUserId}/media_publish`, { creation_id: id })).status).toBe(200);
      fake.control.advance({ ms: 3_600_000 });
    }
    expect((await limit()).quota_usage).toBe(3);
    const id = (await post(`${ig.igUserId}/media`, { image_url: "https://cdn.example.com/x.jpg" })).json.id as string;
    const over = await post(`${ig.igUserId}/media_publish`, { creation_id: id });
    expect(over.json.error).toMatchObject({ code: 9, error_subcode: 2207042 });
    fake.control.advance({ ms: 21 * 3_600_000 + 1 }); // the first publish leaves the window
    expect((await limit()).quota_usage).toBe(2);
    expect((await post(`${ig.igUserId}/media_publish`, { creation_id: id })).status).toBe(200);
    const list = await get(`${ig.igUserId}/media?fields=id,caption&limit=2`);
    expect(list.json.data).toHaveLength(2);
    expect(list.json.paging.next).toBeTruthy();
  });

  it("GET /{ig}/media lists published media newest first, ≤ 50 a page, with cursors, `next` only when more, `fields` as asked", async () => {
    const { ig, post, get } = account();
    fake.control.configure({ containerPollsInProgress: 0 });
    fake.control.configure({ publishQuota: 100 });
    for (let i = 0; i < 53; i++) {
      const id = (await post(`${ig.igUserId}/media`, { image_url: `https://cdn.example.com/${i}.jpg`, caption: `post ${i}` })).json.id as string;
      expect((await post(`${ig.igUserId}/media_publish`, { creation_id: id })).status).toBe(200);
      fake.control.advance({ ms: 60_000 });
    }
    // Another account's media never shows.
    const other = fake.control.createInstagramAccount({ username: "other" });
    const oc = (await call(fake.url, "POST", `/v25.0/${other.igUserId}/media`, { token: other.token, form: { image_url: "https://cdn.example.com/o.jpg" } })).json.id as string;
    await call(fake.url, "POST", `/v25.0/${other.igUserId}/media_publish`, { token: other.token, form: { creation_id: oc } });

    const first = await get(`${ig.igUserId}/media?fields=id,caption,timestamp&limit=100`);
    expect(first.status).toBe(200);
    expect(first.json.data).toHaveLength(50);
    expect(first.json.data[0].caption).toBe("post 52");
    expect(first.json.data[49].caption).toBe("post 3");
    expect(Object.keys(first.json.data[0]).sort()).toEqual(["caption", "id", "timestamp"]);
    expect(first.json.paging.cursors).toEqual({ before: expect.any(String), after: expect.any(String) });
    expect(first.json.paging.previous).toBeUndefined();
    const next = new URL(first.json.paging.next as string);
    expect(next.searchParams.get("limit")).toBe("50");
    const second = await get(`${ig.igUserId}/media?fields=id,caption&limit=100&after=${first.json.paging.cursors.after as string}`);
    expect(second.json.data.map((m: { caption: string }) => m.caption)).toEqual(["post 2", "post 1", "post 0"]);
    expect(second.json.paging.next).toBeUndefined();
    expect(second.json.paging.previous).toBeTruthy();
    // Without `fields`, only ids (as Graph answers).
    const bare = await get(`${ig.igUserId}/media?limit=1`);
    expect(Object.keys(bare.json.data[0])).toEqual(["id"]);
    // A bad cursor is refused.
    expect((await get(`${ig.igUserId}/media?after=nonsense`)).json.error.code).toBe(100);
  });
});
