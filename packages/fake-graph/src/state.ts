import type { WebhookEmitter } from "./webhooks/emitter.js";
import type { Fault } from "./faults.js";
import type { AsyncFailure } from "./whatsapp/statuses.js";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** ig_exchange_token / refresh answer expires_in 5184000 s (≈ 60 days). */
export const LONG_LIVED_MS = 60 * DAY;

export type TokenProduct = "whatsapp" | "instagram" | "facebook_page" | "facebook_user";

export interface TokenRecord {
  token: string;
  product: TokenProduct;
  /** Account keys this token may act on: phone number ids, WABA ids, IG user ids, page ids. */
  grants: Set<string>;
  issuedAt: number;
  expiresAt: number | null;
  longLived: boolean;
  revokedSubcode?: number;
}

export interface TemplateComponent {
  type: string;
  format?: string;
  text?: string;
  [k: string]: unknown;
}

export interface Template {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  components: TemplateComponent[];
}

export interface WhatsAppAccount {
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  verifiedName: string;
  windowMode: "sync" | "async";
  /** How status webhooks price messages: PMP (per message, Meta's model since July 2025) or CBP (conversation-based). */
  pricingModel: "PMP" | "CBP";
  /** `failed` statuses queued for the next accepted sends (`failSendsAsync`). */
  asyncFailures: AsyncFailure[];
  /** wa_id → ms of the customer's last message (opens the 24 h customer-service window). */
  lastInbound: Map<string, number>;
  subscribed: boolean;
}

export interface WaMedia {
  id: string;
  phoneNumberId: string;
  wabaId: string;
  mimeType: string;
  bytes: Buffer;
  sha256: string;
  createdAt: number;
  expiresAt: number;
  filename?: string;
}

export interface InstagramAccount {
  variant: "instagram" | "facebook";
  igUserId: string;
  appScopedUserId: string;
  pageId?: string;
  username: string;
  name: string;
  accountType: string;
  humanAgent: boolean;
  permissions: string[];
  /** IGSID → ms of the customer's last DM. */
  lastInbound: Map<string, number>;
  privateReplies: Set<string>;
  /** ms of each successful media_publish (rolling 24 h quota). */
  publishTimes: number[];
  /** Instagram Login: fields of `POST /{ig-user-id}/subscribed_apps`. */
  subscribedFields: string[];
  /** Facebook Login: Page fields of `POST /{page-id}/subscribed_apps` (the app installed on the Page). */
  pageSubscribedFields: string[];
  /**
   * Facebook Login (handover protocol): IGSID → the app id controlling that customer's thread when it is another
   * app (Meta's inbox, a chatbot); absent, the thread is idle or ours. Their messages then come in `standby[]`.
   */
  threadOwners?: Map<string, string>;
}

/** A customer as the User Profile API shows them to one IG account (follows are relative to that account). */
export interface IgProfile {
  igUserId: string;
  igsid: string;
  name: string | null;
  username: string;
  /** JPEG served at an expiring URL; null: `profile_pic` is null. */
  picture: Buffer | null;
  followerCount: number;
  isUserFollowBusiness: boolean;
  isBusinessFollowUser: boolean;
  isVerifiedUser: boolean;
  /** The person blocked the business: the API returns nothing. */
  blocked: boolean;
  /** Consent given without a DM (icebreaker, persistent menu); a DM always gives it. */
  consented: boolean;
}

export type ContainerStatus = "IN_PROGRESS" | "FINISHED" | "ERROR" | "EXPIRED" | "PUBLISHED";

export interface Container {
  id: string;
  igUserId: string;
  mediaType: "IMAGE" | "VIDEO" | "REELS" | "STORIES" | "CAROUSEL";
  isCarouselItem: boolean;
  imageUrl?: string;
  videoUrl?: string;
  caption?: string;
  children: string[];
  createdAt: number;
  /** Status reads (or rejected publish attempts) still answered IN_PROGRESS. */
  pollsRemaining: number;
  /** IN_PROGRESS at least until this instant (processing time, as Meta takes seconds for a video). */
  readyAt: number;
  forced?: { status: ContainerStatus; errorSubcode?: number };
  publishedMediaId?: string;
  params: Record<string, unknown>;
}

export interface IgMedia {
  id: string;
  igUserId: string;
  containerId?: string;
  caption?: string;
  mediaType: "IMAGE" | "VIDEO" | "CAROUSEL_ALBUM";
  mediaProductType: "FEED" | "REELS" | "STORY";
  shortcode: string;
  permalink: string;
  timestamp: number;
  imageUrl?: string;
  videoUrl?: string;
  children: { id: string; mediaType: "IMAGE" | "VIDEO"; imageUrl?: string; videoUrl?: string }[];
  isChild?: boolean;
}

