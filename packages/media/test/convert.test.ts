/** Images made ready for Instagram at upload: JPEG, 4:5 to 1.91:1, at most 1440 px wide and 8 MB. */
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { imageSize, INSTAGRAM_IMAGE, instagramCrop, sniffMimeType, toInstagramJpeg } from "../src";

const solid = (width: number, height: number) => sharp({ create: { width, height, channels: 4, background: { r: 200, g: 40, b: 90, alpha: 0.5 } } });

describe("toInstagramJpeg", () => {
  it("converts a PNG to a JPEG Instagram accepts, keeping a ratio already within limits", async () => {
    const png = await solid(1080, 1080).png().toBuffer();
    expect(sniffMimeType(png)).toBe("image/png");
    const out = await toInstagramJpeg(png, "image/png");
    expect(out).not.toBeNull();
    expect(sniffMimeType(out!.bytes)).toBe("image/jpeg");
    expect(imageSize(out!.bytes)).toEqual({ width: 1080, height: 1080 });
    expect(out!.conversion).toMatchObject({ from: "image/png", to: "image/jpeg", croppedTo: null, resized: false });
    // Transparency flattened on white: the half-transparent pink is lighter than the colour itself.
    const { data } = await sharp(out!.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(220);
  });

  it("converts a WebP, crops a tall image to 4:5 and scales a wide one down to 1440 px", async () => {
    const tall = await solid(1000, 2000).webp().toBuffer();
    expect(sniffMimeType(tall)).toBe("image/webp");
    const t = await toInstagramJpeg(tall, "image/webp");
    expect(imageSize(t!.bytes)).toEqual({ width: 1000, height: 1250 });
    expect(t!.conversion.croppedTo).toBe("4:5");

    const panorama = await solid(4000, 1000).webp().toBuffer();
    const p = await toInstagramJpeg(panorama, "image/webp");
    const size = imageSize(p!.bytes)!;
    expect(size.width).toBe(INSTAGRAM_IMAGE.maxWidth);
    expect(size.width / size.height).toBeLessThanOrEqual(INSTAGRAM_IMAGE.maxAspect + 0.01);
    expect(size.width / size.height).toBeGreaterThan(1.85);
    expect(p!.conversion).toMatchObject({ croppedTo: "1.91:1", resized: true, originalWidth: 4000, originalHeight: 1000 });
    expect(p!.bytes.byteLength).toBeLessThanOrEqual(INSTAGRAM_IMAGE.maxBytes);
  });

  it("for a story or a reel's cover (any shape), converts and scales without cropping: a 9:16 image stays 9:16", async () => {
    const tall = await solid(1080, 1920).png().toBuffer();
    const out = await toInstagramJpeg(tall, "image/png", "any");
    expect(imageSize(out!.bytes)).toEqual({ width: 1080, height: 1920 });
    expect(out!.conversion).toMatchObject({ from: "image/png", croppedTo: null, resized: false });
    expect(await toInstagramJpeg(await solid(1080, 1920).jpeg().toBuffer(), "image/jpeg", "any")).toBeNull();
    expect((await toInstagramJpeg(tall, "image/png"))!.conversion.croppedTo).toBe("4:5");
  });

  it("keeps a JPEG within limits byte for byte, and fixes one that is not", async () => {
    const fine = await solid(1080, 1350).jpeg().toBuffer();
    expect(await toInstagramJpeg(fine, "image/jpeg")).toBeNull();
    const wide = await solid(3000, 1000).jpeg().toBuffer();
    const w = await toInstagramJpeg(wide, "image/jpeg");
    expect(w!.conversion.croppedTo).toBe("1.91:1");
  });

  it("decodes an iPhone-style HEIC (HEVC) and makes it a JPEG within Instagram's ratios", async () => {
    // 160×80 (2:1), HEVC, 717 bytes: made with libheif's heif-enc (x265) from a gradient; sharp alone cannot read it.
    const heic = fs.readFileSync(path.join(import.meta.dirname, "fixtures", "gradient-160x80.heic"));
    expect(sniffMimeType(heic)).toBe("image/heic");
    const out = await toInstagramJpeg(heic, "image/heic");
    expect(sniffMimeType(out!.bytes)).toBe("image/jpeg");
    // 2:1 is wider than 1.91:1: cropped around the centre to 152×80.
    expect(imageSize(out!.bytes)).toEqual({ width: 152, height: 80 });
    expect(out!.conversion).toMatchObject({ from: "image/heic", croppedTo: "1.91:1", originalWidth: 160, originalHeight: 80 });
    // The pixels are the picture's: red grows left to right, green top to bottom (a lossy round trip, loosely).
    const { data, info } = await sharp(out!.bytes).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3);
    expect(px(info.width - 2, 40)[0]! - px(1, 40)[0]!).toBeGreaterThan(150);
    expect(px(76, info.height - 2)[1]! - px(76, 1)[1]!).toBeGreaterThan(150);
  });

  it("refuses bytes it cannot decode with a code", async () => {
    await expect(toInstagramJpeg(Buffer.from("ftypheic not really an image"), "image/heic")).rejects.toMatchObject({ code: "undecodable" });
  });

  it("computes the centred crop at each limit", () => {
    expect(instagramCrop(1080, 1080)).toBeNull();
    expect(instagramCrop(800, 1000)).toBeNull();
    expect(instagramCrop(800, 1001)).toMatchObject({ ratio: "4:5", width: 800, height: 1000 });
    expect(instagramCrop(1910, 1000)).toBeNull();
    expect(instagramCrop(2000, 1000)).toMatchObject({ ratio: "1.91:1", left: 45, width: 1910 });
  });

  it("recognizes HEIC and AVIF by their brand, not as video", () => {
    const box = (brand: string) => Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from(`ftyp${brand}`), Buffer.alloc(12)]);
    expect(sniffMimeType(box("heic"))).toBe("image/heic");
    expect(sniffMimeType(box("avif"))).toBe("image/avif");
    expect(sniffMimeType(box("isom"))).toBe("video/mp4");
  });
});
