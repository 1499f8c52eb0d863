/**
 * What a scheduled post says, and its validation against each channel's capabilities (text length, media count,
 * type, size, duration). Validation returns field errors keyed by a dotted path (`content.text`,
 * `content.mediaIds`, `content.instagram.format`…) so forms can show each next to its field.
 */
import type { Capabilities, Platform } from "@sillage/connectors";
import { INSTAGRAM_LIMITS, multiLineTextSchema, toE164 } from "@sillage/validators";
import { z } from "zod";

// Checked for real (and stored as E.164) by normalizeAudience; here only its shape.
const phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^[+\d][\d\s().-]*$/, "A phone number in international format, with its country code: +33 6 12 34 56 78");

export const postContentSchema = z.object({
  /** Instagram caption; WhatsApp free text (only reaches people inside their 24 h window) when no template. */
  text: multiLineTextSchema({ max: 10_000 }).default(""),
  /** Uploaded media (media.upload), in order. */
  mediaIds: z.array(z.uuid()).max(10).default([]),
  instagram: z
    .object({
      /** Derived from the media when absent: one image → feed, one video → reel, several → carousel. */
      format: z.enum(["feed", "carousel", "reel", "story"]).optional(),
      /** Reel: also shown in the feed grid (Meta's `share_to_feed`); Instagram's default when absent. */
      shareToFeed: z.boolean().optional(),
      /** The image's description for screen readers (Meta's `alt_text`; feed and carousel images). */
      altText: z.string().max(INSTAGRAM_LIMITS.altTextMax).optional(),
      /** Reel: an uploaded JPEG shown as its cover (Meta's `cover_url`); wins over `thumbOffsetMs`. */
      coverMediaId: z.uuid().optional(),
      /** Reel: the video frame shown as its cover, in milliseconds from the start (Meta's `thumb_offset`). */
      thumbOffsetMs: z.number().int().min(0).max(INSTAGRAM_LIMITS.thumbOffsetMaxMs).optional(),
    })
    .optional(),
  whatsapp: z
    .object({
      /** An approved template: may be sent at any time. Body parameters fill {{1}}, {{2}}…; a media becomes its header. */
      template: z
        .object({
          name: z.string().trim().min(1).max(512),
          language: z.string().trim().min(2).max(15),
          bodyParams: z.array(z.string().max(1024)).max(20).default([]),
          /**
           * The template's header (TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION), or NONE: written by Sillage from the
           * approved template when the post is saved, so the media goes out as the header only when there is one.
           */
          headerFormat: z.enum(["NONE", "TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION"]).optional(),
        })
        .optional(),
      audience: z
        .object({
          phones: z.array(phone).max(10_000).default([]),
          /** Every contact of the number who opted in to marketing messages (resolved when it goes out). */
          optedInContacts: z.boolean().default(false),
        })
        .default({ phones: [], optedInContacts: false }),
      marketingEndpoint: z.boolean().optional(),
    })
    .optional(),
});
export type PostContent = z.output<typeof postContentSchema>;
export type PostContentInput = z.input<typeof postContentSchema>;

/**
 * The WhatsApp audience as E.164 numbers, each once ("33612345678" and "+33 6 12 34 56 78" are one person). A number
 * that is not valid is a field error at its index (`content.whatsapp.audience.phones.1`).
 */
export function normalizeAudience(content: PostContent): { content: PostContent; errors: FieldErrors; issues: FieldIssues } {
  const wa = content.whatsapp;
  if (!wa) return { content, errors: {}, issues: {} };
  const errors: FieldErrors = {};
  const issues: FieldIssues = {};
  const phones = new Set<string>();
  wa.audience.phones.forEach((raw, i) => {
    const e164 = toE164(raw);
    if (!e164) {
      const issue: PostIssue = { code: "post_phone_invalid", params: { value: raw } };
      issues[`content.whatsapp.audience.phones.${i}`] = [issue];
      errors[`content.whatsapp.audience.phones.${i}`] = [postIssueMessage(issue)];
    } else phones.add(e164);
  });
  return { content: { ...content, whatsapp: { ...wa, audience: { ...wa.audience, phones: [...phones] } } }, errors, issues };
}

