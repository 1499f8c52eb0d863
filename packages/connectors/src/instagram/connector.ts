// Instagram connector. Two hosts, chosen by the channel's `variant`:
// - Instagram Login: https://graph.instagram.com/{ver}/{ig-user-id}/… (tokens IGAA…, 60 days, refreshable)
// - Facebook Login: https://graph.facebook.com/{ver}/{ig-user-id}/… (Page token, never expires, no refresh;
//   DMs and webhook subscription go through the Page: `me` with the Page token).
// Publishing = container (image / carousel 2–10 children / reel / story) → poll status → media_publish →
// permalink, as resumable steps. Before media_publish on a saved container we re-read its status: a timeout
// after publishing may still have published it, and publishing twice would duplicate the post.

import { z } from "zod";
import { BaseConnector } from "../base";
import type { ConnectorContext } from "../context";
import { PlatformError, platformErrorFromGraph } from "../errors";
import { checkWithDebugToken } from "../graph/debug-token";
import { isMetaHost } from "../graph/meta-hosts";
import { PlatformGraph } from "../graph/platform-graph";
import type { Usage } from "../graph/usage";
import { graphTime, hoursBetween, toDate } from "../time";
import type {
  Capabilities,
  Channel,
  Comment,
  CommentPage,
  DownloadedMedia,
  InstagramPublishProgress,
  InstagramPublishRequest,
  MediaRef,
  PlatformConnector,
  PublishHooks,
  PublishProgress,
  PublishRequest,
  PublishStepResult,
  RefreshResult,
  TokenCheckResult,
  SendMessageRequest,
  SendResult,
  WebhookEvent,
  WebhookSetupResult,
  WithUsage,
} from "../types";
import { charLength } from "../validation";
import { normalizeInstagramWebhook } from "./webhook";

export const INSTAGRAM_CAPTION_MAX = 2200;
export const INSTAGRAM_DM_MAX_BYTES = 1000;
export const INSTAGRAM_MAX_HASHTAGS = 30;
export const INSTAGRAM_MAX_MENTIONS = 20;
export const INSTAGRAM_WINDOW_HOURS = 24;
export const INSTAGRAM_HUMAN_AGENT_HOURS = 7 * 24;
export const INSTAGRAM_PRIVATE_REPLY_HOURS = 7 * 24;
/** Refresh proactively when fewer than this many days remain. */
export const INSTAGRAM_REFRESH_BEFORE_DAYS = 10;
/** Pages of the account's media read when looking for a post whose publish answer was lost (50 a page). */
const MEDIA_LOOKUP_MAX_PAGES = 10;
/** A token must be at least this old to be refreshed. */
export const INSTAGRAM_REFRESH_MIN_AGE_HOURS = 24;

export const instagramCapabilities: Capabilities = {
  dm: true,
  comments: true,
  hideComments: true,
  deleteComments: true,
  privateReplies: true,
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
  messageWindowHours: INSTAGRAM_WINDOW_HOURS,
  humanAgentWindowHours: INSTAGRAM_HUMAN_AGENT_HOURS,
  maxHashtags: INSTAGRAM_MAX_HASHTAGS,
};

const idSchema = z.object({ id: z.string().min(1) });
const successSchema = z.object({ success: z.boolean() });
const containerStatusSchema = z.object({
  id: z.string().optional(),
  status_code: z.enum(["IN_PROGRESS", "FINISHED", "ERROR", "EXPIRED", "PUBLISHED"]),
  status: z.string().optional(),
});
const limitSchema = z.object({
  data: z
    .array(
      z.object({
        quota_usage: z.number(),
        config: z.object({ quota_total: z.number(), quota_duration: z.number().optional() }).optional(),
      }),
    )
    .min(1),
});
const mediaSchema = z.object({
  id: z.string(),
  permalink: z.string().optional(),
  media_type: z.string().optional(),
  media_product_type: z.string().optional(),
  shortcode: z.string().optional(),
  timestamp: z.string().optional(),
  caption: z.string().optional(),
});
const pagingSchema = z
  .object({
    cursors: z.object({ before: z.string().optional(), after: z.string().optional() }).optional(),
    next: z.string().optional(),
  })
  .optional();
const mediaListSchema = z.object({ data: z.array(mediaSchema), paging: pagingSchema });
const rawCommentSchema = z.object({
  id: z.string(),
  text: z.string().optional(),
  timestamp: z.string(),
  username: z.string().optional(),
  from: z.object({ id: z.string().optional(), username: z.string().optional() }).optional(),
  hidden: z.boolean().optional(),
  like_count: z.number().optional(),
  parent_id: z.string().optional(),
});
const commentWithRepliesSchema = rawCommentSchema.extend({
  replies: z.object({ data: z.array(rawCommentSchema), paging: pagingSchema }).optional(),
});
const commentPageSchema = z.object({ data: z.array(commentWithRepliesSchema), paging: pagingSchema });
const replyPageSchema = z.object({ data: z.array(rawCommentSchema), paging: pagingSchema });
const sendSchema = z.object({ recipient_id: z.string().optional(), message_id: z.string().min(1) });
const tokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().optional(),
});
const codeTokenItem = z.object({
  access_token: z.string().min(1),
  user_id: z.union([z.string(), z.number()]).transform(String),
  permissions: z.union([z.string().transform((s) => s.split(",").filter(Boolean)), z.array(z.string())]).optional(),
});
// Documented `{data:[{…}]}`, live endpoint answers flat with numeric user_id and an array: accept both.
const codeTokenSchema = z.union([
  z.object({ data: z.array(codeTokenItem).min(1) }).transform((d) => d.data[0] as z.infer<typeof codeTokenItem>),
  codeTokenItem,
]);
const meSchema = z.object({
  id: z.string(),
  user_id: z.union([z.string(), z.number()]).transform(String).optional(),
  username: z.string().optional(),
  name: z.string().optional(),
  account_type: z.string().optional(),
  profile_picture_url: z.string().optional(),
});
const mediaUrlSchema = z.object({ media_url: z.string().url() });

