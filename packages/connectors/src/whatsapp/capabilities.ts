// What WhatsApp allows (Meta's documented limits and the 24 h customer-service window): checked before any call, and
// told to callers through `capabilities`.

import type { Capabilities } from "../types";

export const WHATSAPP_TEXT_MAX = 4096;
export const WHATSAPP_CAPTION_MAX = 1024;
export const WHATSAPP_WINDOW_HOURS = 24;

export const whatsappCapabilities: Capabilities = {
  dm: true,
  comments: false,
  hideComments: false,
  deleteComments: false,
  privateReplies: false,
  profiles: false,
  scheduleNative: false,
  publish: true,
  templates: true,
  webhookSetup: true,
  // Template headers accept image, video and document.
  mediaKinds: ["image", "video", "document"],
  dmMediaKinds: ["image", "video", "audio", "document", "sticker"],
  maxImageMb: 5,
  maxVideoMb: 16,
  maxVideoDurationS: null,
  maxTextLength: { post: WHATSAPP_TEXT_MAX, caption: WHATSAPP_CAPTION_MAX, dm: WHATSAPP_TEXT_MAX, comment: 0 },
  carousel: null,
  feedImageAspect: null,
  messageWindowHours: WHATSAPP_WINDOW_HOURS,
  humanAgentWindowHours: null,
  maxHashtags: null,
};