/** What validation needs to know about an uploaded file. */
export interface MediaInfo {
  id: string;
  mimeType: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  durationS: number | null;
}

export interface ChannelInfo {
  id: string;
  platform: Platform;
  status: string;
  displayName?: string;
}

export type FieldErrors = Record<string, string[]>;

/** A post's problems as codes with parameters; English templates here, every reader's language in the SPA. */
export const POST_ISSUES = {
  post_no_channel: "Choose at least one channel",
  post_channel_reconnect: "{{channel}} needs reconnecting before it can publish",
  post_platform_cannot_publish: "{{platform}} cannot publish posts",
  post_media_missing: "Some media were not found: upload them again",
  post_caption_too_long: "Caption longer than {{max}} characters (Instagram)",
  post_too_many_hashtags: "More than {{max}} hashtags (Instagram)",
  post_too_many_mentions: "More than {{max}} @mentions (Instagram)",
  post_instagram_needs_media: "Instagram needs at least one image or video",
  post_feed_one_image: "A feed post is exactly one image (use a reel for a video)",
  post_reel_one_video: "A reel is exactly one video",
  post_story_one_media: "A story is exactly one image or video",
  post_carousel_count: "A carousel needs {{min}} to {{max}} images or videos",
  post_instagram_jpeg_only: "Instagram accepts JPEG images only",
  post_image_too_large: "Image larger than {{mb}} MB ({{platform}})",
  post_image_aspect_ratio: "This image is {{width}} × {{height}} px (ratio {{ratio}}:1): Instagram feed and carousel images go from 4:5 (portrait) to 1.91:1 (landscape). Crop it to fit",
  post_instagram_video_type: "Instagram accepts MP4 or MOV videos",
  post_video_too_large: "Video larger than {{mb}} MB ({{platform}})",
  post_video_too_long: "Video longer than {{seconds}} seconds (Instagram {{format}})",
  post_video_too_short: "Video shorter than {{seconds}} seconds (Instagram {{format}})",
  post_instagram_media_kind: "Instagram posts take images and videos only",
  post_reel_cover_only: "A cover is chosen for a reel only",
  post_cover_jpeg_only: "A reel's cover is a JPEG image",
  post_alt_text_feed_only: "An image description goes with feed and carousel images only (Instagram ignores it on a {{format}})",
  post_thumb_offset_beyond_video: "The cover frame ({{seconds}} s) is after the end of the video ({{duration}} s)",
  post_whatsapp_missing: "Choose a WhatsApp template and who receives it",
  post_whatsapp_text_required: "Write the message, or choose an approved template",
  post_message_too_long: "Message longer than {{max}} characters (WhatsApp)",
  post_audience_required: "Choose who receives the message",
  post_whatsapp_one_media: "A WhatsApp message carries at most one media",
  post_whatsapp_media_kind: "WhatsApp sends images, videos and PDF documents",
  post_past: "Choose a time in the future",
  post_channel_not_found: "Channel not found",
  post_phone_invalid: "“{{value}}” is not a valid phone number: write it in international format, with its country code (+33 6 12 34 56 78)",
  // The WhatsApp template against the number's templates (templates.ts).
  post_template_unknown: "No template named “{{name}}” on this WhatsApp number",
  post_template_unknown_listed: "No template named “{{name}}” on this WhatsApp number (approved: {{approved}})",
  post_template_not_approved: "The template “{{name}}” ({{language}}) is not approved: its status is {{status}}",
  post_template_no_language: "The template “{{name}}” has no approved translation in “{{language}}”",
  post_template_no_language_listed: "The template “{{name}}” has no approved translation in “{{language}}” (it has {{languages}})",
  post_template_named_variables: "The template “{{name}}” uses named variables, which Sillage cannot fill yet: choose one with numbered variables ({{example}})",
  post_template_param_count: "The template “{{name}}” ({{language}}) takes {{expected}} body parameter(s); {{given}} given",
  post_template_header_variable: "The template “{{name}}” has a variable in its header, which Sillage cannot fill yet",
  post_template_header_format: "The template “{{name}}” has a {{format}} header, which Sillage cannot fill yet",
  post_template_needs_image: "The template “{{name}}” shows an image at its top: add one (the post's first media)",
  post_template_needs_video: "The template “{{name}}” shows a video at its top: add one (the post's first media)",
  post_template_needs_document: "The template “{{name}}” shows a document at its top: add one (the post's first media)",
} as const satisfies Record<string, string>;
export type PostIssueCode = keyof typeof POST_ISSUES;
export interface PostIssue {
  code: PostIssueCode;
  params: Record<string, string | number>;
}
export type FieldIssues = Record<string, PostIssue[]>;

