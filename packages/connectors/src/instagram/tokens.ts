// Instagram tokens: when to refresh, the refresh itself, and the one cheap call that checks a token. Instagram-Login
// tokens last 60 days and are refreshed (never younger than 24 h, never once expired); Facebook-Login Page tokens
// never expire and are checked with debug_token.

import { z } from "zod";
import { PlatformError } from "../errors";
import { checkWithDebugToken } from "../graph/debug-token";
import { idSchema } from "../graph/schemas";
import { hoursBetween, toDate } from "../time";
import type { Channel, RefreshResult, TokenCheckResult, WithUsage } from "../types";
import { INSTAGRAM_REFRESH_BEFORE_DAYS, INSTAGRAM_REFRESH_MIN_AGE_HOURS } from "./capabilities";
import type { InstagramGraph } from "./graph";

/** A token answer: refresh, and the long-lived exchange at login. */
export const tokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().optional(),
});

/** When a token answered at `now` with `expires_in` seconds expires (null: Instagram did not say). */
export function expiresAt(now: Date, expiresIn: number | undefined): string | null {
  return expiresIn ? new Date(now.getTime() + expiresIn * 1000).toISOString() : null;
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

export function shouldRefresh(channel: Channel, now: Date): boolean {
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
export async function checkToken(ig: InstagramGraph, channel: Channel): Promise<TokenCheckResult> {
  if (channel.variant === "facebook") return checkWithDebugToken(ig, channel, () => readAccount(ig, channel));
  const expires = toDate(channel.tokenExpiresAt);
  if (expires && expires.getTime() <= ig.now().getTime()) throw tokenExpiredError();
  if (shouldRefresh(channel, ig.now())) {
    const refreshed = await refreshToken(ig, channel);
    if (refreshed.status === "refreshed") {
      return {
        expiry: refreshed.expiresAt ? { kind: "at", at: refreshed.expiresAt } : { kind: "unknown" },
        via: "refresh",
        refreshed: { accessToken: refreshed.accessToken, issuedAt: refreshed.issuedAt },
        usage: refreshed.usage,
      };
    }
  }
  const { usage } = await readAccount(ig, channel);
  return { expiry: { kind: "unknown" }, via: "account", usage };
}

/** The cheapest call made with the channel's own token: `me` with one field. */
async function readAccount(ig: InstagramGraph, channel: Channel): Promise<WithUsage> {
  const { usage } = await ig.call(channel, {
    method: "GET",
    url: ig.url(channel, "me"),
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
export async function refreshToken(ig: InstagramGraph, channel: Channel): Promise<RefreshResult> {
  if (channel.variant === "facebook") {
    return { status: "not_supported", reason: "Page tokens from Facebook Login do not expire and cannot be refreshed" };
  }
  const now = ig.now();
  const expires = toDate(channel.tokenExpiresAt);
  if (expires && expires.getTime() <= now.getTime()) throw tokenExpiredError();
  const issued = toDate(channel.tokenIssuedAt);
  if (issued && hoursBetween(issued, now) < INSTAGRAM_REFRESH_MIN_AGE_HOURS) {
    return { status: "too_early", reason: "Instagram refreshes only tokens at least 24 hours old" };
  }
  const { data, usage } = await ig.call(channel, {
    method: "GET",
    // Unversioned on graph.instagram.com.
    url: `${ig.config.instagramGraphUrl}/refresh_access_token`,
    query: { grant_type: "ig_refresh_token", access_token: channel.accessToken },
    schema: tokenSchema,
    what: "refresh Instagram token",
  });
  return { status: "refreshed", accessToken: data.access_token, issuedAt: now.toISOString(), expiresAt: expiresAt(now, data.expires_in), usage };
}
