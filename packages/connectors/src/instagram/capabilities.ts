// What Instagram allows (Meta's documented limits and windows): checked before any call, and told to callers through
// `capabilities`.

import { INSTAGRAM_LIMITS } from "@sillage/validators/instagram";
import type { Capabilities } from "../types";

export const INSTAGRAM_CAPTION_MAX = 2200;
export const INSTAGRAM_DM_MAX_BYTES = 1000;
export const INSTAGRAM_MAX_HASHTAGS = 30;
export const INSTAGRAM_MAX_MENTIONS = 20;
export const INSTAGRAM_WINDOW_HOURS = 24;
export const INSTAGRAM_HUMAN_AGENT_HOURS = 7 * 24;
export const INSTAGRAM_PRIVATE_REPLY_HOURS = 7 * 24;
/** Refresh proactively when fewer than this many days remain. */
export const INSTAGRAM_REFRESH_BEFORE_DAYS = 10;
/** A token must be at least this old to be refreshed. */
export const INSTAGRAM_REFRESH_MIN_AGE_HOURS = 24;

export const instagramCapabilities: Capabilities = {
  dm: true,
  comments: true,
  hideComments: true,
  deleteComments: true,
  privateReplies: true,
  profiles: true,
  scheduleNative: false,
  publish: true,
  templates: false,
  webhookSetup: true,
  mediaKinds: ["image", "video", "reel", "carousel", "story"],
  dmMediaKinds: ["image", "video", "audio", "document"],
  // Meta's publishing specs: JPEG images ≤ 8 MB; reels ≤ 15 min and ≤ 300 MB (carousel videos ≤ 60 s).
  maxImageMb: 8,
  maxVideoMb: 300,
  maxVideoDurationS: 900,
  maxTextLength: { post: INSTAGRAM_CAPTION_MAX, caption: INSTAGRAM_CAPTION_MAX, dm: INSTAGRAM_DM_MAX_BYTES, comment: INSTAGRAM_CAPTION_MAX },
  carousel: { min: 2, max: 10 },
  // Meta's image specs: feed and carousel images from 4:5 (portrait) to 1.91:1 (landscape).
  feedImageAspect: INSTAGRAM_LIMITS.feedImageAspect,
  messageWindowHours: INSTAGRAM_WINDOW_HOURS,
  humanAgentWindowHours: INSTAGRAM_HUMAN_AGENT_HOURS,
  maxHashtags: INSTAGRAM_MAX_HASHTAGS,
};
