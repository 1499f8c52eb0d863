import { instagramCapabilities, PlatformError, whatsappCapabilities } from "@sillage/connectors";
import { describe, expect, it } from "vitest";
import { postContentSchema, validateContent, type MediaInfo } from "../src/content";
import { checkTemplate, templateShape } from "../src/templates";
import { decideRetry, DEFAULT_RETRY_POLICY, summarizeError } from "../src/retry";

const caps = (p: "whatsapp" | "instagram") => (p === "whatsapp" ? whatsappCapabilities : instagramCapabilities);
const ig = { id: "c-ig", platform: "instagram" as const, status: "active" };
const wa = { id: "c-wa", platform: "whatsapp" as const, status: "active" };
const jpeg = (id: string, sizeBytes = 200_000): MediaInfo => ({ id, mimeType: "image/jpeg", sizeBytes, width: 1080, height: 1080, durationS: null });
const mp4 = (id: string, durationS = 30): MediaInfo => ({ id, mimeType: "video/mp4", sizeBytes: 5_000_000, width: 1080, height: 1920, durationS });
const ID = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const content = (c: Record<string, unknown>) => postContentSchema.parse(c);

describe("content validation against channel capabilities", () => {
  it("accepts an Instagram image post and a WhatsApp template broadcast", () => {
    expect(validateContent(content({ text: "Hello", mediaIds: [ID(1)] }), [ig], [jpeg(ID(1))], caps)).toEqual({});
    const c = content({ whatsapp: { template: { name: "promo", language: "fr" }, audience: { phones: ["33612345678"] } } });
    expect(validateContent(c, [wa], [], caps)).toEqual({});
  });

  it("refuses a caption longer than 2,200 characters with a field error", () => {
    const errors = validateContent(content({ text: "x".repeat(2201), mediaIds: [ID(1)] }), [ig], [jpeg(ID(1))], caps);
    expect(errors["content.text"]).toEqual(["Caption longer than 2,200 characters (Instagram)"]);
  });

  it("checks media count, type, size and duration", () => {
    expect(validateContent(content({ text: "x" }), [ig], [], caps)["content.mediaIds"]).toEqual(["Instagram needs at least one image or video"]);
    const png: MediaInfo = { ...jpeg(ID(1)), mimeType: "image/png" };
    expect(validateContent(content({ mediaIds: [ID(1)] }), [ig], [png], caps)["content.mediaIds"]).toContain("Instagram accepts JPEG images only");
    expect(validateContent(content({ mediaIds: [ID(1)] }), [ig], [jpeg(ID(1), 9 * 1_048_576)], caps)["content.mediaIds"]).toContain("Image larger than 8 MB (Instagram)");
    expect(validateContent(content({ mediaIds: [ID(1)] }), [ig], [mp4(ID(1), 1000)], caps)["content.mediaIds"]).toContain("Video longer than 900 seconds (Instagram reel)");
    const carousel = content({ mediaIds: [ID(1), ID(2)], instagram: { format: "carousel" } });
    expect(validateContent(carousel, [ig], [jpeg(ID(1)), mp4(ID(2), 90)], caps)["content.mediaIds"]).toContain("Video longer than 60 seconds (Instagram carousel)");
    expect(validateContent(content({ mediaIds: [ID(1), ID(2)], instagram: { format: "feed" } }), [ig], [jpeg(ID(1)), jpeg(ID(2))], caps)["content.instagram.format"]).toBeTruthy();
    expect(validateContent(content({ mediaIds: [ID(3)] }), [ig], [], caps)["content.mediaIds"]).toContain("Some media were not found: upload them again");
  });

  it("refuses feed and carousel images outside 4:5–1.91:1 at their place, with the size found; stories take any shape", () => {
    const sized = (id: string, width: number, height: number): MediaInfo => ({ ...jpeg(id), width, height });
    const wide = sized(ID(2), 32, 16);
    const feed = validateContent(content({ mediaIds: [ID(2)] }), [ig], [wide], caps);
    expect(feed).toEqual({
      "content.mediaIds.0": ["This image is 32 × 16 px (ratio 2:1): Instagram feed and carousel images go from 4:5 (portrait) to 1.91:1 (landscape). Crop it to fit"],
    });
    // A carousel names the item to crop; a 9:16 story and a 4:5 or 1.91:1 image are accepted; an unknown size is left to Meta.
    const carousel = validateContent(content({ mediaIds: [ID(1), ID(3)], instagram: { format: "carousel" } }), [ig], [sized(ID(1), 1080, 1350), sized(ID(3), 1080, 1920)], caps);
    expect(Object.keys(carousel)).toEqual(["content.mediaIds.1"]);
    expect(carousel["content.mediaIds.1"]![0]).toContain("1,080 × 1,920 px (ratio 0.56:1)");
    expect(validateContent(content({ mediaIds: [ID(3)], instagram: { format: "story" } }), [ig], [sized(ID(3), 1080, 1920)], caps)).toEqual({});
    expect(validateContent(content({ mediaIds: [ID(1)] }), [ig], [sized(ID(1), 1910, 1000)], caps)).toEqual({});
    expect(validateContent(content({ mediaIds: [ID(1)] }), [ig], [{ ...wide, id: ID(1), width: null, height: null }], caps)).toEqual({});
    // WhatsApp takes any shape.
    expect(validateContent(content({ text: "x", mediaIds: [ID(2)], whatsapp: { audience: { optedInContacts: true } } }), [wa], [wide], caps)).toEqual({});
  });

  it("needs a WhatsApp template or text, and an audience", () => {
    const errors = validateContent(content({ whatsapp: {} }), [wa], [], caps);
    expect(errors["content.text"]).toBeTruthy();
    expect(errors["content.whatsapp.audience"]).toEqual(["Choose who receives the message"]);
    expect(validateContent(content({ text: "x".repeat(4097), whatsapp: { audience: { optedInContacts: true } } }), [wa], [], caps)["content.text"]).toEqual([
      "Message longer than 4,096 characters (WhatsApp)",
    ]);
  });

  it("refuses channels that need reconnecting, and no channel at all", () => {
    expect(validateContent(content({ mediaIds: [ID(1)] }), [{ ...ig, status: "needs_reconnect", displayName: "@shop" }], [jpeg(ID(1))], caps).channelIds).toEqual([
      "@shop needs reconnecting before it can publish",
    ]);
    expect(validateContent(content({}), [], [], caps).channelIds).toEqual(["Choose at least one channel"]);
  });
});

