// WhatsApp Cloud API connector (graph.facebook.com/{ver}/…).
// - Send: POST /{phone-number-id}/messages (text ≤ 4096, media caption ≤ 1024, templates). A 200 only means
//   "accepted": delivery (or an async 131047 failure) arrives later as a status webhook.
// - 24 h customer-service window: free-form messages only within 24 h of the customer's last message; outside it
//   only approved templates. We refuse BEFORE calling Meta (Meta often answers 200 and fails later with 131047).
// - "Publishing" = broadcast of an approved template (or in-window text) to opted-in contacts, one request per
//   recipient (there is no API for Status/Channels).
// - Media download: GET /{media-id} → short-lived URL (5 min) → GET URL with the bearer token.

import { createHash } from "node:crypto";
import { z } from "zod";
import { BaseConnector } from "../base";
import type { ConnectorContext } from "../context";
import { errorInfo } from "../error-info";
import { PlatformError } from "../errors";
import { checkWithDebugToken } from "../graph/debug-token";
import { isMetaHost } from "../graph/meta-hosts";
import { PlatformGraph } from "../graph/platform-graph";
import type { Usage } from "../graph/usage";
import { hoursBetween, toDate } from "../time";
import type {
  BroadcastRecipient,
  Capabilities,
  Channel,
  CommentPage,
  ErrorInfo,
  DownloadedMedia,
  MediaRef,
  OutboundMessage,
  PlatformConnector,
  PublishHooks,
  PublishProgress,
  PublishRequest,
  PublishStepResult,
  RecipientOutcome,
  RefreshResult,
  TokenCheckResult,
  SendMessageRequest,
  SendResult,
  TemplateComponent,
  WebhookEvent,
  WebhookSetupResult,
  WhatsAppBroadcastProgress,
  WithUsage,
} from "../types";
import { charLength } from "../validation";
import { normalizeWhatsAppWebhook } from "./webhook";

export const WHATSAPP_TEXT_MAX = 4096;
export const WHATSAPP_CAPTION_MAX = 1024;
export const WHATSAPP_WINDOW_HOURS = 24;

export const whatsappCapabilities: Capabilities = {
  dm: true,
  comments: false,
  hideComments: false,
  deleteComments: false,
  privateReplies: false,
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
  messageWindowHours: WHATSAPP_WINDOW_HOURS,
  humanAgentWindowHours: null,
  maxHashtags: null,
};

const sendResponseSchema = z.object({
  messaging_product: z.string().optional(),
  contacts: z.array(z.object({ input: z.string().optional(), wa_id: z.string().optional() })).optional(),
  messages: z.array(z.object({ id: z.string().min(1), message_status: z.string().optional() })).min(1),
});

const mediaInfoSchema = z.object({
  url: z.string().url(),
  mime_type: z.string(),
  sha256: z.string().optional(),
  file_size: z.union([z.string(), z.number()]).optional(),
  id: z.string().optional(),
});

const templateSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  category: z.string().optional(),
  language: z.string(),
  components: z.array(z.unknown()).optional(),
});
const phoneNumberSchema = z.object({
  id: z.string(),
  display_phone_number: z.string().optional(),
  verified_name: z.string().optional(),
  quality_rating: z.string().optional(),
});

const templatePageSchema = z.object({
  data: z.array(templateSchema),
  paging: z
    .object({ cursors: z.object({ before: z.string().optional(), after: z.string().optional() }).optional(), next: z.string().optional() })
    .optional(),
});
export type WhatsAppTemplate = z.infer<typeof templateSchema>;

interface TemplateList {
  templates: WhatsAppTemplate[];
  fetchedAt: number;
}

const successSchema = z.object({ success: z.boolean() });

/** Template errors that would fail every recipient of a broadcast the same way: stop instead of looping. */
const interruptedError: ErrorInfo = {
  kind: "interrupted",
  code: null,
  subcode: null,
  title: null,
  message: "the worker stopped while this message was being sent",
  userMessage: "Sillage stopped while sending to this recipient: the message may or may not have arrived, so it was not sent again.",
  retryable: false,
};

const BROADCAST_FATAL_CODES = new Set([132000, 132001, 132005, 132007, 131031, 131042, 133010]);

export class WhatsAppConnector extends BaseConnector implements PlatformConnector {
  readonly name = "whatsapp" as const;
  readonly capabilities = whatsappCapabilities;

