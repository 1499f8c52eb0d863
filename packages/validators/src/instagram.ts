/**
 * Instagram's limits on what a post sends, as plain data (no dependency): the API's checks (@sillage/publishing
 * content.ts), the connector's capabilities, image conversion at upload (@sillage/media) and the composer's instant
 * checks (the SPA imports this module alone, `@sillage/validators/instagram`) read this one copy. Meta's publishing
 * specs (meta-graph-contract.md §3).
 */
export const INSTAGRAM_LIMITS = {
  /** A feed or carousel image's width / height: 4:5 (portrait) to 1.91:1 (landscape); refusals 2207009 / 36003. */
  feedImageAspect: { min: 4 / 5, max: 1.91 },
  /** An image's description for screen readers (`alt_text`), in characters. */
  altTextMax: 1000,
  /** A reel's cover frame (`thumb_offset`), in milliseconds from the start: the longest reel, 15 minutes. */
  thumbOffsetMaxMs: 15 * 60_000,
  /** The widest image Instagram keeps (wider ones are scaled down: Sillage converts to it at upload). */
  imageMaxWidth: 1440,
  /** The largest image file Instagram takes (refusal 2207004). */
  imageMaxBytes: 8 * 1_048_576,
} as const;
