import type { Connectors } from "@sillage/connectors";
import { isPlatformError } from "@sillage/connectors";
import { raiseWorkspaceEvent, type Database } from "@sillage/db";
import type { SecretBox } from "@sillage/domain";
import { recordChannelError, toConnectorChannel } from "./store";

const LOOKAHEAD_DAYS = 10;

export interface RefreshSummary {
  checked: number;
  refreshed: number;
  needsReconnect: number;
  failed: number;
}

/**
 * Refreshes Instagram tokens that expire within 10 days (and are old enough to be refreshed). A new token replaces
 * the stored one only on success; an auth error marks the channel "needs reconnect"; anything else is kept as its
 * last error and retried on the next run.
 */
export async function refreshExpiringTokens(db: Database, connectors: Connectors, box: SecretBox, now: Date): Promise<RefreshSummary> {
  const rows = await db
    .selectFrom("channels")
    .selectAll()
    .where("status", "=", "active")
    .where("token_expires_at", "is not", null)
    .where("token_expires_at", "<", new Date(now.getTime() + LOOKAHEAD_DAYS * 86_400_000))
    .execute();
  const summary: RefreshSummary = { checked: rows.length, refreshed: 0, needsReconnect: 0, failed: 0 };
  for (const row of rows) {
    const channel = toConnectorChannel(row, box);
    const connector = connectors.get(channel.platform);
    if (row.token_expires_at && row.token_expires_at <= now) {
      // An expired token cannot be refreshed: only a person can reconnect the account.
      await db.updateTable("channels").set({ status: "needs_reconnect", last_error: "The access token expired: reconnect the account", last_error_at: now }).where("id", "=", row.id).execute();
      await raiseWorkspaceEvent(db, row.workspace_id, "channel.needs_reconnect", { channelId: row.id, kind: "auth_expired" });
      summary.needsReconnect++;
      continue;
    }
    if (!connector.shouldRefresh(channel, now)) continue;
    try {
      const result = await connector.refreshToken(channel);
      if (result.status !== "refreshed") continue;
      const sealed = box.seal(result.accessToken);
      await db
        .updateTable("channels")
        .set({
          token_ciphertext: sealed.ciphertext,
          token_key_id: sealed.keyId,
          token_issued_at: new Date(result.issuedAt),
          token_expires_at: result.expiresAt ? new Date(result.expiresAt) : null,
          last_error: null,
          last_error_at: null,
        })
        .where("id", "=", row.id)
        .execute();
      await raiseWorkspaceEvent(db, row.workspace_id, "channel.token_refreshed", { channelId: row.id });
      summary.refreshed++;
    } catch (err) {
      await recordChannelError(db, row.id, err, now);
      if (isPlatformError(err) && err.kind === "auth_expired") summary.needsReconnect++;
      else summary.failed++;
    }
  }
  return summary;
}
