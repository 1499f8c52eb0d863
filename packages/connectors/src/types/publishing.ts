// A publication as a connector takes it (Instagram post, WhatsApp broadcast) and the resumable progress it gives
// back: plain JSON, saved by the caller between steps.

import type { WithUsage } from "./channel";
import type { ErrorInfo } from "./errors";
import type { TemplateComponent, TemplateMessage, TextMessage } from "./messaging";

export interface PublishMedia {
  kind: "image" | "video";
  url: string;
  altText?: string;
}

export interface InstagramPublishRequest {
  platform: "instagram";
  /** feed: one image; carousel: 2–10 images/videos; reel: one video; story: one image or video. */
  format: "feed" | "carousel" | "reel" | "story";
  caption?: string;
  media: PublishMedia[];
  /** Reel: also in the feed grid (`share_to_feed`). */
  shareToFeed?: boolean;
  /** Reel: a public JPEG shown as its cover (`cover_url`). */
  coverUrl?: string;
  /** Reel: the frame shown as its cover, in ms from the start (`thumb_offset`); `coverUrl` wins when both are set. */
  thumbOffsetMs?: number;
}

export interface BroadcastRecipient {
  /** Phone number in international format (digits). */
  to: string;
  /** The contact's last inbound message time: free text needs it inside 24 h. */
  lastInboundAt?: Date | string | null;
  /** Explicit opt-out (false) skips the recipient; callers pass opted-in audiences. */
  optedIn?: boolean;
  /** Per-recipient template parameters (override the request's). */
  components?: TemplateComponent[];
}

export interface WhatsAppBroadcastRequest {
  platform: "whatsapp";
  /** Names the broadcast: becomes the platform post id (e.g. "broadcast:<uuid>"). */
  broadcastId: string;
  recipients: BroadcastRecipient[];
  /** An approved template (any time) or text (only inside each recipient's 24 h window). */
  message: TemplateMessage | TextMessage;
  /** Send via /marketing_messages instead of /messages. */
  marketingEndpoint?: boolean;
}

export type PublishRequest = InstagramPublishRequest | WhatsAppBroadcastRequest;

export type InstagramPublishProgress =
  | { platform: "instagram"; step: "start" }
  /**
   * Carousel: the item containers exist and are being checked; `finishedIds` are the ones already FINISHED. The
   * CAROUSEL container is made once all are.
   */
  | { platform: "instagram"; step: "items_created"; childIds: string[]; finishedIds: string[]; polls: number; createdAt: string; waitedMs?: number }
  | {
      platform: "instagram";
      step: "container_created";
      containerId: string;
      childIds: string[];
      polls: number;
      createdAt: string;
      /** Time this attempt has waited for processing so far (bounded by `containerPollBudgetMs`). */
      waitedMs?: number;
    }
  | {
      platform: "instagram";
      step: "container_finished";
      containerId: string;
      childIds: string[];
      createdAt: string;
      waits?: number;
      /**
       * When `media_publish` was last sent without an answer known to say "not published": the next attempt looks
       * in the account's media too, not only at the container, before publishing again.
       */
      publishSentAt?: string;
    }
  /**
   * Live. `mediaId` is null when the container was found PUBLISHED after its publish answer was lost and the media
   * could not be found yet: the caller looks it up later (`InstagramConnector.findPublishedMedia`, from `createdAt`).
   */
  | { platform: "instagram"; step: "published"; containerId: string; mediaId: string | null; permalink: string | null; createdAt?: string };

export type RecipientOutcome =
  | { status: "sent"; wamid: string; messageStatus?: string; at: string }
  | { status: "failed"; error: ErrorInfo; at: string }
  /** The request may or may not have gone out (timeout / cut connection): never re-sent automatically. */
  | { status: "uncertain"; error: ErrorInfo; at: string }
  | { status: "skipped"; reason: "opted_out" | "window_closed" | "invalid"; at: string };

export interface WhatsAppBroadcastProgress {
  platform: "whatsapp";
  step: "start" | "sending" | "done";
  broadcastId: string;
  /** Keyed by recipient phone number. A recipient with an entry is never sent again. */
  results: Record<string, RecipientOutcome>;
  /** How many recipients the broadcast has (settled or not). */
  total?: number;
  /**
   * The batch about to go out, saved before its first request: a run resuming from this progress (the worker died
   * mid-batch) counts these recipients as uncertain instead of sending them again.
   */
  inFlight?: string[];
  /** How many times each recipient was put off so far (see `broadcastMaxWaits`). */
  waits?: Record<string, number>;
}

export type PublishProgress = InstagramPublishProgress | WhatsAppBroadcastProgress | { step: "start" };

export interface PublishHooks {
  /** Save this progress before the call goes on (a throw stops the call). */
  onProgress?(progress: PublishProgress): Promise<void>;
  /**
   * Asked right before the call that makes a post public (Instagram's `media_publish`), once the platform has said
   * it is not published yet. False halts the publication there: the result comes back `halted`, nothing posted.
   */
  mayPublish?(): Promise<boolean>;
}

export interface PublishStepResult extends WithUsage {
  /** Persist this before anything else; pass it to the next call. */
  progress: PublishProgress;
  done: boolean;
  /** Call again after this long (container still processing, media not ready, rate limit in a broadcast). */
  waitMs?: number;
  /** `hooks.mayPublish` said no: stopped before making anything public. */
  halted?: boolean;
  /** Set when done: IG media id (absent while it is still to be looked up), or the broadcast id on WhatsApp. */
  platformPostId?: string;
  permalink?: string | null;
  /** WhatsApp: counts per outcome so far. */
  summary?: { sent: number; failed: number; uncertain: number; skipped: number; pending: number };
  /** Non-fatal problems (e.g. permalink lookup failed after a successful publish). */
  warnings?: string[];
}