  /** Each number's template list, by channel and WABA: this process's copy (see `cachedTemplates`). */
  private readonly templateLists = new Map<string, TemplateList>();
  private readonly templateLoads = new Map<string, Promise<TemplateList>>();

  constructor(ctx: ConnectorContext) {
    super(new PlatformGraph(ctx, "whatsapp"));
  }

  private url(path: string): string {
    return `${this.ctx.config.graphUrl}/${this.ctx.config.graphVersion}/${path}`;
  }

  protected webhookSecretFor(channel: Channel): string | undefined {
    return channel.webhookSecret ?? this.ctx.config.appSecret;
  }

  // ---------- tokens ----------

  refreshToken(_channel: Channel): Promise<RefreshResult> {
    // System-user tokens never expire or are regenerated in Business Manager: there is no refresh endpoint.
    return Promise.resolve({
      status: "not_supported",
      reason: "WhatsApp system-user tokens are regenerated in Business Manager, not refreshed",
    });
  }

  shouldRefresh(_channel: Channel, _now?: Date): boolean {
    return false;
  }

  /** debug_token (expiry: 0 for permanent system-user tokens), else a read of the phone number with the token. */
  checkToken(channel: Channel): Promise<TokenCheckResult> {
    return checkWithDebugToken(this.graph, channel, () => this.phoneNumber(channel));
  }

  // ---------- messages ----------

  /** Whether free-form (non-template) messages are allowed now. */
  windowOpen(lastInboundAt: Date | string | null | undefined, now: Date = this.now()): boolean {
    const last = toDate(lastInboundAt);
    return last !== null && hoursBetween(last, now) < WHATSAPP_WINDOW_HOURS;
  }

  private validate(message: OutboundMessage): void {
    const invalid = (msg: string, user: string) =>
      new PlatformError({ kind: "invalid_input", platform: "whatsapp", message: msg, userMessage: user });
    if (message.type === "text") {
      if (message.text.trim() === "") throw invalid("empty text", "The message is empty.");
      if (charLength(message.text) > WHATSAPP_TEXT_MAX) {
        throw invalid("text longer than 4096", "Message longer than 4,096 characters.");
      }
    } else if (message.type === "media") {
      if (!message.link && !message.mediaId) throw invalid("media without link or id", "The attachment is missing.");
      if (message.caption && charLength(message.caption) > WHATSAPP_CAPTION_MAX) {
        throw invalid("caption longer than 1024", "Caption longer than 1,024 characters.");
      }
      if (message.caption && (message.kind === "audio" || message.kind === "sticker")) {
        throw invalid(`caption on ${message.kind}`, "Audio and stickers cannot have a caption.");
      }
    } else if (!message.name || !message.language) {
      throw invalid("template without name/language", "Choose an approved template and its language.");
    }
  }

  private messageBody(to: string, message: OutboundMessage, extra: { replyTo?: string; callbackData?: string }): Record<string, unknown> {
    const body: Record<string, unknown> = { messaging_product: "whatsapp", recipient_type: "individual", to };
    if (message.type === "text") {
      body.type = "text";
      body.text = { body: message.text, preview_url: message.previewUrl ?? false };
    } else if (message.type === "media") {
      body.type = message.kind;
      const media: Record<string, unknown> = message.mediaId ? { id: message.mediaId } : { link: message.link };
      if (message.caption) media.caption = message.caption;
      if (message.filename && message.kind === "document") media.filename = message.filename;
      body[message.kind] = media;
    } else {
      body.type = "template";
      body.template = {
        name: message.name,
        language: { code: message.language },
        ...(message.components && message.components.length > 0 ? { components: message.components } : {}),
      };
    }
    if (extra.replyTo) body.context = { message_id: extra.replyTo };
    if (extra.callbackData) body.biz_opaque_callback_data = extra.callbackData;
    return body;
  }

  async sendMessage(channel: Channel, req: SendMessageRequest): Promise<SendResult> {
    if (typeof req.to !== "string") throw new PlatformError({ kind: "unsupported", platform: "whatsapp", message: "private replies to comments do not exist on WhatsApp" });
    this.validate(req.message);
    if (req.message.type !== "template" && !this.windowOpen(req.lastInboundAt)) {
      throw new PlatformError({
        kind: "window_closed",
        platform: "whatsapp",
        message: "outside the 24 h customer-service window: only templates may be sent",
      });
    }
    const { data, usage } = await this.graph.call(channel, {
      method: "POST",
      url: this.url(`${channel.externalId}/messages`),
      json: this.messageBody(req.to, req.message, { replyTo: req.replyToMessageId, callbackData: req.callbackData }),
      schema: sendResponseSchema,
      what: "send WhatsApp message",
    });
    const first = data.messages[0];
    return {
      messageId: first?.id ?? "",
      recipientId: data.contacts?.[0]?.wa_id ?? req.to,
      messageStatus: first?.message_status ?? null,
      humanAgentTag: false,
      usage,
    };
  }

