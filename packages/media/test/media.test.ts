import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createMediaServices, imageSize, localMediaStore, mediaRoutes, sniffMimeType, videoSize } from "../src";

// A 1×1 PNG and the first bytes of a JPEG with a 640×480 frame header.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

describe("media", () => {
  it("stores bytes locally and serves them only through a valid, unexpired signed link", async () => {
    const store = localMediaStore(mkdtempSync(path.join(os.tmpdir(), "sillage-media-")));
    let now = new Date("2026-11-27T10:00:00Z");
    const media = createMediaServices({ store, appSecret: "x".repeat(40), appUrl: "https://app.example", now: () => now });
    await store.put("ws1/photo.png", PNG, "image/png");
    const app = mediaRoutes({ store, signingKey: media.signingKey, now: () => now });
    const url = new URL(media.signUrl("ws1/photo.png", 60));
    expect(url.origin).toBe("https://app.example");
    const ok = await app.request(`${url.pathname}${url.search}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(PNG);

    const tampered = await app.request(`${url.pathname.replace("photo", "other")}${url.search}`);
    expect(tampered.status).toBe(403);
    expect((await app.request(url.pathname)).status).toBe(403);
    now = new Date(now.getTime() + 61_000);
    expect((await app.request(`${url.pathname}${url.search}`)).status).toBe(410);
  });

  it("refuses keys that could escape the media folder", async () => {
    const store = localMediaStore(mkdtempSync(path.join(os.tmpdir(), "sillage-media-")));
    await expect(store.put("../etc/passwd", PNG, "image/png")).rejects.toThrow(/Unsafe/);
    await expect(store.get("a/../../b")).rejects.toThrow(/Unsafe/);
  });

  it("recognises types by their bytes and reads image sizes", () => {
    expect(sniffMimeType(PNG)).toBe("image/png");
    expect(sniffMimeType(JPEG)).toBe("image/jpeg");
    expect(sniffMimeType(Buffer.from("%PDF-1.7 ..."))).toBe("application/pdf");
    expect(sniffMimeType(Buffer.from("hello"))).toBeNull();
    expect(imageSize(PNG)).toEqual({ width: 1, height: 1 });
    expect(imageSize(JPEG)).toEqual({ width: 640, height: 480 });
  });

  it("reads a video's size as shown from its first video track (a quarter-turned track is portrait)", () => {
    // A `tkhd` box (version 0): width and height in 16.16 at 76/80 from its version byte, the matrix at 40.
    const tkhd = (width: number, height: number, turned = false) => {
      const box = Buffer.alloc(92);
      box.writeUInt32BE(92, 0);
      box.write("tkhd", 4);
      const matrix = 8 + 40;
      box.writeInt32BE(turned ? 0 : 0x10000, matrix);
      box.writeInt32BE(turned ? 0x10000 : 0, matrix + 4);
      box.writeInt32BE(turned ? -0x10000 : 0, matrix + 12);
      box.writeInt32BE(turned ? 0 : 0x10000, matrix + 16);
      box.writeInt32BE(0x40000000, matrix + 32);
      box.writeUInt32BE(width * 0x10000, matrix + 36);
      box.writeUInt32BE(height * 0x10000, matrix + 40);
      return box;
    };
    const mp4 = (...tracks: Buffer[]) => Buffer.concat([Buffer.from([0, 0, 0, 16]), Buffer.from("ftypisom"), Buffer.alloc(4), ...tracks]);
    // The audio track (0 × 0) first, as phones write it.
    expect(videoSize(mp4(tkhd(0, 0), tkhd(1080, 1920)))).toEqual({ width: 1080, height: 1920 });
    expect(videoSize(mp4(tkhd(1920, 1080, true)))).toEqual({ width: 1080, height: 1920 });
    expect(videoSize(mp4(tkhd(1920, 1080)))).toEqual({ width: 1920, height: 1080 });
    expect(videoSize(mp4())).toBeNull();
  });
});
