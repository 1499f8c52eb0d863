// A connected account as a connector sees it, what its platform can do, and the usage every result carries.

import type { Usage } from "../graph/usage";

export type Platform = "whatsapp" | "instagram";

/** A connected account, as the caller stores it (token already decrypted). */
export interface Channel {
  /** Sillage's id: breakers and usage are keyed on it. */
  id: string;
  platform: Platform;
  /** WhatsApp phone number id, or Instagram professional account id (17841…). */
  externalId: string;
  /** WhatsApp Business Account id (templates, webhook subscription). */
  wabaId?: string;
  accessToken: string;
  tokenIssuedAt?: Date | string;
  tokenExpiresAt?: Date | string | null;
  /** Instagram only: Instagram Login (graph.instagram.com) or Facebook Login with a Page token (graph.facebook.com). */
  variant?: "instagram" | "facebook";
  /** Instagram: the app has the Human Agent permission (replies by a person up to 7 days). */
  humanAgent?: boolean;
  /** Secret that signs this channel's webhooks (falls back to the app secret of the right product). */
  webhookSecret?: string;
}

export type MediaKind = "image" | "video" | "audio" | "document" | "sticker" | "reel" | "carousel" | "story";

export interface Capabilities {
  dm: boolean;
  comments: boolean;
  hideComments: boolean;
  deleteComments: boolean;
  privateReplies: boolean;
  /** A customer's name and picture can be read from the API (Instagram User Profile API); WhatsApp sends the name with each message. */
  profiles: boolean;
  /** The platform itself can schedule (we never rely on it: Sillage schedules). */
  scheduleNative: boolean;
  publish: boolean;
  templates: boolean;
  webhookSetup: boolean;
  /** Media kinds accepted in posts (publish). */
  mediaKinds: MediaKind[];
  /** Media kinds accepted in direct messages. */
  dmMediaKinds: MediaKind[];
  maxImageMb: number;
  maxVideoMb: number;
  /** null: no duration limit (size-limited only). */
  maxVideoDurationS: number | null;
  maxTextLength: {
    /** Text of a post (IG caption 2200; WA broadcast text 4096). */
    post: number;
    /** Caption under media (IG 2200; WA 1024). */
    caption: number;
    /** Direct message (IG 1000; WA 4096). */
    dm: number;
    /** Comment reply (IG 2200). 0 when unsupported. */
    comment: number;
  };
  carousel: { min: number; max: number } | null;
  /**
   * Width / height a feed or carousel image must keep (Instagram: 4:5 to 1.91:1, refused with 36003 / 2207009);
   * null when the platform takes any shape. Stories and reels have no limit (9:16 recommended).
   */
  feedImageAspect: { min: number; max: number } | null;
  /** Free-form replies allowed this long after the customer's last message. */
  messageWindowHours: number;
  /** A person may reply this long (IG HUMAN_AGENT: 7 days); null when not applicable. */
  humanAgentWindowHours: number | null;
  maxHashtags: number | null;
}

/** Every result carries the usage headers of the last response (null when Meta sent none). */
export interface WithUsage {
  usage: Usage | null;
}
