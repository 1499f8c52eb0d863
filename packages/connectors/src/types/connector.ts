// The platform-neutral connector interface: what every platform folder implements.

import type { HeaderBag, Usage } from "../graph/usage";
import type { Capabilities, Channel, Platform, WithUsage } from "./channel";
import type { DownloadedMedia, MediaRef, SendMessageRequest, SendResult } from "./messaging";
import type { PublishHooks, PublishRequest, PublishProgress, PublishStepResult } from "./publishing";
import type { RefreshResult, TokenCheckResult } from "./tokens";
import type { HandshakeResult, SignatureResult, WebhookEvent, WebhookSetupResult, WebhookSubscriptionState } from "./webhooks";

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
  /** Reads the subscription back (`GET …/subscribed_apps`): does Meta still send this account's webhooks to the app? */
  webhookSubscription(channel: Channel): Promise<WebhookSubscriptionState>;

  usage(channelId: string): Usage | undefined;
  breakerState(channelId: string): BreakerState;
}