  /** Marks an inbound message as read (blue ticks), optionally showing a typing indicator. */
  async markRead(channel: Channel, messageId: string, typing = false): Promise<{ success: boolean } & WithUsage> {
    const { data, usage } = await this.graph.call(channel, {
      method: "POST",
      url: this.url(`${channel.externalId}/messages`),
      json: {
        messaging_product: "whatsapp",
        status: "read",
        message_id: messageId,
        ...(typing ? { typing_indicator: { type: "text" } } : {}),
      },
      schema: successSchema,
      safe: true,
      what: "mark WhatsApp message read",
    });
    return { success: data.success, usage };
  }

  async downloadMedia(channel: Channel, media: MediaRef): Promise<DownloadedMedia> {
    let url = media.url;
    let mimeType: string | null = null;
    let sha256: string | null = null;
    if (media.mediaId) {
      // Always ask for a fresh URL: they expire after 5 minutes.
      const info = await this.graph.call(channel, {
        method: "GET",
        url: this.url(media.mediaId),
        query: { phone_number_id: channel.externalId },
        schema: mediaInfoSchema,
        safe: true,
        what: "look up WhatsApp media",
      });
      url = info.data.url;
      mimeType = info.data.mime_type;
      sha256 = info.data.sha256 ?? null;
    }
    if (!url) {
      throw new PlatformError({ kind: "invalid_input", platform: "whatsapp", message: "downloadMedia needs a media id or URL" });
    }
    if (!isMetaHost(url, this.ctx.config)) {
      // The bearer token must never be sent to a host that is not Meta's.
      throw new PlatformError({ kind: "invalid_input", platform: "whatsapp", message: "refusing to send the token to a URL outside Meta's hosts" });
    }
    const res = await this.ctx.http.bytes({
      channelId: channel.id,
      platform: "whatsapp",
      url,
      token: channel.accessToken,
      safe: true,
      what: "download WhatsApp media",
    });
    if (sha256 && !sha256Matches(res.bytes, sha256)) {
      throw new PlatformError({ kind: "malformed", platform: "whatsapp", message: "downloaded media does not match its sha256" });
    }
    return {
      bytes: res.bytes,
      mimeType: mimeType ?? res.contentType ?? "application/octet-stream",
      sha256,
      fileSize: res.bytes.byteLength,
      usage: res.usage,
    };
  }

  /** The business phone number behind the channel: proves the token reaches it (used when connecting). */
  async phoneNumber(channel: Channel): Promise<{ id: string; displayPhoneNumber: string | null; verifiedName: string | null; qualityRating: string | null } & WithUsage> {
    const res = await this.graph.call(channel, {
      method: "GET",
      url: this.url(channel.externalId),
      query: { fields: "id,display_phone_number,verified_name,quality_rating" },
      schema: phoneNumberSchema,
      safe: true,
      what: "read the WhatsApp phone number",
    });
    return {
      id: res.data.id,
      displayPhoneNumber: res.data.display_phone_number ?? null,
      verifiedName: res.data.verified_name ?? null,
      qualityRating: res.data.quality_rating ?? null,
      usage: res.usage,
    };
  }

  /** Every template of the WABA (paging followed to the end). */
  async listTemplates(channel: Channel, opts: { status?: string; pageSize?: number } = {}): Promise<{ templates: WhatsAppTemplate[] } & WithUsage> {
    if (!channel.wabaId) {
      throw new PlatformError({ kind: "invalid_input", platform: "whatsapp", message: "channel has no wabaId", userMessage: "Reconnect the WhatsApp number (its business account is unknown)." });
    }
    const templates: WhatsAppTemplate[] = [];
    let after: string | undefined;
    let usage: Usage | null = null;
    for (let page = 0; page < this.ctx.config.maxPages; page++) {
      const res = await this.graph.call(channel, {
        method: "GET",
        url: this.url(`${channel.wabaId}/message_templates`),
        query: {
          fields: "id,name,status,category,language,components",
          limit: opts.pageSize ?? 100,
          after,
          status: opts.status,
        },
        schema: templatePageSchema,
        safe: true,
        what: "list WhatsApp templates",
      });
      usage = res.usage;
      templates.push(...res.data.data);
      after = res.data.paging?.cursors?.after;
      // Graph omits `next` on the last page.
      if (!res.data.paging?.next || !after) break;
    }
    return { templates, usage };
  }

