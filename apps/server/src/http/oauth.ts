import { assertAllowed, BillingError } from "@sillage/billing";
import { membershipRole, resolveAuth } from "@sillage/accounts";
import { SESSION_COOKIE } from "@sillage/api";
import { ChannelTakenError, completeInstagramOAuth, consumeOAuthState, saveChannel } from "@sillage/channels";
import type { Connectors } from "@sillage/connectors";
import { isPlatformError } from "@sillage/connectors";
import { raiseWorkspaceEvent, withWorkspace, type Database } from "@sillage/db";
import { roleAtLeast } from "@sillage/accounts";
import { type SecretBox } from "@sillage/crypto";
import { type Clock } from "@sillage/time";
import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "./request-context";

/**
 * Why Instagram Login did not connect: a code of the API's registry (`API_ERRORS`), worded by Settings › Channels in
 * the reader's language. Never a sentence in the URL: a crafted link (`?error_description=Call this number…`) would
 * otherwise put its own words in the app's error notice.
 */
export type OAuthRefusal =
  | "instagram_denied"
  | "instagram_incomplete"
  | "sign_in_first"
  | "oauth_link_invalid"
  | "role_required"
  | "channel_taken"
  | "oauth_plan_limit"
  | `platform.${string}`;

export interface OAuthDeps {
  db: Database;
  connectors: Connectors;
  secretBox: SecretBox;
  clock: Clock;
  appUrl: string;
}

/**
 * Instagram Login's redirect target. The `state` must be one we issued, unexpired and unused (it is consumed
 * atomically), to the person whose session completes the flow, who must still be an admin of the state's workspace:
 * a link started by one person and completed by another (a victim sent the authorize URL) connects nothing.
 * The code is exchanged for a long-lived token and the account saved in that workspace. The person lands back on
 * Settings › Channels with the outcome (`?connected=<id>` or `?error=<OAuthRefusal>`).
 */
export function oauthRoutes(deps: OAuthDeps) {
  const app = new Hono<AppEnv>();
  app.get("/oauth/instagram/callback", async (c) => {
    const back = (params: { connected: string } | { error: OAuthRefusal }) => c.redirect(`${deps.appUrl}/settings/channels?${new URLSearchParams(params)}`, 302);
    const state = c.req.query("state");
    // Instagram appends "#_" to the redirect; browsers drop fragments, but a pasted URL may keep it.
    const code = c.req.query("code")?.replace(/#_$/, "");
    if (c.req.query("error")) {
      // Instagram's own words are logged, not carried: anyone can craft this URL with an error_description.
      c.get("logger").info({ reason: c.req.query("error_reason")?.slice(0, 100) }, "instagram login not authorized");
      return back({ error: "instagram_denied" });
    }
    if (!state || !code) return back({ error: "instagram_incomplete" });
    const now = deps.clock.now();
    const sessionToken = getCookie(c, SESSION_COOKIE);
    const auth = sessionToken ? await resolveAuth(deps.db, { sessionToken }, now) : null;
    if (auth?.kind !== "session") return back({ error: "sign_in_first" });
    const consumed = await consumeOAuthState(deps.db, { state, userId: auth.userId, now });
    if (!consumed) return back({ error: "oauth_link_invalid" });
    const role = await membershipRole(deps.db, consumed.workspaceId, auth.userId);
    if (!role || !roleAtLeast(role, "admin")) return back({ error: "role_required" });
    try {
      // Meta's code exchange and the live check happen before the transaction: no lock is held across the network.
      const validated = await completeInstagramOAuth(deps.connectors, code, `${deps.appUrl}/oauth/instagram/callback`, now);
      const id = await withWorkspace(deps.db, consumed.workspaceId, async (trx) => {
        // The plan's channel limit, checked again here (the link may have been started before the limit was
        // reached), in the transaction that saves the channel: concurrent connections cannot pass it together.
        await assertAllowed(trx, consumed.workspaceId, "channels", 1, deps.clock);
        const saved = await saveChannel(trx, deps.secretBox, { ...validated, workspaceId: consumed.workspaceId, createdBy: consumed.userId });
        await raiseWorkspaceEvent(trx, consumed.workspaceId, "channel.connected", { channelId: saved, platform: "instagram" });
        return saved;
      });
      c.get("logger").info({ workspaceId: consumed.workspaceId, channelId: id }, "instagram connected by oauth");
      return back({ connected: id });
    } catch (err) {
      if (err instanceof ChannelTakenError) return back({ error: "channel_taken" });
      if (err instanceof BillingError) return back({ error: "oauth_plan_limit" });
      if (isPlatformError(err)) {
        c.get("logger").warn({ err }, "instagram login refused by the platform");
        return back({ error: `platform.${err.kind}` });
      }
      throw err;
    }
  });
  return app;
}
