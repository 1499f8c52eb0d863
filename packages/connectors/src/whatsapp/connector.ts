// The WhatsApp Cloud API connector: `PlatformConnector` composed from one module per capability, all calling Graph
// through `WhatsAppGraph` (graph.ts):
// - tokens.ts (the number and its token), messaging.ts (sends within the 24 h window, read receipts),
// - templates.ts (the number's templates, cached per process), broadcast.ts (publishing = a template broadcast),
// - media.ts (inbound media download), webhook.ts (deliveries → events); the subscription is here.
// WhatsApp has no comments: those methods answer `unsupported`.

import { BaseConnector } from "../base";
import type { ConnectorContext } from "../context";
import { subscribedAppsSchema, successSchema } from "../graph/schemas";
import type {
  Channel,
  DownloadedMedia,
  MediaRef,
  PlatformConnector,
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
import { invalidInput } from "../validation";
import { publishBroadcast } from "./broadcast";
import { whatsappCapabilities } from "./capabilities";
import { WhatsAppGraph } from "./graph";
import { downloadMedia } from "./media";
import { markRead, sendMessage, windowOpen } from "./messaging";
import { listTemplates, TemplateCache, type WhatsAppTemplate } from "./templates";
import { checkToken, phoneNumber, refreshNotSupported } from "./tokens";
import { normalizeWhatsAppWebhook } from "./webhook";

export class WhatsAppConnector extends BaseConnector<WhatsAppGraph> implements PlatformConnector {
  readonly name = "whatsapp" as const;
  readonly capabilities = whatsappCapabilities;

  /** This process's copy of each number's templates (see `cachedTemplates`). */
  private readonly templates: TemplateCache;

  constructor(ctx: ConnectorContext) {
    super(new WhatsAppGraph(ctx));
    this.templates = new TemplateCache(this.graph);
  }

  protected webhookSecretFor(channel: Channel): string | undefined {
    return channel.webhookSecret ?? this.ctx.config.appSecret;
  }

  // ---------- tokens ----------

  refreshToken(_channel: Channel): Promise<RefreshResult> {
    return Promise.resolve(refreshNotSupported);
  }

  shouldRefresh(_channel: Channel, _now?: Date): boolean {
    return false;
  }

  checkToken(channel: Channel): Promise<TokenCheckResult> {
    return checkToken(this.graph, channel);
  }

  phoneNumber(channel: Channel): Promise<{ id: string; displayPhoneNumber: string | null; verifiedName: string | null; qualityRating: string | null } & WithUsage> {
    return phoneNumber(this.graph, channel);
  }

  // ---------- messages ----------

  /** Whether free-form (non-template) messages are allowed now. */
  windowOpen(lastInboundAt: Date | string | null | undefined, now: Date = this.now()): boolean {
    return windowOpen(lastInboundAt, now);
  }

  sendMessage(channel: Channel, req: SendMessageRequest): Promise<SendResult> {
    return sendMessage(this.graph, channel, req);
  }

  markRead(channel: Channel, messageId: string, typing = false): Promise<{ success: boolean } & WithUsage> {
    return markRead(this.graph, channel, messageId, typing);
  }

  downloadMedia(channel: Channel, media: MediaRef): Promise<DownloadedMedia> {
    return downloadMedia(this.graph, channel, media);
  }

  // ---------- templates ----------

  listTemplates(channel: Channel, opts: { status?: string; pageSize?: number } = {}): Promise<{ templates: WhatsAppTemplate[] } & WithUsage> {
    return listTemplates(this.graph, channel, opts);
  }

  /** The number's templates from this process's copy (`templateCacheMs`); `fresh` reloads a list older than `templateRefreshMinMs`. */
  cachedTemplates(channel: Channel, opts: { fresh?: boolean } = {}): Promise<{ templates: WhatsAppTemplate[]; fetchedAt: Date; stale: boolean }> {
    return this.templates.get(channel, opts);
  }

  // ---------- publishing: broadcast ----------

  publish(channel: Channel, request: PublishRequest, progress?: PublishProgress | null, hooks?: PublishHooks): Promise<PublishStepResult> {
    return publishBroadcast(this.graph, channel, request, progress, hooks);
  }

  // ---------- comments: none on WhatsApp ----------

  replyComment(_c: Channel, _id: string, _t: string): Promise<{ id: string } & WithUsage> {
    return this.unsupported("comments");
  }
  hideComment(_c: Channel, _id: string): Promise<{ success: boolean } & WithUsage> {
    return this.unsupported("comments");
  }
  unhideComment(_c: Channel, _id: string): Promise<{ success: boolean } & WithUsage> {
    return this.unsupported("comments");
  }
  deleteComment(_c: Channel, _id: string): Promise<{ success: boolean } & WithUsage> {
    return this.unsupported("comments");
  }

  // ---------- webhooks ----------

  normalizeWebhook(raw: unknown): WebhookEvent[] {
    return normalizeWhatsAppWebhook(raw);
  }

  /** Subscribes the app to the WABA's webhooks (fields are chosen in the App Dashboard for WhatsApp). */
  async setupWebhook(channel: Channel, _fields?: string[]): Promise<WebhookSetupResult> {
    if (!channel.wabaId) throw invalidInput("whatsapp", "channel has no wabaId");
    const { data, usage } = await this.graph.call(channel, {
      method: "POST",
      url: this.graph.url(`${channel.wabaId}/subscribed_apps`),
      schema: successSchema,
      safe: true,
      what: "subscribe WhatsApp webhooks",
    });
    return { subscribed: data.success, fields: ["messages"], usage };
  }

  /** `GET /{waba-id}/subscribed_apps`: the apps subscribed to the WABA (fields are the app's, not listed here). */
  async webhookSubscription(channel: Channel): Promise<WebhookSubscriptionState> {
    if (!channel.wabaId) throw invalidInput("whatsapp", "channel has no wabaId");
    const { data, usage } = await this.graph.call(channel, {
      method: "GET",
      url: this.graph.url(`${channel.wabaId}/subscribed_apps`),
      schema: subscribedAppsSchema,
      safe: true,
      what: "read WhatsApp webhook subscription",
    });
    return { subscribed: data.data.length > 0, fields: data.data.length > 0 ? ["messages"] : [], usage };
  }
}
