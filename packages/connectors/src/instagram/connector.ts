// The Instagram connector: `PlatformConnector` composed from one module per capability, all calling Graph through
// `InstagramGraph` (graph.ts: the host of each login variant):
// - tokens.ts (refresh, check) and login.ts (OAuth code → long-lived token → account),
// - publishing.ts (quota, steps) with containers.ts and published-media.ts (permalink, lost publish answers),
// - messaging.ts (DMs within the windows, attachments), comments.ts (list, reply, hide, delete),
// - profiles.ts (who a customer is: the User Profile API and the picture's bytes),
// - webhook.ts (deliveries → events); the subscription and the signing secret are here.

import { BaseConnector } from "../base";
import type { ConnectorContext } from "../context";
import { subscribedAppsSchema, successSchema } from "../graph/schemas";
import type {
  Channel,
  CustomerProfile,
  DownloadedMedia,
  InstagramPublishRequest,
  MediaRef,
  PlatformConnector,
  ProfilePicture,
  PublishHooks,
  PublishProgress,
  PublishRequest,
  PublishStepResult,
  RefreshResult,
  SendMessageRequest,
  SendResult,
  TokenCheckResult,
  WebhookEvent,
  WebhookSetupResult,
  WebhookSubscriptionState,
  WithUsage,
} from "../types";
import { instagramCapabilities } from "./capabilities";
import { deleteComment, listCommentsPage, replyComment, setHidden, type CommentListPage } from "./comments";
import { InstagramGraph, type InstagramVariant } from "./graph";
import { connectWithCode, exchangeCode, exchangeForLongLived, me, type InstagramLongLivedToken, type InstagramMe } from "./login";
import { downloadMedia, sendMessage } from "./messaging";
import { fetchProfilePicture, getUserProfile } from "./profiles";
import { publish, publishingLimit, validatePublish } from "./publishing";
import { findPublishedMedia, listAccountMedia, mediaInfo, permalink, type AccountMedia, type PublishedMedia } from "./published-media";
import { checkToken, refreshToken, shouldRefresh } from "./tokens";
import { normalizeInstagramWebhook } from "./webhook";

export class InstagramConnector extends BaseConnector<InstagramGraph> implements PlatformConnector {
  readonly name = "instagram" as const;
  readonly capabilities = instagramCapabilities;

  constructor(ctx: ConnectorContext) {
    super(new InstagramGraph(ctx));
  }

  protected webhookSecretFor(channel: Channel): string | undefined {
    // Instagram-Login webhooks are signed with the *Instagram* app secret; Facebook Login with the Meta app secret.
    return channel.webhookSecret ?? (channel.variant === "facebook" ? this.ctx.config.appSecret : this.ctx.config.instagramAppSecret);
  }

  // ---------- tokens and login ----------

  shouldRefresh(channel: Channel, now: Date = this.now()): boolean {
    return shouldRefresh(channel, now);
  }

  checkToken(channel: Channel): Promise<TokenCheckResult> {
    return checkToken(this.graph, channel);
  }

  refreshToken(channel: Channel): Promise<RefreshResult> {
    return refreshToken(this.graph, channel);
  }

  exchangeCode(code: string, redirectUri: string): Promise<{ accessToken: string; userId: string; permissions: string[] }> {
    return exchangeCode(this.graph, code, redirectUri);
  }

  exchangeForLongLived(shortToken: string): Promise<InstagramLongLivedToken> {
    return exchangeForLongLived(this.graph, shortToken);
  }

  me(accessToken: string, variant: InstagramVariant = "instagram"): Promise<InstagramMe> {
    return me(this.graph, accessToken, variant);
  }

  connectWithCode(code: string, redirectUri: string): Promise<InstagramLongLivedToken & { me: InstagramMe; permissions: string[] }> {
    return connectWithCode(this.graph, code, redirectUri);
  }

  // ---------- publishing ----------

  publishingLimit(channel: Channel): Promise<{ quotaUsage: number; quotaTotal: number | null; quotaDurationS: number | null } & WithUsage> {
    return publishingLimit(this.graph, channel);
  }

  validatePublish(request: InstagramPublishRequest): void {
    validatePublish(request);
  }

  publish(channel: Channel, request: PublishRequest, progress?: PublishProgress | null, hooks?: PublishHooks): Promise<PublishStepResult> {
    return publish(this.graph, channel, request, progress, hooks);
  }

  findPublishedMedia(channel: Channel, post: { caption: string; createdAt: string }): Promise<{ media: PublishedMedia | null } & WithUsage> {
    return findPublishedMedia(this.graph, channel, post);
  }

  permalink(channel: Channel, mediaId: string): Promise<{ permalink: string | null; mediaType: string | null; mediaProductType: string | null } & WithUsage> {
    return permalink(this.graph, channel, mediaId);
  }

  /** One page of the account's media, newest first (media published outside Sillage are followed too). */
  listAccountMedia(channel: Channel, after?: string | null): Promise<{ media: AccountMedia[]; after: string | null } & WithUsage> {
    return listAccountMedia(this.graph, channel, after);
  }

  mediaInfo(channel: Channel, mediaId: string): Promise<{ media: AccountMedia } & WithUsage> {
    return mediaInfo(this.graph, channel, mediaId);
  }

