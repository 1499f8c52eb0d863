// The platform-neutral connector interface. Every type here is plain data (JSON-serialisable where it is stored:
// publish progress, webhook events, results), so jobs can persist it between steps.

import type { Usage } from "./usage";
import type { HeaderBag } from "./usage";

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

export interface ConnectorConfig {
  /** e.g. https://graph.facebook.com (no version). */
  graphUrl: string;
  /** e.g. https://graph.instagram.com */
  instagramGraphUrl: string;
  /** e.g. https://api.instagram.com (OAuth code exchange). */
  instagramOauthUrl: string;
  /** e.g. v25.0 */
  graphVersion: string;
  appId?: string;
  appSecret?: string;
  instagramAppId?: string;
  instagramAppSecret?: string;
  /** Per-request timeout. */
  timeoutMs: number;
  clock?: () => Date;
  /** Extra attempts for SAFE calls (reads, hide/unhide) on retryable errors. Default 2. Never used for sends/publish. */
  safeRetries?: number;
  /** Base delay between those attempts (doubles each time). Default 200 ms. */
  retryBaseMs?: number;
  /** Consecutive transient failures that open a channel's breaker. Default 5. */
  breakerThreshold?: number;
  /** How long an open breaker waits before a trial call. Default 30 s. */
  breakerHalfOpenAfterMs?: number;
  /**
   * Wait after the first "still processing" answer of an Instagram container (the first check is immediate); it
   * doubles after each further one up to `containerPollMs`. Default 500 ms.
   */
  containerFirstPollMs?: number;
  /** Longest wait between two Instagram container status checks. Default 5 s. */
  containerPollMs?: number;
  /** Container checks (and waits for a finished container to become publishable) before an attempt gives up. Default 60. */
  containerMaxPolls?: number;
  /** Times one broadcast recipient may be put off (rate limit, transient error) before it counts as failed. Default 20. */
  broadcastMaxWaits?: number;
  /** Longest wait when media_publish says the media is not ready (9007/2207027); it backs off as for checks. Default 5 s. */
  publishRetryWaitMs?: number;
  /** Upper bound of pages followed when paging "to the end". Default 200. */
  maxPages?: number;
  /** WhatsApp broadcast: sends per publish step. Default 50. */
  broadcastBatchSize?: number;
  /** A WhatsApp number's template list is reused this long (`cachedTemplates`). Default 5 min. */
  templateCacheMs?: number;
  /** A reload asked for by a miss happens at most this often per number. Default 30 s. */
  templateRefreshMinMs?: number;
}

export type MediaKind = "image" | "video" | "audio" | "document" | "sticker" | "reel" | "carousel" | "story";