/** An issue's English sentence (numbers with thousands separators, as "2,200"). */
export function postIssueMessage({ code, params }: PostIssue): string {
  return POST_ISSUES[code].replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    const v = params[k];
    if (k === "channel" && !v) return "A channel";
    return typeof v === "number" ? v.toLocaleString("en-US") : (v ?? "");
  });
}

export function issueMessages(issues: FieldIssues): FieldErrors {
  return Object.fromEntries(Object.entries(issues).map(([field, list]) => [field, [...new Set(list.map(postIssueMessage))]]));
}

export function mediaKindOf(mime: string): "image" | "video" | "document" | "audio" | null {
  if (mime.startsWith("image/")) return "image";
  if (mime.startsWith("video/")) return "video";
  if (mime.startsWith("audio/")) return "audio";
  if (mime === "application/pdf") return "document";
  return null;
}

export function instagramFormat(content: PostContent, media: MediaInfo[]): "feed" | "carousel" | "reel" | "story" {
  if (content.instagram?.format) return content.instagram.format;
  if (media.length > 1) return "carousel";
  return media[0] && mediaKindOf(media[0].mimeType) === "video" ? "reel" : "feed";
}

const chars = (s: string) => [...s].length;
/** Meta refuses shorter videos for reels, stories and carousel items. */
const INSTAGRAM_VIDEO_MIN_S = 3;
const mb = (bytes: number) => bytes / 1_048_576;

/**
 * Checks the content for every chosen channel. `capabilitiesOf` is `connectors.get(platform).capabilities`.
 * Returns {} when the post can be scheduled.
 */
export function validateContent(
  content: PostContent,
  channels: ChannelInfo[],
  media: MediaInfo[],
  capabilitiesOf: (p: Platform) => Capabilities,
): FieldErrors {
  return issueMessages(contentIssues(content, channels, media, capabilitiesOf));
}

