import { isPlatformError, type Connectors, type TokenCheckResult } from "@sillage/connectors";
import { raiseWorkspaceEvent, sql, type Database } from "@sillage/db";
import type { SecretBox } from "@sillage/crypto";
import { expiryColumns, recordChannelError, toConnectorChannel, type ChannelRow } from "./store";

/** The daily check asks about a token answered for more than this long ago (a run without an answer retries sooner). */
export const TOKEN_CHECK_STALE_MS = 20 * 3_600_000;
/** A channel with a post due within this is checked first, once for that window, so a dead token shows before the post fails. */
export const PRE_POST_CHECK_WINDOW_MS = 30 * 60_000;

export type TokenCheckOutcome = "valid" | "refreshed" | "needs_reconnect" | "failed";

export interface TokenCheckSummary {
  checked: number;
  valid: number;
  refreshed: number;
  needsReconnect: number;
  /** No answer about the token (transient, throttled) or another error: nothing marked, asked again next run. */
  failed: number;
  failures: { channelId: string; workspaceId: string; kind: string; message: string }[];
}

/** Daily: every active channel whose token the platform has not answered about for a day. */
export async function checkStaleTokens(db: Database, connectors: Connectors, box: SecretBox, now: Date): Promise<TokenCheckSummary> {
  const rows = await db
    .selectFrom("channels")
    .selectAll()
    .where("status", "=", "active")
    .where((eb) => eb.or([eb("token_checked_at", "is", null), eb("token_checked_at", "<", new Date(now.getTime() - TOKEN_CHECK_STALE_MS))]))
    .orderBy("token_checked_at", (ob) => ob.asc().nullsFirst())
    .execute();
  return checkTokens(db, connectors, box, rows, now);
}

/**
 * Before posts: channels with a queued publication due within 30 minutes, unless the platform answered about the
 * token since that publication's window opened — one check per channel per window, however many posts it has.
 */
export async function checkTokensBeforePosts(db: Database, connectors: Connectors, box: SecretBox, now: Date): Promise<TokenCheckSummary> {
  const window = sql.lit(`${PRE_POST_CHECK_WINDOW_MS / 1000} seconds`);
  const rows = await db
    .selectFrom("channels as c")
    .selectAll("c")
    .where("c.status", "=", "active")
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("post_publications as p")
          .select(sql`1`.as("one"))
          .whereRef("p.channel_id", "=", "c.id")
          .where("p.status", "=", "queued")
          .where("p.due_at", ">", now)
          .where("p.due_at", "<=", new Date(now.getTime() + PRE_POST_CHECK_WINDOW_MS))
          .where(sql<boolean>`(c.token_checked_at is null or c.token_checked_at < p.due_at - ${window}::interval)`),
      ),
    )
    .execute();
  return checkTokens(db, connectors, box, rows, now);
}

async function checkTokens(db: Database, connectors: Connectors, box: SecretBox, rows: ChannelRow[], now: Date): Promise<TokenCheckSummary> {
  const summary: TokenCheckSummary = { checked: rows.length, valid: 0, refreshed: 0, needsReconnect: 0, failed: 0, failures: [] };
  // One at a time: a few cheap calls a day per channel, gentle on Meta's rate limits.
  for (const row of rows) {
    const outcome = await checkChannelToken(db, connectors, box, row, now).catch((err: unknown) => ({ failed: err }));
    if (typeof outcome === "object") {
      summary.failed++;
      const err = outcome.failed;
      summary.failures.push({
        channelId: row.id,
        workspaceId: row.workspace_id,
        kind: isPlatformError(err) ? err.kind : "internal",
        message: err instanceof Error ? err.message : String(err),
      });
    } else if (outcome === "needs_reconnect") summary.needsReconnect++;
    else if (outcome === "refreshed") summary.refreshed++;
    else summary.valid++;
  }
  return summary;
}

/**
 * Asks the platform about one channel's token (one cheap call) and stores the answer. Only an auth-class refusal
 * (190, 102…) marks the channel "needs reconnect"; a transient failure changes nothing (it throws, to be counted);
 * any other refusal is kept as the channel's last error. Every write is limited to the token that was asked about:
 * a reconnect meanwhile wins.
 */
export async function checkChannelToken(db: Database, connectors: Connectors, box: SecretBox, row: ChannelRow, now: Date): Promise<TokenCheckOutcome> {
  const channel = toConnectorChannel(row, box);
  let result: TokenCheckResult;
  try {
    result = await connectors.get(channel.platform).checkToken(channel);
  } catch (err) {
    if (!isPlatformError(err) || err.retryable) throw err;
    if (err.kind === "auth_expired") {
      // A refusal is an answer about the token too: when it was asked shows beside "needs reconnect".
      await db.updateTable("channels").set({ token_checked_at: now }).where("id", "=", row.id).where("token_ciphertext", "=", row.token_ciphertext).execute();
    }
    await recordChannelError(db, row.id, err, now, { tokenCiphertext: row.token_ciphertext });
    if (err.kind === "auth_expired") return "needs_reconnect";
    throw err;
  }
  const renewed = result.refreshed ? box.seal(result.refreshed.accessToken) : null;
  const updated = await db
    .updateTable("channels")
    .set({
      token_checked_at: now,
      // A new token gets its own lifetime; otherwise "unknown" means this answer said nothing new.
      ...(renewed || result.expiry.kind !== "unknown" ? expiryColumns(result.expiry) : {}),
      ...(renewed && result.refreshed
        ? {
            token_ciphertext: renewed.ciphertext,
            token_key_id: renewed.keyId,
            token_issued_at: new Date(result.refreshed.issuedAt),
            last_error: null,
            last_error_kind: null,
            last_error_at: null,
          }
        : {}),
    })
    .where("id", "=", row.id)
    .where("status", "=", "active")
    .where("token_ciphertext", "=", row.token_ciphertext)
    .executeTakeFirst();
  if (!renewed) return "valid";
  if (updated.numUpdatedRows) await raiseWorkspaceEvent(db, row.workspace_id, "channel.token_refreshed", { channelId: row.id });
  return "refreshed";
}