  /**
   * The number's templates (every status), kept in memory for `templateCacheMs`: templates change rarely (approval
   * takes minutes to days), and each process reading them once every few minutes costs Meta nothing, so no table is
   * needed. `fresh` (a post names a template the list lacks: it may have just been approved) reloads unless the list
   * is younger than `templateRefreshMinMs`, so misses cannot hammer Meta. Concurrent loads share one request. When a
   * load fails, the last list is returned (`stale`) if there is one.
   */
  async cachedTemplates(channel: Channel, opts: { fresh?: boolean } = {}): Promise<{ templates: WhatsAppTemplate[]; fetchedAt: Date; stale: boolean }> {
    const key = `${channel.id}:${channel.wabaId ?? ""}`;
    const cached = this.templateLists.get(key);
    const age = cached ? this.now().getTime() - cached.fetchedAt : Infinity;
    const reload = age >= this.ctx.config.templateCacheMs || (opts.fresh === true && age >= this.ctx.config.templateRefreshMinMs);
    if (cached && !reload) return { templates: cached.templates, fetchedAt: new Date(cached.fetchedAt), stale: false };
    let load = this.templateLoads.get(key);
    if (!load) {
      load = this.listTemplates(channel)
        .then(({ templates }) => {
          const list = { templates, fetchedAt: this.now().getTime() };
          this.templateLists.set(key, list);
          return list;
        })
        .finally(() => this.templateLoads.delete(key));
      this.templateLoads.set(key, load);
    }
    try {
      const list = await load;
      return { templates: list.templates, fetchedAt: new Date(list.fetchedAt), stale: false };
    } catch (e) {
      if (cached) return { templates: cached.templates, fetchedAt: new Date(cached.fetchedAt), stale: true };
      throw e;
    }
  }

  // ---------- publishing: broadcast ----------

  async publish(channel: Channel, request: PublishRequest, progress?: PublishProgress | null, hooks?: PublishHooks): Promise<PublishStepResult> {
    if (request.platform !== "whatsapp") {
      throw new PlatformError({ kind: "invalid_input", platform: "whatsapp", message: "not a WhatsApp broadcast request" });
    }
    this.validate(request.message);
    const state: WhatsAppBroadcastProgress =
      progress && "platform" in progress && progress.platform === "whatsapp"
        ? { ...progress, results: { ...progress.results } }
        : { platform: "whatsapp", step: "sending", broadcastId: request.broadcastId, results: {} };
    if (state.broadcastId !== request.broadcastId) {
      throw new PlatformError({ kind: "invalid_input", platform: "whatsapp", message: "progress belongs to another broadcast" });
    }
    state.step = "sending";
    state.total = request.recipients.length;
    // A run that died mid-batch: what it had in flight may have reached Meta. Uncertain, never sent again.
    for (const to of state.inFlight ?? []) {
      state.results[to] ??= { status: "uncertain", error: interruptedError, at: this.now().toISOString() };
    }
    delete state.inFlight;
    let usage: Usage | null = null;

    // This step's batch: the next sendable recipients (the others are settled as skipped on the way).
    const batch: BroadcastRecipient[] = [];
    for (const r of request.recipients) {
      if (batch.length >= this.ctx.config.broadcastBatchSize) break;
      if (state.results[r.to] !== undefined) continue;
      const skipped = this.skipReason(request, r);
      if (skipped) state.results[r.to] = { status: "skipped", reason: skipped, at: this.now().toISOString() };
      else batch.push(r);
    }
    if (batch.length && hooks?.onProgress) {
      state.inFlight = batch.map((r) => r.to);
      await hooks.onProgress(state);
    }
    // Recipients of the batch not sent when the step ends early go back to pending.
    const settle = () => delete state.inFlight;

    for (const r of batch) {
      const at = this.now().toISOString();
      const message: OutboundMessage =
        request.message.type === "template" && r.components
          ? { ...request.message, components: r.components as TemplateComponent[] }
          : request.message;
      try {
        const res = await this.graph.call(channel, {
          method: "POST",
          url: this.url(`${channel.externalId}/${request.marketingEndpoint ? "marketing_messages" : "messages"}`),
          json: this.messageBody(r.to, message, { callbackData: request.broadcastId }),
          schema: sendResponseSchema,
          what: "broadcast WhatsApp message",
        });
        usage = res.usage ?? usage;
        const first = res.data.messages[0];
        state.results[r.to] = {
          status: "sent",
          wamid: first?.id ?? "",
          ...(first?.message_status ? { messageStatus: first.message_status } : {}),
          at,
        };
      } catch (e) {
        if (!(e instanceof PlatformError)) throw e;
        const outcome = this.classifyBroadcastFailure(e, at);
        if (outcome === "wait") {
          const waits = (state.waits?.[r.to] ?? 0) + 1;
          if (waits < this.ctx.config.broadcastMaxWaits) {
            // Nothing was sent to this recipient: keep it pending and come back later.
            state.waits = { ...state.waits, [r.to]: waits };
            settle();
            return this.broadcastResult(request, state, usage, false, e.retryAfterMs ?? this.ctx.config.publishRetryWaitMs);
          }
          // Put off too often: this recipient fails, so the rest of the broadcast is not held up forever.
          state.results[r.to] = { status: "failed", error: errorInfo(e), at };
          continue;
        }
        if (outcome === "abort") {
          settle();
          e.progress = state;
          throw e;
        }
        state.results[r.to] = outcome;
      }
    }
    settle();
    const more = request.recipients.some((r) => state.results[r.to] === undefined);
    return this.broadcastResult(request, state, usage, !more, more ? 0 : undefined);
  }

