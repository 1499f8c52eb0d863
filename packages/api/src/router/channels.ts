import {
  AccountMismatchError,
  channelHealthRows,
  ChannelTakenError,
  createOAuthState,
  disconnectChannel,
  health,
  listChannels,
  retryWebhookSubscription,
  saveChannel,
  validateInstagram,
  validateWhatsApp,
  webhookSubscriptionStatus,
  type NewChannel,
} from "@sillage/channels";
import type { SecretBox } from "@sillage/crypto";
import { raiseWorkspaceEvent } from "@sillage/db";
import type { Clock } from "@sillage/time";
import { oneLineNameSchema, tokenSchema } from "@sillage/validators";
import { z } from "zod";
import { toApiError } from "../platform-errors";
import { apiError } from "../error-codes";
import { gate } from "../billing-gate";
import { createTRPCRouter, requireRole, workspaceOutboundProcedure, workspaceProcedure, type ScopedRun } from "../trpc";
import { demoOff } from "./demo";

const INSTAGRAM_SCOPES = [
  "instagram_business_basic",
  "instagram_business_manage_messages",
  "instagram_business_manage_comments",
  "instagram_business_content_publish",
];
const graphId = z.string().trim().max(30).regex(/^\d{5,30}$/, "A numeric id from Meta's dashboard");
const accessToken = tokenSchema({ min: 20, max: 2000, tooShort: "Paste the whole access token" });

/** Whether Meta sends a channel's webhooks, as `channels.list` says (appended to docs/api.md). */
export const channelWebhooksDoc = [
  "## Message reception (`channels.list`, `channels.retryWebhookSubscription`)",
  "",
  "Meta sends an account's DMs, comments and WhatsApp messages only to apps subscribed for it. Every connection and",
  "reconnection (pasted token, Instagram Login, Facebook Login, WhatsApp, the demo's sandbox) queues that subscription",
  "(`POST /{ig-user-id}/subscribed_apps` with the Instagram fields, `/{page-id}/subscribed_apps` with the Page token,",
  "`/{waba-id}/subscribed_apps`), retried with backoff while Meta does not answer; the daily token check reads it back",
  "(`GET …/subscribed_apps`) and subscribes again when Meta no longer has it. Each channel of `channels.list` has",
  "`webhookStatus`: `active` (Meta confirmed it at `webhookSubscribedAt`), `pending` (queued or being retried: no",
  "message arrives yet) or `error` (Meta refused, `webhookError` says why in English and `webhookErrorKind` as a",
  "platform error kind (`platform.<kind>`), at `webhookErrorAt`: a permission missing, a token refused). A platform",
  "error of the channel itself is `lastError` with its kind `lastErrorKind` (null for one recorded before kinds). `channels.retryWebhookSubscription({ id })` (admins) clears the refusal and asks again (`pending`",
  "until Meta confirms); a channel to reconnect gets its subscription from the reconnect. Changes raise the live event",
  "`channel.webhooks` (`{ channelId, subscribed }`).",
];