export interface Comment {
  id: string;
  mediaId: string;
  parentId?: string;
  text: string;
  from: { id: string; username: string };
  /** True when made by the media owner (via API): Meta sends `from.self_ig_scoped_id` for these. */
  own: boolean;
  timestamp: number;
  hidden: boolean;
  deleted: boolean;
  likeCount: number;
}

export interface SentMessage {
  id: string;
  channel: "whatsapp" | "instagram";
  kind: string;
  accountId: string;
  wabaId?: string;
  to: string;
  text?: string;
  template?: { name: string; language: string };
  tag?: string;
  messagingType?: string;
  body: unknown;
  status: "accepted" | "sent" | "delivered" | "read" | "failed";
  error?: { code: number; title: string };
  at: number;
}

export interface InboundWaMessage {
  id: string;
  phoneNumberId: string;
  from: string;
  at: number;
  read: boolean;
}

export interface OAuthCode {
  code: string;
  kind: "instagram" | "facebook" | "whatsapp";
  accountId: string;
  redirectUri?: string;
  expiresAt: number;
  used: boolean;
}

export interface CallRecord {
  method: string;
  path: string;
  operation: string;
  status: number;
  fault?: string;
  accountId?: string;
  at: number;
}

export interface UsageConfig {
  percentPerCall: number;
  app?: number;
  buc?: number;
}

export interface AppsConfig {
  metaAppId?: string;
  metaAppSecret?: string;
  instagramAppId?: string;
  instagramAppSecret?: string;
  /**
   * "Require App Secret": Graph calls made with a token need `appsecret_proof` = hex HMAC-SHA256(token) keyed with
   * the secret of the token's app (Instagram-login tokens: the Instagram app; others: the Meta app).
   */
  requireAppsecretProof?: boolean;
}

export interface FakeGraphOptions {
  clock?: () => number;
  containerPollsInProgress?: number;
  /** A new container stays IN_PROGRESS for at least this long (then the reads of `containerPollsInProgress`). */
  containerProcessingMs?: number;
  /** Extra status reads a video container (reel, video story, video carousel item) stays IN_PROGRESS: Meta transcodes it. */
  videoPollsInProgress?: number;
  publishQuota?: number;
}

export interface FakeGraphState {
  baseClock: () => number;
  clockOffset: number;
  now(): number;
  /** Origin the fake is reachable at (for URLs it hands out outside a request, e.g. in webhooks). */
  publicUrl: string;
  options: { containerPollsInProgress: number; containerProcessingMs: number; videoPollsInProgress: number; publishQuota: number };
  config: { containerPollsInProgress: number; containerProcessingMs: number; videoPollsInProgress: number; publishQuota: number; usage: UsageConfig };
  apps: AppsConfig;
  tokens: Map<string, TokenRecord>;
  waAccounts: Map<string, WhatsAppAccount>; // by phone number id
  wabas: Map<string, { wabaId: string; name: string; templates: Template[]; subscribed: boolean }>;
  waMedia: Map<string, WaMedia>;
  waInbound: Map<string, InboundWaMessage>;
  /** CBP conversations: `${phoneNumberId}:${waId}:${category}` → the open conversation (24 h). */
  waConversations: Map<string, { id: string; expiresAt: number; openedBy: string }>;
  /** How many times the customer edited each of their messages (Instagram's num_edit), by message id. */
  customerEdits: Map<string, number>;
  igAccounts: Map<string, InstagramAccount>; // by IG user id
  pages: Map<string, string>; // page id → IG user id
  igAssets: Map<string, { bytes: Buffer; mimeType: string }>;
  /** `${igUserId}:${igsid}` → profile. */
  igProfiles: Map<string, IgProfile>;
  /** Profile picture links handed out: link id → bytes and expiry (Meta's picture URLs expire). */
  igProfilePics: Map<string, { bytes: Buffer; expiresAt: number }>;
  containers: Map<string, Container>;
  igMedia: Map<string, IgMedia>;
  comments: Map<string, Comment>;
  oauthCodes: Map<string, OAuthCode>;
  sentMessages: SentMessage[];
  calls: CallRecord[];
  faults: Fault[];
  emitter: WebhookEmitter;
}

export function resetState(s: FakeGraphState): void {
  s.clockOffset = 0;
  s.config = { ...s.options, usage: { percentPerCall: 1 } };
  s.apps = {};
  s.tokens.clear();
  s.waAccounts.clear();
  s.wabas.clear();
  s.waMedia.clear();
  s.waInbound.clear();
  s.waConversations.clear();
  s.customerEdits.clear();
  s.igAccounts.clear();
  s.pages.clear();
  s.igAssets.clear();
  s.igProfiles.clear();
  s.igProfilePics.clear();
  s.containers.clear();
  s.igMedia.clear();
  s.comments.clear();
  s.oauthCodes.clear();
  s.sentMessages.length = 0;
  s.calls.length = 0;
  s.faults.length = 0;
  s.emitter.reset();
}

/** ISO timestamp as Meta prints it: 2017-08-31T19:16:02+0000. */
export function metaTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");
}