  private skipReason(request: Extract<PublishRequest, { platform: "whatsapp" }>, r: BroadcastRecipient): "opted_out" | "invalid" | "window_closed" | null {
    if (r.optedIn === false) return "opted_out";
    if (!/^\+?\d{6,20}$/.test(r.to)) return "invalid";
    if (request.message.type !== "template" && !this.windowOpen(r.lastInboundAt)) return "window_closed";
    return null;
  }

  private classifyBroadcastFailure(e: PlatformError, at: string): RecipientOutcome | "wait" | "abort" {
    // The request may have reached Meta: never re-send automatically (a duplicate marketing message is worse).
    if (e.kind === "timeout" || e.kind === "network" || e.kind === "malformed") {
      return { status: "uncertain", error: errorInfo(e), at };
    }
    if (e.kind === "rate_limited" || e.kind === "retryable" || e.kind === "circuit_open") return "wait";
    if (e.kind === "auth_expired" || e.kind === "permission" || e.kind === "quota") return "abort";
    if (e.code !== undefined && BROADCAST_FATAL_CODES.has(e.code)) return "abort";
    return { status: "failed", error: errorInfo(e), at };
  }

  private broadcastResult(
    request: Extract<PublishRequest, { platform: "whatsapp" }>,
    state: WhatsAppBroadcastProgress,
    usage: Usage | null,
    finished: boolean,
    waitMs: number | undefined,
  ): PublishStepResult {
    const summary = { sent: 0, failed: 0, uncertain: 0, skipped: 0, pending: 0 };
    for (const r of request.recipients) {
      const o = state.results[r.to];
      if (!o) summary.pending++;
      else summary[o.status]++;
    }
    const done = finished && summary.pending === 0;
    if (done) state.step = "done";
    return {
      progress: state,
      done,
      ...(waitMs !== undefined ? { waitMs } : {}),
      ...(done ? { platformPostId: request.broadcastId } : {}),
      summary,
      usage,
    };
  }

  // ---------- comments: none on WhatsApp ----------

  listNewComments(_c: Channel, _p: string, _s?: string | null): Promise<CommentPage> {
    return this.unsupported("comments");
  }
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
    if (!channel.wabaId) {
      throw new PlatformError({ kind: "invalid_input", platform: "whatsapp", message: "channel has no wabaId" });
    }
    const { data, usage } = await this.graph.call(channel, {
      method: "POST",
      url: this.url(`${channel.wabaId}/subscribed_apps`),
      schema: successSchema,
      safe: true,
      what: "subscribe WhatsApp webhooks",
    });
    return { subscribed: data.success, fields: ["messages"], usage };
  }
}

function sha256Matches(bytes: Uint8Array, expected: string): boolean {
  const digest = createHash("sha256").update(bytes).digest();
  // Meta documents base64; some answers carry hex. Accept either.
  return expected === digest.toString("base64") || expected.toLowerCase() === digest.toString("hex");
}
