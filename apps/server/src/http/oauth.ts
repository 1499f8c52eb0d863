import { ChannelTakenError, completeInstagramOAuth, saveChannel } from "@sillage/channels";
import type { Connectors } from "@sillage/connectors";
import { isPlatformError } from "@sillage/connectors";
import { raiseWorkspaceEvent, type Database } from "@sillage/db";
import { hashToken, type Clock, type SecretBox } from "@sillage/domain";
import { Hono } from "hono";
import type { AppEnv } from "./request-context";

export interface OAuthDeps {
  db: Database;
  connectors: Connectors;
  secretBox: SecretBox;
  clock: Clock;
  appUrl: string;
}

/**
 * Instagram Login's redirect target. The `state` must be one we issued, unexpired and unused (it is consumed
 * atomically); the code is exchanged for a long-lived token and the account is saved in the state's workspace.
 * The person lands back on Settings › Channels with the outcome.
 */
export function oauthRoutes(deps: OAuthDeps) {
  const app = new Hono<AppEnv>();
  app.get("/oauth/instagram/callback", async (c) => {
    const back = (params: Record<string, string>) => c.redirect(`${deps.appUrl}/settings/channels?${new URLSearchParams(params)}`, 302);
    const state = c.req.query("state");
    // Instagram appends "#_" to the redirect; browsers drop fragments, but a pasted URL may keep it.
    const code = c.req.query("code")?.replace(/#_$/, "");
    if (c.req.query("error")) return back({ error: c.req.query("error_description") ?? "Instagram did not authorize the connection" });
    if (!state || !code) return back({ error: "The Instagram response is missing its code or state" });
    const now = deps.clock.now();
    const consumed = await deps.db
      .updateTable("oauth_states")
      .set({ used_at: now })
      .where("state_hash", "=", hashToken(state))
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .returning(["workspace_id", "user_id"])
      .executeTakeFirst();
    if (!consumed) return back({ error: "This connection link expired or was already used: start again" });
    try {
      const validated = await completeInstagramOAuth(deps.connectors, code, `${deps.appUrl}/oauth/instagram/callback`, now);
      const id = await saveChannel(deps.db, deps.secretBox, { ...validated, workspaceId: consumed.workspace_id, createdBy: consumed.user_id });
      await raiseWorkspaceEvent(deps.db, consumed.workspace_id, "channel.connected", { channelId: id, platform: "instagram" });
      c.get("logger").info({ workspaceId: consumed.workspace_id, channelId: id }, "instagram connected by oauth");
      return back({ connected: id });
    } catch (err) {
      if (err instanceof ChannelTakenError) return back({ error: err.message });
      if (isPlatformError(err)) return back({ error: err.userMessage });
      throw err;
    }
  });
  return app;
}