const COMMENT_FIELDS = "id,text,timestamp,username,from,like_count,hidden,parent_id,replies{id,text,timestamp,username,from,like_count,hidden,parent_id}";
const REPLY_FIELDS = "id,text,timestamp,username,from,like_count,hidden,parent_id";

export interface InstagramMe {
  /** IG professional account id (1784…): webhook entry.id and API paths. */
  userId: string;
  /** App-scoped id. */
  id: string;
  username: string | null;
  name: string | null;
  accountType: string | null;
  profilePictureUrl: string | null;
}

/** A published post found in the account's media. */
export interface PublishedMedia {
  id: string;
  permalink: string | null;
}

export interface InstagramLongLivedToken {
  accessToken: string;
  issuedAt: string;
  expiresAt: string | null;
}

interface CommentCursor {
  /** Newest comment time seen (ISO). */
  t: string;
  /** Ids seen at exactly that time (same-second comments). */
  ids: string[];
}

function encodeCursor(c: CommentCursor): string {
  return Buffer.from(JSON.stringify(c), "utf8").toString("base64url");
}

function decodeCursor(s: string | null | undefined): CommentCursor | null {
  if (!s) return null;
  try {
    const parsed = z.object({ t: z.string(), ids: z.array(z.string()) }).safeParse(JSON.parse(Buffer.from(s, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A token past the expiry Instagram gave: dead, and too late to refresh (only a person can reconnect). */
function tokenExpiredError(): PlatformError {
  return new PlatformError({
    kind: "auth_expired",
    platform: "instagram",
    code: 190,
    subcode: 463,
    message: "token expired: it cannot be refreshed",
    userMessage: "Reconnect the Instagram account: its access expired.",
  });
}

export class InstagramConnector extends BaseConnector implements PlatformConnector {
  readonly name = "instagram" as const;
  readonly capabilities = instagramCapabilities;

  constructor(ctx: ConnectorContext) {
    super(new PlatformGraph(ctx, "instagram"));
  }

  private host(channel: Channel): string {
    return channel.variant === "facebook" ? this.ctx.config.graphUrl : this.ctx.config.instagramGraphUrl;
  }

  private url(channel: Channel, path: string): string {
    return `${this.host(channel)}/${this.ctx.config.graphVersion}/${path}`;
  }

  /** The node DMs and webhook subscriptions go to: the IG account, or (Facebook Login) the Page via `me`. */
  private messagingNode(channel: Channel): string {
    return channel.variant === "facebook" ? "me" : channel.externalId;
  }

  protected webhookSecretFor(channel: Channel): string | undefined {
    // Instagram-Login webhooks are signed with the *Instagram* app secret; Facebook Login with the Meta app secret.
    return channel.webhookSecret ?? (channel.variant === "facebook" ? this.ctx.config.appSecret : this.ctx.config.instagramAppSecret);
  }

  // ---------- tokens ----------

  shouldRefresh(channel: Channel, now: Date = this.now()): boolean {
    if (channel.variant === "facebook") return false; // Page tokens have no refresh endpoint (debug_token tells their expiry).
    const issued = toDate(channel.tokenIssuedAt);
    if (!issued || hoursBetween(issued, now) < INSTAGRAM_REFRESH_MIN_AGE_HOURS) return false;
    const expires = toDate(channel.tokenExpiresAt);
    // Expiry unknown (a pasted token): a refresh is how Instagram tells it, once the token is surely 24 h old —
    // it is at least as old as when it was stored.
    if (!expires) return true;
    if (expires.getTime() <= now.getTime()) return false; // too late: reconnect
    return expires.getTime() - now.getTime() < INSTAGRAM_REFRESH_BEFORE_DAYS * 86_400_000;
  }

  /**
   * Instagram Login: a refresh when due (its `expires_in` is the expiry), else a read of the account; Facebook Login
   * (Page token): debug_token. A token past the expiry Instagram gave is dead without asking.
   */
  async checkToken(channel: Channel): Promise<TokenCheckResult> {
    if (channel.variant === "facebook") return checkWithDebugToken(this.graph, channel, () => this.readAccount(channel));
    const expires = toDate(channel.tokenExpiresAt);
    if (expires && expires.getTime() <= this.now().getTime()) throw tokenExpiredError();
    if (this.shouldRefresh(channel)) {
      const refreshed = await this.refreshToken(channel);
      if (refreshed.status === "refreshed") {
        return {
          expiry: refreshed.expiresAt ? { kind: "at", at: refreshed.expiresAt } : { kind: "unknown" },
          via: "refresh",
          refreshed: { accessToken: refreshed.accessToken, issuedAt: refreshed.issuedAt },
          usage: refreshed.usage,
        };
      }
    }
    const { usage } = await this.readAccount(channel);
    return { expiry: { kind: "unknown" }, via: "account", usage };
  }

  /** The cheapest call made with the channel's own token: `me` with one field. */
  private async readAccount(channel: Channel): Promise<WithUsage> {
    const { usage } = await this.graph.call(channel, {
      method: "GET",
      url: this.url(channel, "me"),
      query: { fields: "id" },
      schema: idSchema,
      safe: true,
      what: "check the Instagram access token",
    });
    return { usage };
  }

  /**
   * Refreshes a long-lived Instagram-Login token (valid 60 days again). Meta refuses tokens younger than 24 h and
   * expired ones; an expired token is an auth error (reconnect), a young one just "too_early".
   */
  async refreshToken(channel: Channel): Promise<RefreshResult> {
    if (channel.variant === "facebook") {
      return { status: "not_supported", reason: "Page tokens from Facebook Login do not expire and cannot be refreshed" };
    }
    const now = this.now();
    const expires = toDate(channel.tokenExpiresAt);
    if (expires && expires.getTime() <= now.getTime()) throw tokenExpiredError();
    const issued = toDate(channel.tokenIssuedAt);
    if (issued && hoursBetween(issued, now) < INSTAGRAM_REFRESH_MIN_AGE_HOURS) {
      return { status: "too_early", reason: "Instagram refreshes only tokens at least 24 hours old" };
    }
    const { data, usage } = await this.graph.call(channel, {
      method: "GET",
      // Unversioned on graph.instagram.com.
      url: `${this.ctx.config.instagramGraphUrl}/refresh_access_token`,
      query: { grant_type: "ig_refresh_token", access_token: channel.accessToken },
      schema: tokenSchema,
      what: "refresh Instagram token",
    });
    return {
      status: "refreshed",
      accessToken: data.access_token,
      issuedAt: now.toISOString(),
      expiresAt: data.expires_in ? new Date(now.getTime() + data.expires_in * 1000).toISOString() : null,
      usage,
    };
  }

  /** OAuth step 2: exchanges the callback code (trailing "#_" stripped) for a short-lived token and the app-scoped user id. */
  async exchangeCode(code: string, redirectUri: string): Promise<{ accessToken: string; userId: string; permissions: string[] }> {
    const { instagramAppId, instagramAppSecret } = this.ctx.config;
    if (!instagramAppId || !instagramAppSecret) {
      throw new PlatformError({ kind: "invalid_input", platform: "instagram", message: "instagramAppId/instagramAppSecret not configured" });
    }
    const { data } = await this.ctx.http.request({
      platform: "instagram",
      method: "POST",
      url: `${this.ctx.config.instagramOauthUrl}/oauth/access_token`,
      form: {
        client_id: instagramAppId,
        client_secret: instagramAppSecret,
        grant_type: "authorization_code",
        redirect_uri: redirectUri,
        code: code.replace(/#_$/, ""),
      },
      schema: codeTokenSchema,
      what: "exchange Instagram authorization code",
    });
    return { accessToken: data.access_token, userId: data.user_id, permissions: data.permissions ?? [] };
  }

  /** OAuth step 3: short-lived → long-lived token (about 60 days). */
  async exchangeForLongLived(shortToken: string): Promise<InstagramLongLivedToken> {
    const secret = this.ctx.config.instagramAppSecret;
    if (!secret) throw new PlatformError({ kind: "invalid_input", platform: "instagram", message: "instagramAppSecret not configured" });
    const now = this.now();
    const { data } = await this.ctx.http.request({
      platform: "instagram",
      method: "GET",
      url: `${this.ctx.config.instagramGraphUrl}/access_token`,
      query: { grant_type: "ig_exchange_token", client_secret: secret, access_token: shortToken },
      schema: tokenSchema,
      what: "exchange for a long-lived Instagram token",
    });
    return {
      accessToken: data.access_token,
      issuedAt: now.toISOString(),
      expiresAt: data.expires_in ? new Date(now.getTime() + data.expires_in * 1000).toISOString() : null,
    };
  }

  /** `me`: `userId` is the IG professional account id (paths, webhooks); `id` is app-scoped. Store both. */
  async me(accessToken: string, variant: "instagram" | "facebook" = "instagram"): Promise<InstagramMe> {
    const host = variant === "facebook" ? this.ctx.config.graphUrl : this.ctx.config.instagramGraphUrl;
    const { data } = await this.ctx.http.request({
      platform: "instagram",
      method: "GET",
      url: `${host}/${this.ctx.config.graphVersion}/me`,
      query: { fields: "id,user_id,username,name,account_type,profile_picture_url" },
      token: accessToken,
      schema: meSchema,
      safe: true,
      what: "look up the Instagram account",
    });
    return {
      userId: data.user_id ?? data.id,
      id: data.id,
      username: data.username ?? null,
      name: data.name ?? null,
      accountType: data.account_type ?? null,
      profilePictureUrl: data.profile_picture_url ?? null,
    };
  }

  /** The whole Instagram-Login connection: code → short token → long-lived token → account ids. */
  async connectWithCode(code: string, redirectUri: string): Promise<InstagramLongLivedToken & { me: InstagramMe; permissions: string[] }> {
    const short = await this.exchangeCode(code, redirectUri);
    const long = await this.exchangeForLongLived(short.accessToken);
    const me = await this.me(long.accessToken);
    return { ...long, me, permissions: short.permissions };
  }

  // ---------- publishing ----------

  /** The account's publishing quota, read at run time (Meta says 100 posts / 24 h but examples show 50). */
  async publishingLimit(channel: Channel): Promise<{ quotaUsage: number; quotaTotal: number | null; quotaDurationS: number | null } & WithUsage> {
    const { data, usage } = await this.graph.call(channel, {
      method: "GET",
      url: this.url(channel, `${channel.externalId}/content_publishing_limit`),
      query: { fields: "quota_usage,config" },
      schema: limitSchema,
      safe: true,
      what: "read the Instagram publishing limit",
    });
    const d = data.data[0];
    return {
      quotaUsage: d?.quota_usage ?? 0,
      quotaTotal: d?.config?.quota_total ?? null,
      quotaDurationS: d?.config?.quota_duration ?? null,
      usage,
    };
  }

  validatePublish(request: InstagramPublishRequest): void {
    const invalid = (message: string, userMessage: string) =>
      new PlatformError({ kind: "invalid_input", platform: "instagram", message, userMessage });
    const caption = request.caption ?? "";
    if (charLength(caption) > INSTAGRAM_CAPTION_MAX) {
      throw invalid("caption longer than 2200", "Caption longer than 2,200 characters.");
    }
    if ((caption.match(/(^|\s)#[^\s#]+/gu) ?? []).length > INSTAGRAM_MAX_HASHTAGS) {
      throw invalid("more than 30 hashtags", "More than 30 hashtags: Instagram allows 30.");
    }
    if ((caption.match(/(^|\s)@[\w.]+/gu) ?? []).length > INSTAGRAM_MAX_MENTIONS) {
      throw invalid("more than 20 mentions", "More than 20 @mentions: Instagram allows 20.");
    }
    const n = request.media.length;
    switch (request.format) {
      case "feed":
        if (n !== 1 || request.media[0]?.kind !== "image") throw invalid("feed post needs one image", "A feed post needs exactly one image (use a reel for video).");
        break;
      case "carousel":
        if (n < 2 || n > 10) throw invalid(`carousel of ${n}`, "A carousel needs between 2 and 10 images or videos.");
        break;
      case "reel":
        if (n !== 1 || request.media[0]?.kind !== "video") throw invalid("reel needs one video", "A reel needs exactly one video.");
        break;
      case "story":
        if (n !== 1) throw invalid("story needs one media", "A story needs exactly one image or video.");
        break;
    }
  }

  async publish(channel: Channel, request: PublishRequest, progress?: PublishProgress | null, hooks?: PublishHooks): Promise<PublishStepResult> {
    if (request.platform !== "instagram") {
      throw new PlatformError({ kind: "invalid_input", platform: "instagram", message: "not an Instagram publish request" });
    }
    let state: InstagramPublishProgress =
      progress && "platform" in progress && progress.platform === "instagram" ? progress : { platform: "instagram", step: "start" };
    let usage: Usage | null = null;
    let justChecked = false;
    // Every failure carries the progress reached so far: the caller saves it and retries from there.
    const fail = (e: unknown): never => {
      if (e instanceof PlatformError && e.progress === undefined) e.progress = state;
      throw e;
    };

    try {
      if (state.step === "published") {
        return this.finishPublished(channel, state);
      }
      if (state.step === "start") {
        this.validatePublish(request);
        const limit = await this.publishingLimit(channel);
        usage = limit.usage;
        if (limit.quotaTotal !== null && limit.quotaUsage >= limit.quotaTotal) {
          throw new PlatformError({
            kind: "quota",
            platform: "instagram",
            code: 9,
            subcode: 2207042,
            message: `publishing quota used: ${limit.quotaUsage}/${limit.quotaTotal}`,
            userMessage: `Instagram's limit of ${limit.quotaTotal} API-published posts per 24 hours is reached. The post will go out when it resets.`,
            retryAfterMs: 3_600_000,
            retryable: true,
          });
        }
        const created = await this.createContainer(channel, request);
        usage = created.usage ?? usage;
        state = {
          platform: "instagram",
          step: "container_created",
          containerId: created.containerId,
          childIds: created.childIds,
          polls: 0,
          createdAt: created.createdAt,
        };
        // The container exists on Meta's side: the caller saves it before we go on, so a crash reuses it.
        await hooks?.onProgress?.(state);
        // Images are usually ready at once: check straight away instead of waiting a full poll interval.
      }
      if (state.step === "container_created") {
        const s = await this.containerStatus(channel, state.containerId);
        usage = s.usage ?? usage;
        if (s.code === "IN_PROGRESS") {
          const polls = state.polls + 1;
          if (polls >= this.ctx.config.containerMaxPolls) {
            throw new PlatformError({
              kind: "retryable",
              platform: "instagram",
              message: `container ${state.containerId} still IN_PROGRESS after ${polls} checks`,
              userMessage: "Instagram is taking unusually long to process the media. Sillage will check again.",
              // The next attempt gets its own budget of checks, on the same container.
              progress: { ...state, polls: 0 },
            });
          }
          state = { ...state, polls };
          return { progress: state, done: false, waitMs: this.notReadyWait(polls, this.ctx.config.containerPollMs), usage };
        }
        if (s.code === "PUBLISHED") {
          return await this.recoverPublished(channel, request, state);
        }
        this.throwForContainer(s.code, s.status, state.containerId);
        state = { platform: "instagram", step: "container_finished", containerId: state.containerId, childIds: state.childIds, createdAt: state.createdAt };
        justChecked = true;
      }
      if (state.step === "container_finished") {
        const finished = state;
        // Put off again and again by a container that should be ready: the attempt ends, so retries stay bounded.
        const waitAgain = (capMs: number): PublishStepResult => {
          const waits = (finished.waits ?? 0) + 1;
          if (waits >= this.ctx.config.containerMaxPolls) {
            throw new PlatformError({
              kind: "retryable",
              platform: "instagram",
              message: `container ${finished.containerId} still not publishable after ${waits} waits`,
              userMessage: "Instagram keeps saying the media is not ready to publish. Sillage will try again.",
              progress: { ...finished, waits: 0 },
            });
          }
          state = { ...finished, waits };
          return { progress: state, done: false, waitMs: this.notReadyWait(waits, capMs), usage };
        };
        if (!justChecked) {
          // Never publish blindly from saved progress: a previous attempt may have published before its
          // answer was lost. (Skipped only when this very call just read FINISHED.)
          const s = await this.containerStatus(channel, state.containerId);
          usage = s.usage ?? usage;
          if (s.code === "PUBLISHED") return await this.recoverPublished(channel, request, state);
          if (s.code === "IN_PROGRESS") return waitAgain(this.ctx.config.containerPollMs);
          this.throwForContainer(s.code, s.status, state.containerId);
        }
        if (hooks?.mayPublish && !(await hooks.mayPublish())) return { progress: state, done: false, halted: true, usage };
        let mediaId: string;
        try {
          const res = await this.graph.call(channel, {
            method: "POST",
            url: this.url(channel, `${channel.externalId}/media_publish`),
            form: { creation_id: state.containerId },
            schema: idSchema,
            what: "publish Instagram media",
          });
          mediaId = res.data.id;
          usage = res.usage ?? usage;
        } catch (e) {
          if (e instanceof PlatformError && (e.subcode === 2207027 || e.code === 9007)) {
            // "Media ID is not available": not ready yet; wait and come back (the status check comes first again).
            return waitAgain(this.ctx.config.publishRetryWaitMs);
          }
          throw e;
        }
        state = { platform: "instagram", step: "published", containerId: state.containerId, mediaId, permalink: null, createdAt: state.createdAt };
        return await this.finishPublished(channel, state, usage);
      }
      throw new PlatformError({ kind: "invalid_input", platform: "instagram", message: "unknown publish progress" });
    } catch (e) {
      return fail(e);
    }
  }

  /**
   * The wait after the n-th "not ready yet" answer: short at first (Meta: images are usually ready at once, video
   * takes seconds to minutes), doubling up to `capMs`; the number of checks stays bounded by containerMaxPolls.
   */
  private notReadyWait(n: number, capMs: number): number {
    return Math.min(this.ctx.config.containerFirstPollMs * 2 ** Math.max(n - 1, 0), capMs);
  }

  private throwForContainer(code: string, status: string | undefined, containerId: string): void {
    if (code === "FINISHED") return;
    if (code === "EXPIRED") {
      // Not published within 24 h: the container is dead; restarting from "start" builds a new one.
      throw new PlatformError({
        kind: "invalid_input",
        platform: "instagram",
        subcode: 2207008,
        message: `container ${containerId} expired`,
        userMessage: "The prepared Instagram post expired before publishing. Publish it again.",
        progress: { platform: "instagram", step: "start" },
        retryable: true,
      });
    }
    // ERROR: "Error: Media upload has failed with error code 2207026" → classify that subcode.
    const sub = /(\d{7})/.exec(status ?? "")?.[1];
    const err = new PlatformError({
      kind: "invalid_media",
      platform: "instagram",
      subcode: sub ? Number(sub) : undefined,
      message: `container ${containerId} failed: ${status ?? code}`,
      userMessage: "Instagram could not process the media. Check its format and size.",
    });
    // A failed container cannot be published: the next attempt must build a new one.
    const failed = sub ? platformErrorFromStatus(Number(sub), err.message) : err;
    failed.progress = { platform: "instagram", step: "start" };
    throw failed;
  }

  private async containerStatus(channel: Channel, containerId: string): Promise<{ code: string; status: string | undefined; usage: Usage | null }> {
    const { data, usage } = await this.graph.call(channel, {
      method: "GET",
      url: this.url(channel, containerId),
      query: { fields: "status_code,status" },
      schema: containerStatusSchema,
      safe: true,
      what: "check Instagram container status",
    });
    return { code: data.status_code, status: data.status, usage };
  }

  private async createContainer(
    channel: Channel,
    request: InstagramPublishRequest,
  ): Promise<{ containerId: string; childIds: string[]; createdAt: string; usage: Usage | null }> {
    const createdAt = this.now().toISOString();
    const endpoint = this.url(channel, `${channel.externalId}/media`);
    const post = async (form: Record<string, string>) =>
      this.graph.call(channel, { method: "POST", url: endpoint, form, schema: idSchema, what: "create Instagram container" });
    const caption: Record<string, string> = request.caption ? { caption: request.caption } : {};
    const first = request.media[0];
    if (!first) throw new PlatformError({ kind: "invalid_input", platform: "instagram", message: "no media" });

    if (request.format === "carousel") {
      const childIds: string[] = [];
      let usage: Usage | null = null;
      for (const m of request.media) {
        const res = await post(
          m.kind === "image"
            ? { is_carousel_item: "true", image_url: m.url, ...(m.altText ? { alt_text: m.altText } : {}) }
            : { is_carousel_item: "true", media_type: "VIDEO", video_url: m.url },
        );
        childIds.push(res.data.id);
        usage = res.usage ?? usage;
      }
      const parent = await post({ media_type: "CAROUSEL", children: childIds.join(","), ...caption });
      return { containerId: parent.data.id, childIds, createdAt, usage: parent.usage ?? usage };
    }
    let form: Record<string, string>;
    if (request.format === "reel") {
      form = {
        media_type: "REELS",
        video_url: first.url,
        ...caption,
        ...(request.shareToFeed !== undefined ? { share_to_feed: String(request.shareToFeed) } : {}),
        ...(request.coverUrl ? { cover_url: request.coverUrl } : {}),
      };
    } else if (request.format === "story") {
      form = { media_type: "STORIES", ...(first.kind === "image" ? { image_url: first.url } : { video_url: first.url }) };
    } else {
      form = { image_url: first.url, ...caption, ...(first.altText ? { alt_text: first.altText } : {}) };
    }
    const res = await post(form);
    return { containerId: res.data.id, childIds: [], createdAt, usage: res.usage };
  }

  /**
   * The container says PUBLISHED but we lost the media id (the publish answer never arrived): the post IS live, so
   * this always ends done. The media id and permalink come from the account's media list when it shows the post;
   * when the list fails or does not show it yet, the result is done without them (`mediaId: null`) and the caller
   * looks them up later (`findPublishedMedia`). Never an error: that would report a live post as failed.
   */
  private async recoverPublished(
    channel: Channel,
    request: InstagramPublishRequest,
    state: Extract<InstagramPublishProgress, { createdAt: string }>,
  ): Promise<PublishStepResult> {
    let found: PublishedMedia | null = null;
    let usage: Usage | null = null;
    const warnings: string[] = [];
    try {
      const res = await this.findPublishedMedia(channel, { caption: request.caption ?? "", createdAt: state.createdAt });
      found = res.media;
      usage = res.usage;
      if (!found) warnings.push(`container ${state.containerId} is PUBLISHED but its media is not listed yet`);
    } catch (e) {
      warnings.push(`container ${state.containerId} is PUBLISHED; its media lookup failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    const published: InstagramPublishProgress = {
      platform: "instagram",
      step: "published",
      containerId: state.containerId,
      mediaId: found?.id ?? null,
      permalink: found?.permalink ?? null,
      createdAt: state.createdAt,
    };
    const result = await this.finishPublished(channel, published, usage);
    return warnings.length ? { ...result, warnings: [...warnings, ...(result.warnings ?? [])] } : result;
  }

  /**
   * The media a container became, found in the account's media (newest first, paged): Graph has no container → media
   * link, so it is the earliest media with the same caption published after the container was created (one minute
   * of slack for clock differences). Pages are read back to that time only. `media: null` when not listed (yet).
   */
  async findPublishedMedia(channel: Channel, post: { caption: string; createdAt: string }): Promise<{ media: PublishedMedia | null } & WithUsage> {
    const since = new Date(post.createdAt).getTime() - 60_000;
    const candidates: z.infer<typeof mediaSchema>[] = [];
    let usage: Usage | null = null;
    let after: string | undefined;
    for (let page = 0; page < Math.min(this.ctx.config.maxPages, MEDIA_LOOKUP_MAX_PAGES); page++) {
      const res: { data: z.infer<typeof mediaListSchema>; usage: Usage | null } = await this.graph.call(channel, {
        method: "GET",
        url: this.url(channel, `${channel.externalId}/media`),
        query: { fields: "id,caption,timestamp,permalink,media_type,media_product_type", limit: 50, after },
        schema: mediaListSchema,
        safe: true,
        what: "list recent Instagram media",
      });
      usage = res.usage ?? usage;
      candidates.push(...res.data.data.filter((m) => (m.caption ?? "") === post.caption && (!m.timestamp || graphTime(m.timestamp) >= since)));
      const oldest = res.data.data[res.data.data.length - 1];
      after = res.data.paging?.cursors?.after;
      // Newest first: once a page reaches back before the container existed, older pages cannot hold the post.
      if (!res.data.paging?.next || !after || !oldest?.timestamp || graphTime(oldest.timestamp) < since) break;
    }
    const found = candidates.sort((a, b) => graphTime(a.timestamp ?? "") - graphTime(b.timestamp ?? ""))[0];
    return { media: found ? { id: found.id, permalink: found.permalink ?? null } : null, usage };
  }

  private async finishPublished(
    channel: Channel,
    state: Extract<InstagramPublishProgress, { step: "published" }>,
    usage: Usage | null = null,
  ): Promise<PublishStepResult> {
    let permalink = state.permalink;
    const warnings: string[] = [];
    if (!permalink && state.mediaId) {
      try {
        const p = await this.permalink(channel, state.mediaId);
        permalink = p.permalink;
        usage = p.usage ?? usage;
      } catch (e) {
        // The post is live: a failed lookup must never look like a failed publish (which would re-publish).
        warnings.push(`permalink lookup failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return {
      progress: { ...state, permalink },
      done: true,
      // No media id yet (recovered from a PUBLISHED container): the caller looks it up later.
      ...(state.mediaId ? { platformPostId: state.mediaId } : {}),
      permalink,
      usage,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }

  async permalink(channel: Channel, mediaId: string): Promise<{ permalink: string | null; mediaType: string | null; mediaProductType: string | null } & WithUsage> {
    const { data, usage } = await this.graph.call(channel, {
      method: "GET",
      url: this.url(channel, mediaId),
      query: { fields: "id,permalink,media_type,media_product_type,shortcode,timestamp" },
      schema: mediaSchema,
      safe: true,
      what: "look up Instagram permalink",
    });
    return {
      permalink: data.permalink ?? null,
      mediaType: data.media_type ?? null,
      mediaProductType: data.media_product_type ?? null,
      usage,
    };
  }

  // ---------- comments ----------

  /**
   * Comments (and replies) newer than `sinceCursor`. Graph lists top-level comments newest first, ≤ 50 a page,
   * without a time filter; replies only through expansion or /replies. We follow `paging.next` to the end
   * (bounded by maxPages) so new replies under old comments are not missed.
   */
  async listNewComments(channel: Channel, platformPostId: string, sinceCursor?: string | null): Promise<CommentPage> {
    const since = decodeCursor(sinceCursor);
    const sinceMs = since ? graphTime(since.t) : -Infinity;
    const sinceIds = new Set(since?.ids ?? []);
    const all: Comment[] = [];
    let usage: Usage | null = null;
    let after: string | undefined;
    let pages = 0;
    const toComment = (c: z.infer<typeof rawCommentSchema>, parentId: string | null): Comment => ({
      id: c.id,
      postId: platformPostId,
      parentId: c.parent_id ?? parentId,
      text: c.text ?? "",
      timestamp: new Date(graphTime(c.timestamp)).toISOString(),
      from: { id: c.from?.id ?? null, username: c.from?.username ?? c.username ?? null },
      hidden: c.hidden ?? false,
      likeCount: c.like_count ?? null,
    });

    while (pages < this.ctx.config.maxPages) {
      const res = await this.graph.call(channel, {
        method: "GET",
        url: this.url(channel, `${platformPostId}/comments`),
        query: { fields: COMMENT_FIELDS, limit: 50, after },
        schema: commentPageSchema,
        safe: true,
        what: "list Instagram comments",
      });
      pages++;
      usage = res.usage ?? usage;
      for (const c of res.data.data) {
        all.push(toComment(c, null));
        for (const r of c.replies?.data ?? []) all.push(toComment(r, c.id));
        if (c.replies?.paging?.next && c.replies.paging.cursors?.after) {
          const more = await this.moreReplies(channel, c.id, c.replies.paging.cursors.after);
          pages += more.pages;
          usage = more.usage ?? usage;
          for (const r of more.replies) all.push(toComment(r, c.id));
        }
      }
      after = res.data.paging?.cursors?.after;
      if (!res.data.paging?.next || !after) break;
    }

    const fresh = all.filter((c) => {
      const t = new Date(c.timestamp).getTime();
      return t > sinceMs || (t === sinceMs && !sinceIds.has(c.id));
    });
    fresh.sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.id.localeCompare(b.id));
    // The cursor moves to the newest comment seen; same-second ids are remembered to avoid repeats.
    let cursor: CommentCursor = since ?? { t: new Date(0).toISOString(), ids: [] };
    for (const c of all) {
      const t = new Date(c.timestamp).getTime();
      const ct = graphTime(cursor.t);
      if (t > ct) cursor = { t: c.timestamp, ids: [c.id] };
      else if (t === ct && !cursor.ids.includes(c.id)) cursor = { t: cursor.t, ids: [...cursor.ids, c.id] };
    }
    return { comments: fresh, nextCursor: encodeCursor(cursor), pagesFetched: pages, usage };
  }

  private async moreReplies(
    channel: Channel,
    commentId: string,
    startAfter: string,
  ): Promise<{ replies: Array<z.infer<typeof rawCommentSchema>>; pages: number; usage: Usage | null }> {
    const replies: Array<z.infer<typeof rawCommentSchema>> = [];
    let after: string | undefined = startAfter;
    let pages = 0;
    let usage: Usage | null = null;
    while (after && pages < this.ctx.config.maxPages) {
      const res: { data: z.infer<typeof replyPageSchema>; usage: Usage | null } = await this.graph.call(channel, {
        method: "GET",
        url: this.url(channel, `${commentId}/replies`),
        query: { fields: REPLY_FIELDS, limit: 50, after },
        schema: replyPageSchema,
        safe: true,
        what: "list Instagram replies",
      });
      pages++;
      usage = res.usage ?? usage;
      replies.push(...res.data.data);
      after = res.data.paging?.next ? res.data.paging.cursors?.after : undefined;
    }
    return { replies, pages, usage };
  }

  async replyComment(channel: Channel, commentId: string, text: string): Promise<{ id: string } & WithUsage> {
    if (text.trim() === "") throw new PlatformError({ kind: "invalid_input", platform: "instagram", message: "empty reply", userMessage: "The reply is empty." });
    if (charLength(text) > INSTAGRAM_CAPTION_MAX) {
      throw new PlatformError({ kind: "invalid_input", platform: "instagram", message: "reply longer than 2200", userMessage: "Reply longer than 2,200 characters." });
    }
    const { data, usage } = await this.graph.call(channel, {
      method: "POST",
      url: this.url(channel, `${commentId}/replies`),
      form: { message: text },
      schema: idSchema,
      what: "reply to Instagram comment",
    });
    return { id: data.id, usage };
  }

  private async setHidden(channel: Channel, commentId: string, hide: boolean): Promise<{ success: boolean } & WithUsage> {
    const { data, usage } = await this.graph.call(channel, {
      method: "POST",
      url: this.url(channel, commentId),
      form: { hide: String(hide) },
      schema: successSchema,
      safe: true, // idempotent: hiding twice is harmless
      what: hide ? "hide Instagram comment" : "unhide Instagram comment",
    });
    return { success: data.success, usage };
  }

  hideComment(channel: Channel, commentId: string): Promise<{ success: boolean } & WithUsage> {
    return this.setHidden(channel, commentId, true);
  }

  unhideComment(channel: Channel, commentId: string): Promise<{ success: boolean } & WithUsage> {
    return this.setHidden(channel, commentId, false);
  }

  async deleteComment(channel: Channel, commentId: string): Promise<{ success: boolean } & WithUsage> {
    const { data, usage } = await this.graph.call(channel, {
      method: "DELETE",
      url: this.url(channel, commentId),
      schema: successSchema,
      what: "delete Instagram comment",
    });
    return { success: data.success, usage };
  }

  // ---------- messages ----------

  async sendMessage(channel: Channel, req: SendMessageRequest): Promise<SendResult> {
    const now = this.now();
    const invalid = (message: string, userMessage: string) =>
      new PlatformError({ kind: "invalid_input", platform: "instagram", message, userMessage });
    const m = req.message;
    let message: Record<string, unknown>;
    if (m.type === "text") {
      if (m.text.trim() === "") throw invalid("empty text", "The message is empty.");
      // The docs say "1000" in bytes in one place and characters in another: bytes is the safe reading.
      if (Buffer.byteLength(m.text, "utf8") >= INSTAGRAM_DM_MAX_BYTES) {
        throw invalid("DM text too long", "Instagram messages must be under 1,000 characters (fewer with emoji or accents).");
      }
      message = { text: m.text };
    } else if (m.type === "media") {
      if (!m.link) throw invalid("Instagram attachments need a public URL", "The attachment needs a public link.");
      const type = m.kind === "document" ? "file" : m.kind === "sticker" ? "image" : m.kind;
      message = { attachment: { type, payload: { url: m.link } } };
    } else {
      throw invalid("templates do not exist on Instagram", "Templates are a WhatsApp feature.");
    }

    let recipient: Record<string, string>;
    let humanAgentTag = false;
    if (typeof req.to !== "string") {
      // Private reply to a comment: once per comment, within 7 days of it.
      const commentAt = toDate(req.to.commentCreatedAt);
      if (commentAt && hoursBetween(commentAt, now) >= INSTAGRAM_PRIVATE_REPLY_HOURS) {
        throw new PlatformError({
          kind: "window_closed",
          platform: "instagram",
          message: "private reply more than 7 days after the comment",
          userMessage: "The comment is more than 7 days old: Instagram no longer allows a private reply.",
        });
      }
      recipient = { comment_id: req.to.commentId };
    } else {
      const last = toDate(req.lastInboundAt);
      const hours = last ? hoursBetween(last, now) : Infinity;
      if (hours >= INSTAGRAM_WINDOW_HOURS) {
        // HUMAN_AGENT only for messages a person wrote, with the permission, within 7 days (never for bots).
        if (hours < INSTAGRAM_HUMAN_AGENT_HOURS && channel.humanAgent === true && req.writtenByHuman === true) {
          humanAgentTag = true;
        } else {
          throw new PlatformError({
            kind: "window_closed",
            platform: "instagram",
            message: last ? `last customer message ${Math.round(hours)} h ago` : "the customer has not messaged",
            userMessage: !last
              ? "The customer has not messaged this account: Instagram allows replies only after they write."
              : hours < INSTAGRAM_HUMAN_AGENT_HOURS && channel.humanAgent === true
                ? "More than 24 hours since the customer's last message: only a person may reply now (up to 7 days)."
                : "More than 24 hours since the customer's last message: Instagram does not allow a reply now.",
          });
        }
      }
      recipient = { id: req.to };
    }

    const { data, usage } = await this.graph.call(channel, {
      method: "POST",
      url: this.url(channel, `${this.messagingNode(channel)}/messages`),
      json: {
        recipient,
        message,
        ...(humanAgentTag ? { messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" } : {}),
      },
      schema: sendSchema,
      what: "send Instagram message",
    });
    return {
      messageId: data.message_id,
      recipientId: data.recipient_id ?? (typeof req.to === "string" ? req.to : null),
      messageStatus: null,
      humanAgentTag,
      usage,
    };
  }

  /** Attachments arrive as CDN URLs; a media id is resolved through `media_url`. */
  async downloadMedia(channel: Channel, media: MediaRef): Promise<DownloadedMedia> {
    let url = media.url;
    let usage: Usage | null = null;
    if (!url && media.mediaId) {
      const res = await this.graph.call(channel, {
        method: "GET",
        url: this.url(channel, media.mediaId),
        query: { fields: "media_url" },
        schema: mediaUrlSchema,
        safe: true,
        what: "look up Instagram media URL",
      });
      url = res.data.media_url;
      usage = res.usage;
    }
    if (!url) throw new PlatformError({ kind: "invalid_input", platform: "instagram", message: "downloadMedia needs a URL or media id" });
    const res = await this.ctx.http.bytes({
      channelId: channel.id,
      platform: "instagram",
      url,
      // The token only goes to Meta's own hosts, never to an arbitrary URL.
      token: isMetaHost(url, this.ctx.config) ? channel.accessToken : undefined,
      safe: true,
      what: "download Instagram media",
    });
    return {
      bytes: res.bytes,
      mimeType: res.contentType ?? "application/octet-stream",
      sha256: null,
      fileSize: res.bytes.byteLength,
      usage: res.usage ?? usage,
    };
  }

  // ---------- webhooks ----------

  normalizeWebhook(raw: unknown): WebhookEvent[] {
    return normalizeInstagramWebhook(raw);
  }

  async setupWebhook(channel: Channel, fields: string[] = ["messages", "comments", "message_reactions", "messaging_seen"]): Promise<WebhookSetupResult> {
    const { data, usage } = await this.graph.call(channel, {
      method: "POST",
      url: this.url(channel, `${this.messagingNode(channel)}/subscribed_apps`),
      query: { subscribed_fields: fields.join(",") },
      schema: successSchema,
      safe: true,
      what: "subscribe Instagram webhooks",
    });
    return { subscribed: data.success, fields, usage };
  }
}

function platformErrorFromStatus(subcode: number, message: string): PlatformError {
  // Reuse the subcode table (2207026 unsupported video, 2207052 fetch failure…).
  return platformErrorFromGraph({ code: 9004, error_subcode: subcode, message }, { platform: "instagram" });
}
