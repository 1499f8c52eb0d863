import type { Channel as ConnectorChannel, Connectors, TokenExpiry } from "@sillage/connectors";
import { isPlatformError } from "@sillage/connectors";
import { raiseWorkspaceEvent, type Database, type ScopedDb } from "@sillage/db";
import type { SecretBox } from "@sillage/crypto";
import type { Selectable } from "kysely";
import type { Channels } from "@sillage/db";
import { queueWebhookSubscription } from "./webhooks";

export type ChannelRow = Selectable<Channels>;
type Db = Database | ScopedDb;

/** The columns any API may return: never the token ciphertext. */
export const PUBLIC_CHANNEL_COLUMNS = [
  "id",
  "platform",
  "variant",
  "external_id as externalId",
  "waba_id as wabaId",
  "display_name as displayName",
  "username",
  "status",
  "human_agent as humanAgent",
  "ai_enabled as aiEnabled",
  "token_issued_at as tokenIssuedAt",
  "token_expiry as tokenExpiry",
  "token_expires_at as tokenExpiresAt",
  "token_checked_at as tokenCheckedAt",
  "last_error as lastError",
  "last_error_kind as lastErrorKind",
  "last_error_at as lastErrorAt",
  "webhook_subscribed_at as webhookSubscribedAt",
  "webhook_error as webhookError",
  "webhook_error_kind as webhookErrorKind",
  "webhook_error_at as webhookErrorAt",
  "created_at as createdAt",
] as const;

/** A stored channel as the connectors need it, with its token decrypted in memory only. */
export function toConnectorChannel(row: ChannelRow, box: SecretBox): ConnectorChannel {
  return {
    id: row.id,
    platform: row.platform as ConnectorChannel["platform"],
    externalId: row.external_id,
    wabaId: row.waba_id ?? undefined,
    accessToken: box.open(row.token_ciphertext, row.token_key_id),
    tokenIssuedAt: row.token_issued_at,
    tokenExpiresAt: row.token_expires_at,
    variant: (row.variant ?? undefined) as ConnectorChannel["variant"],
    humanAgent: row.human_agent,
  };
}

export async function loadChannel(db: Db, box: SecretBox, channelId: string): Promise<{ row: ChannelRow; channel: ConnectorChannel } | undefined> {
  const row = await db.selectFrom("channels").selectAll().where("id", "=", channelId).executeTakeFirst();
  return row ? { row, channel: toConnectorChannel(row, box) } : undefined;
}

export interface NewChannel {
  workspaceId: string;
  platform: "whatsapp" | "instagram";
  variant?: "instagram" | "facebook" | null;
  externalId: string;
  wabaId?: string | null;
  appScopedId?: string | null;
  displayName: string;
  username?: string | null;
  accessToken: string;
  tokenIssuedAt: Date;
  /** What the platform said of the token's lifetime (absent: nothing did, "unknown"). */
  tokenExpiry?: TokenExpiry;
  humanAgent?: boolean;
  createdBy?: string | null;
}

/** A token's lifetime as stored: token_expires_at is set only when the platform gave a date. */
export function expiryColumns(e: TokenExpiry): { token_expiry: "known" | "never" | "unknown"; token_expires_at: Date | null } {
  if (e.kind === "at") return { token_expiry: "known", token_expires_at: new Date(e.at) };
  return { token_expiry: e.kind, token_expires_at: null };
}

/**
 * Saves a connection; reconnecting the same account replaces its token (only after the new one was validated),
 * so a reconnect never wipes a working token with a broken one. Either way the app's webhook subscription is
 * queued in the same transaction (`channels.subscribe_webhooks`): without it Meta sends the account nothing.
 */
