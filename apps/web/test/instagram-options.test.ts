/** The composer's Instagram options: what each format sends, and the API's checks made before sending. */
import i18n from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAreas } from "../src/i18n";
import { INSTAGRAM_LIMITS } from "@sillage/validators/instagram";
import { renderFieldIssue } from "../src/lib/errors";
import { instagramInput, instagramIssues, notVertical, type ComposerMedia, type IgOptions } from "../src/components/schedule/instagram-options";

beforeAll(async () => {
  await i18n.loadLanguages(["fr", "en"]);
  // Loaded with the composer in the app (routes/schedule.tsx).
  await loadAreas(["fieldIssues"]);
});

const image = (id: string, width: number, height: number): ComposerMedia => ({ id, mimeType: "image/jpeg", width, height });
const video: ComposerMedia = { id: "v", mimeType: "video/mp4", durationS: 10 };
const none: IgOptions = { altText: "", shareToFeed: undefined, cover: "none", coverMedia: null, frameSeconds: "" };
const all: IgOptions = { altText: "Robe bleue en lin", shareToFeed: false, cover: "frame", coverMedia: null, frameSeconds: "2,5" };

describe("what each Instagram format sends", () => {
  it("a description for feed and carousel images only; feed sharing and a cover for a reel only", () => {
    expect(instagramInput("auto", [image("a", 1080, 1080)], all)).toEqual({ altText: "Robe bleue en lin" });
    expect(instagramInput("carousel", [image("a", 1080, 1080), video], all)).toEqual({ format: "carousel", altText: "Robe bleue en lin" });
    expect(instagramInput("auto", [video], all)).toEqual({ shareToFeed: false, thumbOffsetMs: 2500 });
    const cover = { ...all, cover: "image" as const, coverMedia: image("c", 1080, 1920) };
    expect(instagramInput("reel", [video], cover)).toEqual({ format: "reel", shareToFeed: false, coverMediaId: "c" });
    expect(instagramInput("story", [image("a", 1080, 1920)], all)).toEqual({ format: "story" });
    expect(instagramInput("auto", [image("a", 1080, 1080)], none)).toEqual({});
  });
});

describe("the API's checks, before sending", () => {
  it("a feed or carousel image outside 4:5–1.91:1 at its place, worded with its size and the range; a story takes it", () => {
    const issues = instagramIssues("auto", [image("a", 1080, 1080), image("b", 32, 16)], none);
    expect(Object.keys(issues)).toEqual(["content.mediaIds.1"]);
    void i18n.changeLanguage("fr");
    expect(renderFieldIssue(issues["content.mediaIds.1"]![0]!)).toBe(
      "Cette image fait 32 × 16 px (rapport 2:1) : dans le fil et les carrousels, Instagram accepte de 4:5 (portrait) à 1,91:1 (paysage). Recadrez-la.",
    );
    void i18n.changeLanguage("en");
    expect(renderFieldIssue(issues["content.mediaIds.1"]![0]!)).toContain("This image is 32 × 16 px (ratio 2:1)");
    expect(instagramIssues("story", [image("a", 1080, 1920)], none)).toEqual({});
    expect(instagramIssues("auto", [{ ...image("a", 0, 0), width: null, height: null }], none)).toEqual({});
  });

  it("a description too long, a cover that is missing or not a JPEG, a frame beyond the video", () => {
    expect(instagramIssues("auto", [image("a", 1080, 1080)], { ...none, altText: "x".repeat(1001) })).toEqual({ "content.instagram.altText": [{ code: "max_chars", params: { max: 1000 } }] });
    expect(instagramIssues("auto", [video], { ...none, cover: "image" })).toEqual({ "content.instagram.coverMediaId": [{ code: "required" }] });
    const png = { id: "c", mimeType: "image/png" };
    expect(instagramIssues("auto", [video], { ...none, cover: "image", coverMedia: png })).toEqual({ "content.instagram.coverMediaId": [{ code: "post_cover_jpeg_only" }] });
    expect(instagramIssues("auto", [video], { ...none, cover: "frame", frameSeconds: "12" })).toEqual({
      "content.instagram.thumbOffsetMs": [{ code: "post_thumb_offset_beyond_video", params: { seconds: 12, duration: 10 } }],
    });
    expect(instagramIssues("auto", [video], { ...none, cover: "frame", frameSeconds: "abc" })).toEqual({ "content.instagram.thumbOffsetMs": [{ code: "required" }] });
    expect(instagramIssues("auto", [video], { ...none, cover: "frame", frameSeconds: "2.5" })).toEqual({});
  });
});

describe("the composer's limits are the server's own copy (@sillage/validators/instagram)", () => {
  it("a description and a cover frame one past the shared limits are refused with those limits", () => {
    const max = INSTAGRAM_LIMITS.altTextMax;
    expect(instagramIssues("auto", [image("a", 1080, 1080)], { ...none, altText: "x".repeat(max) })).toEqual({});
    expect(instagramIssues("auto", [image("a", 1080, 1080)], { ...none, altText: "x".repeat(max + 1) })).toEqual({ "content.instagram.altText": [{ code: "max_chars", params: { max } }] });
    const long: ComposerMedia = { ...video, durationS: null };
    const seconds = INSTAGRAM_LIMITS.thumbOffsetMaxMs / 1000;
    expect(instagramIssues("auto", [long], { ...none, cover: "frame", frameSeconds: String(seconds + 1) })).toEqual({ "content.instagram.thumbOffsetMs": [{ code: "max_number", params: { max: seconds } }] });
  });

  it("an image just inside the shared feed range passes, one just outside is refused", () => {
    const { min, max } = INSTAGRAM_LIMITS.feedImageAspect;
    expect(instagramIssues("auto", [image("a", 1000, Math.ceil(1000 / max))], none)).toEqual({});
    expect(Object.keys(instagramIssues("auto", [image("a", 1000, Math.floor(1000 / max) - 2)], none))).toEqual(["content.mediaIds.0"]);
    expect(Object.keys(instagramIssues("auto", [image("a", Math.floor(1000 * min) - 2, 1000)], none))).toEqual(["content.mediaIds.0"]);
  });
});

describe("a reel or a story that is not vertical", () => {
  it("is warned about with its size (read at upload, videos too), never for a feed post or a vertical one", () => {
    const landscape: ComposerMedia = { ...video, width: 1920, height: 1080 };
    expect(notVertical("reel", [landscape])).toEqual({ width: 1920, height: 1080 });
    expect(notVertical("story", [image("s", 1080, 1350)])).toEqual({ width: 1080, height: 1350 });
    expect(notVertical("reel", [{ ...video, width: 1080, height: 1920 }])).toBeNull();
    expect(notVertical("story", [image("s", 720, 1280)])).toBeNull();
    // A size the upload could not read, or a format that is not vertical by nature: nothing to say.
    expect(notVertical("reel", [video])).toBeNull();
    expect(notVertical("feed", [image("a", 1920, 1080)])).toBeNull();
  });
});
