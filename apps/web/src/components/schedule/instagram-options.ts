/**
 * The composer's Instagram options (image description, a reel's feed sharing and cover) and the checks the API makes
 * on them, run before sending so a person sees each problem at its field at once. Codes and wording are the server's
 * (`fieldIssues.*`), so the same sentence shows whichever side found it.
 */
import { INSTAGRAM_LIMITS } from "@sillage/validators/instagram";
import type { CodedIssue } from "../../lib/errors";

export type IgFormat = "feed" | "carousel" | "reel" | "story";
export type CoverKind = "none" | "frame" | "image";

export interface ComposerMedia {
  id: string;
  mimeType: string;
  width?: number | null;
  height?: number | null;
  durationS?: number | null;
}

export interface IgOptions {
  altText: string;
  /** Undefined: Instagram's default (the reel shows in the feed too). */
  shareToFeed: boolean | undefined;
  cover: CoverKind;
  coverMedia: ComposerMedia | null;
  /** The cover frame as typed, in seconds from the video's start. */
  frameSeconds: string;
}

/** The API's limits: the server's own copy (`@sillage/validators/instagram`, plain data, no dependency). */
export const ALT_TEXT_MAX = INSTAGRAM_LIMITS.altTextMax;
const THUMB_OFFSET_MAX_S = INSTAGRAM_LIMITS.thumbOffsetMaxMs / 1000;
const FEED_IMAGE_ASPECT = INSTAGRAM_LIMITS.feedImageAspect;

const isVideo = (m: ComposerMedia) => m.mimeType.startsWith("video/");
const isImage = (m: ComposerMedia) => m.mimeType.startsWith("image/");

/** The format a post goes out as: the one chosen, else the server's rule (one video → reel, several → carousel). */
export function effectiveFormat(choice: string, media: ComposerMedia[]): IgFormat {
  if (choice === "feed" || choice === "carousel" || choice === "reel" || choice === "story") return choice;
  if (media.length > 1) return "carousel";
  return media[0] && isVideo(media[0]) ? "reel" : "feed";
}

/** Which options a format takes: a description for feed and carousel images, feed sharing and a cover for a reel. */
export function optionsFor(format: IgFormat, media: ComposerMedia[]) {
  return { altText: (format === "feed" || format === "carousel") && media.some(isImage), reel: format === "reel" };
}

/** How far from 9:16 a reel or a story may be and still fill a phone's screen (1080 × 1920 ± a few pixels). */
const VERTICAL_TOLERANCE = 0.02;

/**
 * A reel's or a story's media that is not vertical 9:16, with its size (videos' sizes are read at upload): Instagram
 * takes it, with bars or cropped, so the composer warns and does not refuse. Null when it fits or its size is unknown.
 */
export function notVertical(format: IgFormat, media: ComposerMedia[]): { width: number; height: number } | null {
  const m = media[0];
  if ((format !== "reel" && format !== "story") || media.length !== 1 || !m?.width || !m.height) return null;
  return Math.abs(m.width / m.height - 9 / 16) <= VERTICAL_TOLERANCE ? null : { width: m.width, height: m.height };
}

/** The typed frame in milliseconds, or null when it is not a number of seconds. */
function frameMs(frameSeconds: string): number | null {
  const s = Number(frameSeconds.trim().replace(",", "."));
  return frameSeconds.trim() !== "" && Number.isFinite(s) ? Math.round(s * 1000) : null;
}

/** `content.instagram` as the API takes it: only what the format uses (a reel's cover is dropped for a feed post). */
export function instagramInput(choice: string, media: ComposerMedia[], o: IgOptions) {
  const format = effectiveFormat(choice, media);
  const takes = optionsFor(format, media);
  const ms = o.cover === "frame" ? frameMs(o.frameSeconds) : null;
  return {
    ...(choice !== "auto" ? { format } : {}),
    ...(takes.altText && o.altText.trim() ? { altText: o.altText.trim() } : {}),
    ...(takes.reel && o.shareToFeed !== undefined ? { shareToFeed: o.shareToFeed } : {}),
    ...(takes.reel && o.cover === "image" && o.coverMedia ? { coverMediaId: o.coverMedia.id } : {}),
    ...(takes.reel && ms !== null ? { thumbOffsetMs: ms } : {}),
  };
}

/**
 * What the API would refuse in the Instagram part, by field path: an image outside 4:5–1.91:1 in a feed post or a
 * carousel (at its place, `content.mediaIds.1`), a description too long, a cover that is not a JPEG, a frame that is
 * not a time within the video.
 */
export function instagramIssues(choice: string, media: ComposerMedia[], o: IgOptions): Record<string, CodedIssue[]> {
  const issues: Record<string, CodedIssue[]> = {};
  const format = effectiveFormat(choice, media);
  const takes = optionsFor(format, media);
  if (format === "feed" || format === "carousel") {
    media.forEach((m, i) => {
      if (!isImage(m) || !m.width || !m.height) return;
      const aspect = m.width / m.height;
      if (aspect >= FEED_IMAGE_ASPECT.min && aspect <= FEED_IMAGE_ASPECT.max) return;
      const params = { width: m.width, height: m.height, ratio: Math.round(aspect * 100) / 100 };
      issues[`content.mediaIds.${i}`] = [{ code: "post_image_aspect_ratio", params }];
    });
  }
  if (takes.altText && [...o.altText.trim()].length > ALT_TEXT_MAX) issues["content.instagram.altText"] = [{ code: "max_chars", params: { max: ALT_TEXT_MAX } }];
  if (!takes.reel) return issues;
  if (o.cover === "image") {
    if (!o.coverMedia) issues["content.instagram.coverMediaId"] = [{ code: "required" }];
    else if (o.coverMedia.mimeType !== "image/jpeg") issues["content.instagram.coverMediaId"] = [{ code: "post_cover_jpeg_only" }];
  }
  if (o.cover === "frame") {
    const ms = frameMs(o.frameSeconds);
    const durationS = media.find(isVideo)?.durationS;
    if (ms === null) issues["content.instagram.thumbOffsetMs"] = [{ code: "required" }];
    else if (ms < 0) issues["content.instagram.thumbOffsetMs"] = [{ code: "min_number", params: { min: 0 } }];
    else if (ms > THUMB_OFFSET_MAX_S * 1000) issues["content.instagram.thumbOffsetMs"] = [{ code: "max_number", params: { max: THUMB_OFFSET_MAX_S } }];
    else if (durationS && ms > durationS * 1000) {
      issues["content.instagram.thumbOffsetMs"] = [{ code: "post_thumb_offset_beyond_video", params: { seconds: ms / 1000, duration: durationS } }];
    }
  }
  return issues;
}
