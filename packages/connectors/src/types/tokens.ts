// What a token refresh and a token check answer.

import type { WithUsage } from "./channel";

export type RefreshResult =
  | ({ status: "refreshed"; accessToken: string; issuedAt: string; expiresAt: string | null } & WithUsage)
  | { status: "not_needed" | "too_early" | "not_supported"; reason: string };

/** What the platform said about a token's lifetime: a date, "never", or nothing at all ("unknown", never a guess). */
export type TokenExpiry = { kind: "at"; at: string } | { kind: "never" } | { kind: "unknown" };

export interface TokenCheckResult extends WithUsage {
  /** "unknown": this answer said nothing about the lifetime (what was learned before still holds). */
  expiry: TokenExpiry;
  /** Which answer told: Meta's debug_token, an Instagram refresh, or a plain read of the account with the token. */
  via: "debug_token" | "refresh" | "account";
  /** The check renewed the token (Instagram Login): the new one replaces the stored one. */
  refreshed?: { accessToken: string; issuedAt: string };
}