export interface Capabilities {
  dm: boolean;
  comments: boolean;
  hideComments: boolean;
  deleteComments: boolean;
  privateReplies: boolean;
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

// ---------- tokens ----------

export type RefreshResult =
  | ({ status: "refreshed"; accessToken: string; issuedAt: string; expiresAt: string | null } & WithUsage)
  | { status: "not_needed" | "too_early" | "not_supported"; reason: string };

/** What the platform said about a token's lifetime: a date, "never", or nothing at all ("unknown", never a guess). */
export type TokenExpiry = { kind: "at"; at: string } | { kind: "never" } | { kind: "unknown" };

export interface TokenCheckResult extends WithUsage {
  /** "unknown": this answer said nothing about the lifetime (what was learned before still holds). */
  expiry: TokenExpiry;
  /** Which answer told: Meta's debug_token, an Instagram refresh, or a plain read of the account with the token. */
  via: "debug_token" | "refresh" | "account";
  /** The check renewed the token (Instagram Login): the new one replaces the stored one. */
  refreshed?: { accessToken: string; issuedAt: string };
}

// ---------- publishing ----------

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
  shareToFeed?: boolean;
  coverUrl?: string;
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
  | {
      platform: "instagram";
      step: "container_created";
      containerId: string;
      childIds: string[];
      polls: number;
      createdAt: string;
    }
  | { platform: "instagram"; step: "container_finished"; containerId: string; childIds: string[]; createdAt: string; waits?: number }
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

// ---------- comments ----------

export interface Comment {
  id: string;
  postId: string;
  parentId: string | null;
  text: string;
  /** ISO time. */
  timestamp: string;
  from: { id: string | null; username: string | null };
  hidden: boolean;
  likeCount: number | null;
}

export interface CommentPage extends WithUsage {
  comments: Comment[];
  /** Opaque cursor of Sillage (not Meta's): pass it back to get only newer comments. */
  nextCursor: string;
  pagesFetched: number;
}

// ---------- messages ----------

export interface TextMessage {
  type: "text";
  text: string;
  previewUrl?: boolean;
}

export interface MediaMessage {
  type: "media";
  kind: "image" | "video" | "audio" | "document" | "sticker";
  /** A public URL, or an uploaded media id (WhatsApp). */
  link?: string;
  mediaId?: string;
  caption?: string;
  filename?: string;
}

export interface TemplateComponent {
  type: string;
  sub_type?: string;
  index?: string | number;
  parameters?: Array<Record<string, unknown>>;
}

export interface TemplateMessage {
  type: "template";
  name: string;
  language: string;
  components?: TemplateComponent[];
}

export type OutboundMessage = TextMessage | MediaMessage | TemplateMessage;

export interface SendMessageRequest {
  /** A customer (WhatsApp phone number / Instagram IGSID), or a comment for an Instagram private reply. */
  to: string | { commentId: string; commentCreatedAt?: Date | string };
  message: OutboundMessage;
  /** The customer's last inbound message time; decides the 24 h window (absent = no open window). */
  lastInboundAt?: Date | string | null;
  /** True only when a person wrote this message (never for automatic replies): enables IG HUMAN_AGENT. */
  writtenByHuman?: boolean;
  /** Quote a message (WhatsApp context). */
  replyToMessageId?: string;
  /** Echoed back in WhatsApp status webhooks (e.g. the outbox id). */
  callbackData?: string;
}

export interface SendResult extends WithUsage {
  messageId: string;
  recipientId: string | null;
  /** WhatsApp `message_status` (accepted | held_for_quality_assessment | paused) when given. */
  messageStatus: string | null;
  /** Instagram: whether the HUMAN_AGENT tag was used. */
  humanAgentTag: boolean;
}

export interface MediaRef {
  /** WhatsApp media id (preferred: the URL is fetched fresh; it lives 5 minutes). */
  mediaId?: string;
  /** A direct URL (Instagram attachments; a WhatsApp URL if no id). */
  url?: string;
}

export interface DownloadedMedia extends WithUsage {
  bytes: Uint8Array;
  mimeType: string;
  sha256: string | null;
  fileSize: number;
}

// ---------- webhooks ----------

export type HandshakeResult = { ok: true; status: 200; body: string } | { ok: false; status: 403; body: string };

export type SignatureResult =
  | { ok: true }
  | { ok: false; reason: "missing_header" | "sha1_only" | "bad_format" | "mismatch" | "no_secret" };

/** A classified error as plain data (inside webhook events and progress). */
export interface ErrorInfo {
  kind: string;
  code: number | null;
  subcode: number | null;
  title: string | null;
  message: string;
  userMessage: string;
  retryable: boolean;
}

export interface Attachment {
  type: string;
  mediaId: string | null;
  url: string | null;
  mimeType: string | null;
  sha256: string | null;
  caption: string | null;
  filename: string | null;
  voice: boolean;
}

export interface Party {
  id: string;
  name?: string | null;
  username?: string | null;
  /** WhatsApp: business-scoped user id (2026+). */
  userId?: string | null;
}

interface EventBase {
  platform: Platform;
  /** Routing key: WhatsApp phone_number_id, Instagram professional account id (entry.id). */
  accountId: string;
  /** ISO time of the event. */
  timestamp: string;
}

export type WebhookEvent =
  | (EventBase & {
      type: "message";
      messageId: string;
      from: Party;
      /** text | image | audio | video | document | sticker | location | contacts | interactive | button | order | system | unsupported | share… */
      messageType: string;
      text: string | null;
      attachments: Attachment[];
      replyToMessageId: string | null;
      wabaId?: string;
      errors?: ErrorInfo[];
      /** Extra structured content (location, contacts, interactive reply, referral, order…). */
      extra?: Record<string, unknown>;
    })
  | (EventBase & {
      type: "message_status";
      messageId: string;
      status: "sent" | "delivered" | "read" | "failed" | "played" | string;
      recipientId: string | null;
      errors: ErrorInfo[];
      callbackData: string | null;
      pricing?: Record<string, unknown>;
      conversation?: Record<string, unknown>;
      wabaId?: string;
    })
  | (EventBase & {
      /** A message the business itself sent (API or app): reconcile outbound, never treat as inbound. */
      type: "echo";
      messageId: string;
      recipientId: string;
      text: string | null;
      attachments: Attachment[];
    })
  | (EventBase & {
      type: "reaction";
      /** The message reacted to. */
      messageId: string;
      from: Party;
      action: "react" | "unreact";
      emoji: string | null;
    })
  | (EventBase & {
      type: "comment";
      commentId: string;
      mediaId: string | null;
      mediaProductType: string | null;
      parentId: string | null;
      text: string;
      from: Party;
      /** Written by the account itself: skip to avoid reply loops. */
      isOwn: boolean;
      field: string;
    })
  | (EventBase & { type: "read"; messageId: string | null; from: Party })
  | (EventBase & { type: "message_deleted"; messageId: string; from: Party })
  | (EventBase & { type: "postback"; messageId: string | null; from: Party; title: string | null; payload: string | null })
  | (EventBase & { type: "system_error"; errors: ErrorInfo[]; wabaId?: string })
  | {
      type: "unknown";
      platform: Platform | null;
      accountId: string | null;
      field: string | null;
      reason: string;
      /** The item exactly as received. */
      raw: unknown;
    };

export interface WebhookSetupResult extends WithUsage {
  subscribed: boolean;
  fields: string[];
}

// ---------- the interface ----------

export type BreakerState = "closed" | "open" | "half_open";

export interface PlatformConnector {
  readonly name: Platform;
  readonly capabilities: Capabilities;