export async function saveChannel(db: Db, box: SecretBox, c: NewChannel): Promise<string> {
  const sealed = box.seal(c.accessToken);
  const values = {
    workspace_id: c.workspaceId,
    platform: c.platform,
    variant: c.variant ?? null,
    external_id: c.externalId,
    waba_id: c.wabaId ?? null,
    app_scoped_id: c.appScopedId ?? null,
    display_name: c.displayName,
    username: c.username ?? null,
    token_ciphertext: sealed.ciphertext,
    token_key_id: sealed.keyId,
    token_issued_at: c.tokenIssuedAt,
    ...expiryColumns(c.tokenExpiry ?? { kind: "unknown" }),
    // Connecting validated the token with the platform.
    token_checked_at: c.tokenIssuedAt,
    human_agent: c.humanAgent ?? false,
    status: "active",
    last_error: null,
    last_error_kind: null,
    last_error_at: null,
    // Pending until the subscription job hears Meta confirm it with this token.
    webhook_subscribed_at: null,
    webhook_error: null,
    webhook_error_kind: null,
    webhook_error_at: null,
    created_by: c.createdBy ?? null,
  };
  const existing = await db
    .selectFrom("channels")
    .select("id")
    .where("workspace_id", "=", c.workspaceId)
    .where("platform", "=", c.platform)
    .where("external_id", "=", c.externalId)
    .where("status", "<>", "disconnected")
    .executeTakeFirst();
  if (existing) {
    await db.updateTable("channels").set(values).where("id", "=", existing.id).execute();
    await queueWebhookSubscription(db, existing.id);
    return existing.id;
  }
  try {
    const row = await db.insertInto("channels").values(values).returning("id").executeTakeFirstOrThrow();
    await queueWebhookSubscription(db, row.id);
    return row.id;
  } catch (err) {
    // channels_external_live_idx: the account is live in another workspace (invisible from this one).
    if ((err as { code?: string }).code === "23505") throw new ChannelTakenError();
    throw err;
  }
}

/** The account is already connected to another workspace (webhooks route by account, so one owner at a time). */
export class ChannelTakenError extends Error {
  constructor() {
    super("This account is already connected to another workspace");
  }
}

/**
 * Records a platform error on the channel. Only auth-class errors mark it "needs reconnect": a transient or
 * rate-limit failure must never look like a dead token. `tokenCiphertext` limits it to the token that was refused
 * (a reconnect meanwhile replaced it).
 */
export async function recordChannelError(db: Db, channelId: string, err: unknown, now: Date, opts: { tokenCiphertext?: Buffer } = {}): Promise<void> {
  if (!isPlatformError(err)) return;
  // The state and its live event in one transaction: a job retried after a failure between them finds the channel
  // marked (a comment check is then paused before any call) and would never raise the event.
  if (!db.isTransaction) return (db as Database).transaction().execute((trx) => recordChannelError(trx, channelId, err, now, opts));
  const needsReconnect = err.kind === "auth_expired";
  // The row lock orders jobs that meet the same dead token at once: only the first one's change is "needs reconnect",
  // the others only refresh the last error (one announcement per reconnect needed, not one per job).
  const before = await db.selectFrom("channels").select("status").where("id", "=", channelId).forUpdate().executeTakeFirst();
  let update = db
    .updateTable("channels")
    .set({
      last_error: err.userMessage,
      last_error_kind: err.kind,
      last_error_at: now,
      ...(needsReconnect ? { status: "needs_reconnect" } : {}),
    })
    .where("id", "=", channelId)
    .where("status", "<>", "disconnected");
  if (opts.tokenCiphertext) update = update.where("token_ciphertext", "=", opts.tokenCiphertext);
  const row = await update.returning("workspace_id").executeTakeFirst();
  if (row) {
    const becameNeedsReconnect = needsReconnect && before?.status !== "needs_reconnect";
    await raiseWorkspaceEvent(db, row.workspace_id, becameNeedsReconnect ? "channel.needs_reconnect" : "channel.error", { channelId, kind: err.kind });
  }
}

export type HealthRow = Pick<ChannelRow, "id" | "platform" | "status" | "token_expiry" | "token_expires_at" | "token_checked_at" | "last_error" | "last_error_kind" | "last_error_at">;

/**
 * A channel's health. `tokenExpiry` says where the expiry comes from: "known" (a date the platform gave), "never"
 * (the platform said so) or "unknown" (nothing said it: no days are counted then).
 */
export function health(row: HealthRow, connectors: Connectors, now: Date) {
  const connector = connectors.get(row.platform as "whatsapp" | "instagram");
  const tokenExpiry = row.token_expiry as "known" | "never" | "unknown";
  const expiresAt = tokenExpiry === "known" ? row.token_expires_at : null;
  return {
    channelId: row.id,
    status: row.status,
    tokenExpiry,
    tokenExpiresAt: expiresAt,
    tokenExpiresInDays: expiresAt ? Math.floor((expiresAt.getTime() - now.getTime()) / 86_400_000) : null,
    /** When the platform last answered about the token (connection, daily check, pre-post check). */
    tokenCheckedAt: row.token_checked_at,
    circuit: connector.breakerState(row.id),
    usage: connector.usage(row.id) ?? null,
    lastError: row.last_error,
    /** The connectors' error kind of `lastError` (`platform.<kind>`), null for an error recorded before kinds. */
    lastErrorKind: row.last_error_kind,
    lastErrorAt: row.last_error_at,
  };
}