describe("retry policy", () => {
  const transient = summarizeError(new PlatformError({ kind: "retryable", message: "boom" }));
  it("retries a retryable error up to 3 attempts, seconds then minutes apart", () => {
    expect(decideRetry(transient, 1, DEFAULT_RETRY_POLICY, () => 0.5)).toEqual({ action: "retry", delayMs: 10_000 });
    expect(decideRetry(transient, 2, DEFAULT_RETRY_POLICY, () => 0.5)).toEqual({ action: "retry", delayMs: 60_000 });
    expect(decideRetry(transient, 3, DEFAULT_RETRY_POLICY, () => 0.5)).toEqual({ action: "fail" });
  });
  it("honours a rate-limit hint longer than its own delay", () => {
    const throttled = summarizeError(new PlatformError({ kind: "rate_limited", message: "slow down", retryAfterMs: 120_000 }));
    expect(decideRetry(throttled, 1, DEFAULT_RETRY_POLICY, () => 0.5)).toEqual({ action: "retry", delayMs: 120_000 });
  });
  it("fails at once on a permanent error, and waits for the quota without counting an attempt", () => {
    expect(decideRetry(summarizeError(new PlatformError({ kind: "invalid_input", message: "caption" })), 1)).toEqual({ action: "fail" });
    const quota = summarizeError(new PlatformError({ kind: "quota", message: "limit", retryAfterMs: 3_600_000 }));
    expect(decideRetry(quota, 3)).toEqual({ action: "wait_quota", delayMs: 3_600_000 });
  });
  it("treats our own unexpected errors as retryable with a plain message", () => {
    expect(summarizeError(new TypeError("x"))).toMatchObject({ kind: "internal", retryable: true });
  });
});

describe("WhatsApp templates", () => {
  const tpl = (name: string, components: unknown[], status = "APPROVED", language = "fr") => ({ name, language, status, components });
  const post = (template: Record<string, unknown>, mediaIds: string[] = []) => content({ mediaIds, whatsapp: { template, audience: { phones: ["+33612345678"] } } });

  it("counts each body variable once, and tells named variables and header variables apart", () => {
    expect(templateShape(tpl("a", [{ type: "BODY", text: "Hi {{1}}, {{2}} and {{1}} again" }]))).toEqual({ bodyText: "Hi {{1}}, {{2}} and {{1}} again", params: 2, namedParams: false, headerFormat: null, headerParams: 0 });
    expect(templateShape(tpl("b", [{ type: "HEADER", format: "TEXT", text: "For {{1}}" }, { type: "BODY", text: "Hi {{first_name}}" }]))).toMatchObject({ params: 1, namedParams: true, headerFormat: "TEXT", headerParams: 1 });
  });

  it("refuses what Sillage cannot fill: named variables, a header variable, a location header", () => {
    const named = checkTemplate(post({ name: "b", language: "fr", bodyParams: ["Ana"] }), [tpl("b", [{ type: "BODY", text: "Hi {{first_name}}" }])], []);
    expect(named["content.whatsapp.template.name"]![0]).toMatch(/named variables/);
    const header = checkTemplate(post({ name: "h", language: "fr" }), [tpl("h", [{ type: "HEADER", format: "TEXT", text: "For {{1}}" }, { type: "BODY", text: "x" }])], []);
    expect(header["content.whatsapp.template.name"]![0]).toMatch(/variable in its header/);
    const location = checkTemplate(post({ name: "l", language: "fr" }), [tpl("l", [{ type: "HEADER", format: "LOCATION" }, { type: "BODY", text: "x" }])], []);
    expect(location["content.whatsapp.template.name"]![0]).toMatch(/location header/);
    const video = checkTemplate(post({ name: "v", language: "fr" }, [ID(1)]), [tpl("v", [{ type: "HEADER", format: "VIDEO" }, { type: "BODY", text: "x" }])], [jpeg(ID(1))]);
    expect(video["content.mediaIds"]![0]).toMatch(/shows a video at its top/);
    expect(checkTemplate(post({ name: "v", language: "fr" }, [ID(2)]), [tpl("v", [{ type: "HEADER", format: "VIDEO" }, { type: "BODY", text: "x" }])], [mp4(ID(2))])).toEqual({});
  });
});
