/**
 * Instagram's limits have one copy (`@sillage/validators/instagram`): the API's schema, the connector's capabilities
 * and media conversion at upload read it, as the composer does (apps/web instagram-options.ts), so none drifts.
 */
import { instagramCapabilities } from "@sillage/connectors";
import { INSTAGRAM_IMAGE } from "@sillage/media";
import { INSTAGRAM_LIMITS } from "@sillage/validators/instagram";
import { describe, expect, it } from "vitest";
import { postContentSchema } from "../src/content";

describe("Instagram's limits, one copy", () => {
  it("the connector's feed image range and media conversion's are the shared one", () => {
    expect(instagramCapabilities.feedImageAspect).toBe(INSTAGRAM_LIMITS.feedImageAspect);
    expect(INSTAGRAM_IMAGE).toEqual({
      minAspect: INSTAGRAM_LIMITS.feedImageAspect.min,
      maxAspect: INSTAGRAM_LIMITS.feedImageAspect.max,
      maxWidth: INSTAGRAM_LIMITS.imageMaxWidth,
      maxBytes: INSTAGRAM_LIMITS.imageMaxBytes,
    });
  });

  it("the API takes a description and a cover frame up to the shared limits, and refuses one more", () => {
    const ok = (instagram: Record<string, unknown>) => postContentSchema.safeParse({ text: "Bonjour", mediaIds: [], instagram }).success;
    expect(ok({ altText: "x".repeat(INSTAGRAM_LIMITS.altTextMax) })).toBe(true);
    expect(ok({ altText: "x".repeat(INSTAGRAM_LIMITS.altTextMax + 1) })).toBe(false);
    expect(ok({ thumbOffsetMs: INSTAGRAM_LIMITS.thumbOffsetMaxMs })).toBe(true);
    expect(ok({ thumbOffsetMs: INSTAGRAM_LIMITS.thumbOffsetMaxMs + 1 })).toBe(false);
  });
});