  // ---------- comments ----------

  /** One page of a media's top-level comments (newest first, ≤ 50, replies expanded) from Graph's `after` cursor. */
  listCommentsPage(channel: Channel, mediaId: string, after?: string | null): Promise<CommentListPage> {
    return listCommentsPage(this.graph, channel, mediaId, after);
  }


  replyComment(channel: Channel, commentId: string, text: string): Promise<{ id: string } & WithUsage> {
    return replyComment(this.graph, channel, commentId, text);
  }

  hideComment(channel: Channel, commentId: string): Promise<{ success: boolean } & WithUsage> {
    return setHidden(this.graph, channel, commentId, true);
  }

  unhideComment(channel: Channel, commentId: string): Promise<{ success: boolean } & WithUsage> {
    return setHidden(this.graph, channel, commentId, false);
  }

  deleteComment(channel: Channel, commentId: string): Promise<{ success: boolean } & WithUsage> {
    return deleteComment(this.graph, channel, commentId);
  }

  // ---------- messages ----------

  sendMessage(channel: Channel, req: SendMessageRequest): Promise<SendResult> {
    return sendMessage(this.graph, channel, req);
  }

  downloadMedia(channel: Channel, media: MediaRef): Promise<DownloadedMedia> {
    return downloadMedia(this.graph, channel, media);
  }

  // ---------- customer profiles ----------

  /**
   * Who the customer behind an IGSID is. `null` when Meta shows nothing (blocked the business, unknown to the
   * account); throws `ProfileConsentRequiredError` while the person has not messaged the account.
   */
  getUserProfile(channel: Channel, igsid: string): Promise<CustomerProfile | null> {
    return getUserProfile(this.graph, channel, igsid);
  }

  /** The bytes of `profile.pictureUrl` (expires within days: store them); an expired link fails with kind `not_found`. */
  fetchProfilePicture(channel: Channel, pictureUrl: string, opts?: { maxBytes?: number }): Promise<ProfilePicture> {
    return fetchProfilePicture(this.graph, channel, pictureUrl, opts);
  }

  // ---------- webhooks ----------

  normalizeWebhook(raw: unknown): WebhookEvent[] {
    // Handovers happen on the Messenger platform (Facebook Login): its app is the one that may own a thread.
    return normalizeInstagramWebhook(raw, this.ctx.config.appId);
  }

  /**
   * Instagram Login: `POST /{ig-user-id}/subscribed_apps` with the account's Instagram fields. Facebook Login
   * (Messenger platform): the Instagram fields are the app's, chosen in the App Dashboard; what the channel does is
   * install the app on its Page, `POST /{page-id}/subscribed_apps` (here `me` with the Page token) with a Page field:
   * Page subscriptions take Page fields only (Meta refuses `comments` or `messaging_seen` there).
   */
  async setupWebhook(channel: Channel, fields: string[] = [...INSTAGRAM_WEBHOOK_FIELDS]): Promise<WebhookSetupResult> {
    const subscribed = channel.variant === "facebook" ? [...PAGE_WEBHOOK_FIELDS] : fields;
    const { data, usage } = await this.graph.call(channel, {
      method: "POST",
      url: this.graph.url(channel, `${this.graph.messagingNode(channel)}/subscribed_apps`),
      query: { subscribed_fields: subscribed.join(",") },
      schema: successSchema,
      safe: true,
      what: "subscribe Instagram webhooks",
    });
    return { subscribed: data.success, fields: subscribed, usage };
  }

  /** `GET` on the same node: the app's item, with the fields it is subscribed to (none: no webhook comes). */
  async webhookSubscription(channel: Channel): Promise<WebhookSubscriptionState> {
    const { data, usage } = await this.graph.call(channel, {
      method: "GET",
      url: this.graph.url(channel, `${this.graph.messagingNode(channel)}/subscribed_apps`),
      schema: subscribedAppsSchema,
      safe: true,
      what: "read Instagram webhook subscription",
    });
    const fields = data.data.flatMap((d) => d.subscribed_fields ?? []);
    // Instagram Login: an account subscribed before a field was added to ours (postbacks, referrals…) hears none of
    // it, so it counts as not subscribed and the daily check subscribes it again with every field.
    const wanted: readonly string[] = channel.variant === "facebook" ? [] : INSTAGRAM_WEBHOOK_FIELDS;
    return { subscribed: fields.length > 0 && wanted.every((f) => fields.includes(f)), fields, usage };
  }
}

/** Instagram webhook fields an account subscribes to (Instagram Login). */
// Each kind of event comes on its own field (Meta's Instagram webhook fields), and Meta sends nothing of a field not
// subscribed: `message_edit` edited DMs, `messaging_postbacks` icebreaker and button choices, `messaging_referral` a
// customer arriving from an ig.me link or an ad, `live_comments` comments on a live video.
const INSTAGRAM_WEBHOOK_FIELDS = [
  "messages",
  "comments",
  "message_reactions",
  "messaging_seen",
  "message_edit",
  "messaging_postbacks",
  "messaging_referral",
  "live_comments",
] as const;
/** The Page field that installs the app on a Facebook-Login channel's Page (Messenger platform: "any Page field"). */
const PAGE_WEBHOOK_FIELDS = ["messages"] as const;
