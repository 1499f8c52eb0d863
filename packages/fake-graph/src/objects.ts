import type { FakeGraphState, InstagramAccount } from "./state.js";

export type GraphObject =
  | { kind: "wa_phone"; id: string }
  | { kind: "waba"; id: string }
  | { kind: "wa_media"; id: string }
  | { kind: "ig_user"; id: string; account: InstagramAccount; viaMe: boolean }
  | { kind: "page"; id: string; account: InstagramAccount }
  | { kind: "fb_user"; id: string }
  | { kind: "container"; id: string }
  | { kind: "ig_media"; id: string }
  | { kind: "comment"; id: string }
  | { kind: "unknown"; id: string };

/** What a path id denotes. `me` resolves through the token (IG token → IG user, Page token → page). */
export function resolveObject(state: FakeGraphState, id: string, token: string | undefined): GraphObject {
  if (id === "me") {
    const rec = token ? state.tokens.get(token) : undefined;
    if (rec) {
      for (const key of rec.grants) {
        if (rec.product === "instagram") {
          const account = state.igAccounts.get(key);
          if (account) return { kind: "ig_user", id: account.igUserId, account, viaMe: true };
        }
        if (rec.product === "facebook_page") {
          const igId = state.pages.get(key);
          const account = igId ? state.igAccounts.get(igId) : undefined;
          if (account) return { kind: "page", id: key, account };
        }
      }
      if (rec.product === "facebook_user") return { kind: "fb_user", id: [...rec.grants][0] ?? "me" };
    }
    return { kind: "unknown", id };
  }
  if (state.waAccounts.has(id)) return { kind: "wa_phone", id };
  if (state.wabas.has(id)) return { kind: "waba", id };
  if (state.waMedia.has(id)) return { kind: "wa_media", id };
  const account = state.igAccounts.get(id);
  if (account) return { kind: "ig_user", id, account, viaMe: false };
  const pageIg = state.pages.get(id);
  const pageAcc = pageIg ? state.igAccounts.get(pageIg) : undefined;
  if (pageAcc) return { kind: "page", id, account: pageAcc };
  if (state.containers.has(id)) return { kind: "container", id };
  if (state.igMedia.has(id)) return { kind: "ig_media", id };
  if (state.comments.has(id)) return { kind: "comment", id };
  return { kind: "unknown", id };
}