/** `validateContent` as coded issues (`POST_ISSUES`), which the API sends so each reader gets their language. */
export function contentIssues(
  content: PostContent,
  channels: ChannelInfo[],
  media: MediaInfo[],
  capabilitiesOf: (p: Platform) => Capabilities,
): FieldIssues {
  const errors: FieldIssues = {};
  const add = (field: string, code: PostIssueCode, params: PostIssue["params"] = {}) => {
    const list = (errors[field] ??= []);
    if (!list.some((i) => i.code === code && JSON.stringify(i.params) === JSON.stringify(params))) list.push({ code, params });
  };
  if (channels.length === 0) add("channelIds", "post_no_channel");
  for (const c of channels) {
    if (c.status !== "active") add("channelIds", "post_channel_reconnect", { channel: c.displayName ?? "" });
    if (!capabilitiesOf(c.platform).publish) add("channelIds", "post_platform_cannot_publish", { platform: c.platform });
  }
  const missing = content.mediaIds.filter((id) => !media.some((m) => m.id === id));
  if (missing.length) add("content.mediaIds", "post_media_missing");
  const ordered = content.mediaIds.map((id) => media.find((m) => m.id === id)).filter((m): m is MediaInfo => !!m);
  const platforms = new Set(channels.map((c) => c.platform));

  if (platforms.has("instagram")) {
    const caps = capabilitiesOf("instagram");
    const caption = content.text;
    if (chars(caption) > caps.maxTextLength.caption) add("content.text", "post_caption_too_long", { max: caps.maxTextLength.caption });
    const hashtags = (caption.match(/(^|\s)#[^\s#]+/gu) ?? []).length;
    if (caps.maxHashtags !== null && hashtags > caps.maxHashtags) add("content.text", "post_too_many_hashtags", { max: caps.maxHashtags });
    if ((caption.match(/(^|\s)@[\w.]+/gu) ?? []).length > 20) add("content.text", "post_too_many_mentions", { max: 20 });
    const format = instagramFormat(content, ordered);
    const n = ordered.length;
    if (n === 0) add("content.mediaIds", "post_instagram_needs_media");
    else if (format === "feed" && (n !== 1 || mediaKindOf(ordered[0]!.mimeType) !== "image")) add("content.instagram.format", "post_feed_one_image");
    else if (format === "reel" && (n !== 1 || mediaKindOf(ordered[0]!.mimeType) !== "video")) add("content.instagram.format", "post_reel_one_video");
    else if (format === "story" && n !== 1) add("content.instagram.format", "post_story_one_media");
    else if (format === "carousel" && caps.carousel && (n < caps.carousel.min || n > caps.carousel.max)) {
      add("content.mediaIds", "post_carousel_count", { min: caps.carousel.min, max: caps.carousel.max });
    }
    reelCoverIssues(content, format, ordered, media, add);
    // Meta takes `alt_text` on image containers only: on a reel or a story it would be dropped without a word.
    if ((format === "reel" || format === "story") && content.instagram?.altText?.trim()) add("content.instagram.altText", "post_alt_text_feed_only", { format });
    if (format === "feed" || format === "carousel") aspectIssues(content, ordered, caps, add);
    for (const m of ordered) {
      const kind = mediaKindOf(m.mimeType);
      if (kind === "image") {
        if (m.mimeType !== "image/jpeg") add("content.mediaIds", "post_instagram_jpeg_only");
        if (mb(m.sizeBytes) > caps.maxImageMb) add("content.mediaIds", "post_image_too_large", { mb: caps.maxImageMb, platform: "Instagram" });
      } else if (kind === "video") {
        if (!["video/mp4", "video/quicktime"].includes(m.mimeType)) add("content.mediaIds", "post_instagram_video_type");
        if (mb(m.sizeBytes) > caps.maxVideoMb) add("content.mediaIds", "post_video_too_large", { mb: caps.maxVideoMb, platform: "Instagram" });
        // Meta's video specs: carousel items and stories up to 60 s, reels up to 15 min; every one at least 3 s.
        const maxS = format === "carousel" || format === "story" ? 60 : caps.maxVideoDurationS;
        if (maxS !== null && m.durationS !== null && m.durationS > maxS) add("content.mediaIds", "post_video_too_long", { seconds: maxS, format });
        if (m.durationS !== null && m.durationS < INSTAGRAM_VIDEO_MIN_S) add("content.mediaIds", "post_video_too_short", { seconds: INSTAGRAM_VIDEO_MIN_S, format });
      } else {
        add("content.mediaIds", "post_instagram_media_kind");
      }
    }
  }

  if (platforms.has("whatsapp")) {
    const caps = capabilitiesOf("whatsapp");
    const wa = content.whatsapp;
    if (!wa) {
      add("content.whatsapp.template", "post_whatsapp_missing");
    } else {
      if (!wa.template) {
        if (!content.text.trim()) add("content.text", "post_whatsapp_text_required");
        const max = ordered.length ? caps.maxTextLength.caption : caps.maxTextLength.post;
        if (chars(content.text) > max) add("content.text", "post_message_too_long", { max });
      }
      if (wa.audience.phones.length === 0 && !wa.audience.optedInContacts) add("content.whatsapp.audience", "post_audience_required");
    }
    if (ordered.length > 1) add("content.mediaIds", "post_whatsapp_one_media");
    for (const m of ordered.slice(0, 1)) {
      const kind = mediaKindOf(m.mimeType);
      if (!kind || !caps.mediaKinds.includes(kind)) add("content.mediaIds", "post_whatsapp_media_kind");
      else if (kind === "image" && mb(m.sizeBytes) > caps.maxImageMb) add("content.mediaIds", "post_image_too_large", { mb: caps.maxImageMb, platform: "WhatsApp" });
      else if (kind === "video" && mb(m.sizeBytes) > caps.maxVideoMb) add("content.mediaIds", "post_video_too_large", { mb: caps.maxVideoMb, platform: "WhatsApp" });
    }
  }
  return errors;
}

/**
 * Feed and carousel images outside the platform's shapes, each at its place (`content.mediaIds.1`): Meta refuses
 * them when the container is made (36003 / 2207009), hours later; said at save, with the size found. An image whose
 * size is unknown (a JPEG the upload could not read) is left to Meta.
 */
function aspectIssues(content: PostContent, ordered: MediaInfo[], caps: Capabilities, add: (field: string, code: PostIssueCode, params?: PostIssue["params"]) => void): void {
  const range = caps.feedImageAspect;
  if (!range) return;
  for (const m of ordered) {
    if (mediaKindOf(m.mimeType) !== "image" || !m.width || !m.height) continue;
    const aspect = m.width / m.height;
    if (aspect >= range.min && aspect <= range.max) continue;
    const params = { width: m.width, height: m.height, ratio: Math.round(aspect * 100) / 100 };
    add(`content.mediaIds.${content.mediaIds.indexOf(m.id)}`, "post_image_aspect_ratio", params);
  }
}

/** A reel's cover (an uploaded JPEG, or a frame of the video before its end); meaningless for another format. */
function reelCoverIssues(
  content: PostContent,
  format: ReturnType<typeof instagramFormat>,
  ordered: MediaInfo[],
  media: MediaInfo[],
  add: (field: string, code: PostIssueCode, params?: PostIssue["params"]) => void,
): void {
  const ig = content.instagram;
  if (!ig || (ig.coverMediaId === undefined && ig.thumbOffsetMs === undefined)) return;
  if (format !== "reel") {
    add(ig.coverMediaId !== undefined ? "content.instagram.coverMediaId" : "content.instagram.thumbOffsetMs", "post_reel_cover_only");
    return;
  }
  if (ig.coverMediaId !== undefined) {
    const cover = media.find((m) => m.id === ig.coverMediaId);
    if (!cover) add("content.instagram.coverMediaId", "post_media_missing");
    else if (cover.mimeType !== "image/jpeg") add("content.instagram.coverMediaId", "post_cover_jpeg_only");
  }
  const durationS = ordered[0]?.durationS;
  if (ig.thumbOffsetMs !== undefined && durationS !== null && durationS !== undefined && ig.thumbOffsetMs > durationS * 1000) {
    add("content.instagram.thumbOffsetMs", "post_thumb_offset_beyond_video", { seconds: ig.thumbOffsetMs / 1000, duration: durationS });
  }
}

/** Every uploaded file a post names: its media, then a reel's cover. */
export function mediaIdsOf(content: PostContent): string[] {
  const cover = content.instagram?.coverMediaId;
  return cover && !content.mediaIds.includes(cover) ? [...content.mediaIds, cover] : content.mediaIds;
}