export const channelsRouter = createTRPCRouter({
  list: workspaceProcedure.query(async ({ ctx }) => {
    const rows = await listChannels(ctx.db);
    return rows.map((r) => ({
      ...r,
      circuit: ctx.connectors.get(r.platform as "whatsapp" | "instagram").breakerState(r.id),
      // Does Meta send this account's webhooks ("active"), not yet confirmed ("pending"), or refused ("error": webhookError says why).
      webhookStatus: webhookSubscriptionStatus(r),
    }));
  }),

  /** Subscribes the app to the channel's webhooks again (after a refusal, once the permission is granted): queued, "pending" until Meta confirms. */
  retryWebhookSubscription: workspaceProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    if (!(await retryWebhookSubscription(ctx.db, input.id))) throw apiError("NOT_FOUND", "channel_not_found");
    await raiseWorkspaceEvent(ctx.db, ctx.workspace.id, "channel.webhooks", { channelId: input.id, subscribed: false });
    return { ok: true };
  }),

  /** Manual connection of a WhatsApp number: validated by a live call before it is stored. */
  connectWhatsApp: workspaceOutboundProcedure
    .input(z.object({ phoneNumberId: graphId, wabaId: graphId, accessToken, displayName: oneLineNameSchema({ max: 80 }).optional() }))
    .mutation(async ({ ctx, input }) => {
      requireRole(ctx.workspace, "admin");
      await assertChannelRoom(ctx);
      const validated = await validateWhatsApp(ctx.connectors, input, ctx.clock.now()).catch((err: unknown) => {
        throw toApiError(err);
      });
      return { id: await gateAndSave(ctx, validated) };
    }),

  /**
   * Demo mode only: a new sandbox WhatsApp number on the built-in fake, connected like a pasted one (the same live
   * validation and save), as Instagram Login's sandbox consent connects a new account. Elsewhere NOT_FOUND.
   */
  connectWhatsAppSandbox: workspaceOutboundProcedure.mutation(async ({ ctx }) => {
    requireRole(ctx.workspace, "admin");
    if (!ctx.demo) throw demoOff();
    const sandbox = ctx.demo.createWhatsAppSandbox();
    const validated = await validateWhatsApp(ctx.connectors, { ...sandbox, displayName: undefined }, ctx.clock.now()).catch((err: unknown) => {
      throw toApiError(err);
    });
    return { id: await gateAndSave(ctx, validated) };
  }),

  connectInstagram: workspaceOutboundProcedure
    .input(
      z.object({
        igUserId: graphId.optional(),
        accessToken,
        variant: z.enum(["instagram", "facebook"]).default("instagram"),
        humanAgent: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      requireRole(ctx.workspace, "admin");
      await assertChannelRoom(ctx);
      const validated = await validateInstagram(ctx.connectors, input, ctx.clock.now()).catch((err: unknown) => {
        if (err instanceof AccountMismatchError) throw apiError("BAD_REQUEST", "account_mismatch", {}, err);
        throw toApiError(err);
      });
      return { id: await gateAndSave(ctx, validated) };
    }),

  /** Starts Instagram Login: a single-use `state` bound to this person and workspace, valid 10 minutes. */
  oauthStart: workspaceProcedure.input(z.object({ platform: z.literal("instagram").default("instagram") }).optional()).mutation(async ({ ctx }) => {
    await gate(ctx, "channels", 1);
    requireRole(ctx.workspace, "admin");
    if (ctx.auth.kind !== "session") throw apiError("FORBIDDEN", "person_only");
    if (!ctx.oauth.instagramAppId) {
      throw apiError("PRECONDITION_FAILED", "instagram_app_missing");
    }
    const state = await createOAuthState(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.auth.userId, platform: "instagram", now: ctx.clock.now() });
    const url = new URL(ctx.oauth.instagramAuthorizeUrl);
    url.searchParams.set("client_id", ctx.oauth.instagramAppId);
    url.searchParams.set("redirect_uri", `${ctx.appUrl}/oauth/instagram/callback`);
    url.searchParams.set("response_type", "code");
    url.searchParams.set("scope", INSTAGRAM_SCOPES.join(","));
    url.searchParams.set("state", state);
    return { url: url.toString() };
  }),

  /** Stops using the account and erases its token. */
  disconnect: workspaceProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    if (!(await disconnectChannel(ctx.db, input.id, ctx.clock.now()))) throw apiError("NOT_FOUND", "channel_not_found");
    await raiseWorkspaceEvent(ctx.db, ctx.workspace.id, "channel.disconnected", { channelId: input.id });
    return { ok: true };
  }),

  /**
   * Token expiry as the platform told it ("unknown" when nothing did, never a guess) and when it last answered,
   * circuit-breaker state, API usage and last error, per channel.
   */
  health: workspaceProcedure.input(z.object({ id: z.uuid() }).optional()).query(async ({ ctx, input }) => {
    const rows = await channelHealthRows(ctx.db, input?.id);
    if (input?.id && !rows.length) throw apiError("NOT_FOUND", "channel_not_found");
    return rows.map((r) => health(r, ctx.connectors, ctx.clock.now()));
  }),
});

/** A full workspace refused before Meta is called: the gate alone, in a transaction of its own (its lock ends with it). */
function assertChannelRoom(ctx: SaveCtx): Promise<void> {
  return ctx.scoped((db) => gate({ ...ctx, db }, "channels", 1));
}

/**
 * The plan's channel limit and the save it allows, in one transaction opened once the platform has answered
 * (apps/server's OAuth callback does the same): concurrent connections queue on the gate's lock and cannot pass the
 * limit together, and the lock is never held across a network call.
 */
function gateAndSave(ctx: SaveCtx, validated: Omit<NewChannel, "workspaceId">): Promise<string> {
  return ctx.scoped(async (db) => {
    await gate({ ...ctx, db }, "channels", 1);
    try {
      const id = await saveChannel(db, ctx.secretBox, {
        ...validated,
        workspaceId: ctx.workspace.id,
        createdBy: ctx.auth.kind === "session" ? (ctx.auth.userId ?? null) : null,
      });
      await raiseWorkspaceEvent(db, ctx.workspace.id, "channel.connected", { channelId: id, platform: validated.platform });
      return id;
    } catch (err) {
      if (err instanceof ChannelTakenError) throw apiError("CONFLICT", "channel_taken", {}, err);
      throw err;
    }
  });
}

interface SaveCtx {
  scoped: ScopedRun;
  secretBox: SecretBox;
  clock: Clock;
  workspace: { id: string };
  auth: { kind: string; userId?: string };
}