  refreshToken(channel: Channel): Promise<RefreshResult>;
  /** True when the token should be refreshed now (fewer than 10 days left, or expiry unknown; refreshable). */
  shouldRefresh(channel: Channel, now?: Date): boolean;
  /**
   * Asks the platform, with one cheap call, whether the token still works and what it says of its expiry (renewing
   * it when `shouldRefresh`). Throws the answer's PlatformError: `auth_expired` only when the token itself is
   * refused (190, 102…); any other error (transient, throttled) says nothing about the token.
   */
  checkToken(channel: Channel): Promise<TokenCheckResult>;

  /**
   * Advances a publication by one step (or as far as it can). Persist `progress` after every call; `hooks.onProgress`
   * is awaited inside a call at each point of no return (e.g. once an Instagram container exists, before it is
   * published), so a process killed mid-call resumes from there.
   */
  publish(channel: Channel, request: PublishRequest, progress?: PublishProgress | null, hooks?: PublishHooks): Promise<PublishStepResult>;

  listNewComments(channel: Channel, platformPostId: string, sinceCursor?: string | null): Promise<CommentPage>;
  replyComment(channel: Channel, commentId: string, text: string): Promise<{ id: string } & WithUsage>;
  hideComment(channel: Channel, commentId: string): Promise<{ success: boolean } & WithUsage>;
  unhideComment(channel: Channel, commentId: string): Promise<{ success: boolean } & WithUsage>;
  deleteComment(channel: Channel, commentId: string): Promise<{ success: boolean } & WithUsage>;

  sendMessage(channel: Channel, request: SendMessageRequest): Promise<SendResult>;
  downloadMedia(channel: Channel, media: MediaRef): Promise<DownloadedMedia>;

  verifyHandshake(query: URLSearchParams | Record<string, string | undefined>, verifyToken: string): HandshakeResult;
  /** HMAC-SHA256 of the exact raw bytes; `secret` may be a channel (its secret or the product's app secret). */
  verifySignature(rawBody: Uint8Array | string, headers: HeaderBag, secret: string | Channel): SignatureResult;
  /** Every entry / change / messaging item becomes an event; unknown ones are kept as `unknown`. */
  normalizeWebhook(raw: unknown): WebhookEvent[];
  setupWebhook(channel: Channel, fields?: string[]): Promise<WebhookSetupResult>;

  usage(channelId: string): Usage | undefined;
  breakerState(channelId: string): BreakerState;
}
