// The Instagram User Profile API (contract §2.4): GET /{ver}/{IGSID}?fields=… with the account's token.
// Readable only once the person has messaged the account (or given consent through an icebreaker / the persistent
// menu): someone who only commented gets Meta's (#230) consent error. A person who blocked the business: nothing.
// `profile_pic` is a CDN link that expires after a few days, so clients must store the picture.

import { GraphError } from "../errors.js";
import { authFor, type GraphCtx } from "../context.js";
import { ids } from "../ids.js";
import { pick } from "../params.js";
import { DAY, type FakeGraphState, type IgProfile, type InstagramAccount } from "../state.js";

export const PROFILE_FIELDS = [
  "id",
  "name",
  "username",
  "profile_pic",
  "follower_count",
  "is_user_follow_business",
  "is_business_follow_user",
  "is_verified_user",
] as const;

/** How long a `profile_pic` link stays valid ("a few days"). */
export const PROFILE_PIC_TTL_MS = 3 * DAY;

export const CONSENT_MESSAGE = "(#230) User consent is required to access user profile";

export const profileKey = (igUserId: string, igsid: string) => `${igUserId}:${igsid}`;

/** The stored profile, or the one Meta would show for a person nobody described (username only). */
export function profileOf(state: FakeGraphState, a: InstagramAccount, igsid: string): IgProfile {
  return (
    state.igProfiles.get(profileKey(a.igUserId, igsid)) ?? {
      igUserId: a.igUserId,
      igsid,
      name: null,
      username: `user_${igsid}`,
      picture: null,
      followerCount: 0,
      isUserFollowBusiness: false,
      isBusinessFollowUser: false,
      isVerifiedUser: false,
      blocked: false,
      consented: false,
    }
  );
}

/** Whether the account has ever met this IGSID: a profile set, a DM, or a comment on its media. */
function knows(state: FakeGraphState, a: InstagramAccount, igsid: string): boolean {
  if (state.igProfiles.has(profileKey(a.igUserId, igsid)) || a.lastInbound.has(igsid)) return true;
  for (const c of state.comments.values()) {
    if (c.from.id === igsid && !c.own && state.igMedia.get(c.mediaId)?.igUserId === a.igUserId) return true;
  }
  return false;
}

/** The IG account behind the token that knows this IGSID, if any (a person is only visible to accounts they met). */
export function resolvePerson(state: FakeGraphState, igsid: string, token: string | undefined): InstagramAccount | undefined {
  const rec = token ? state.tokens.get(token) : undefined;
  if (!rec) return undefined;
  for (const key of rec.grants) {
    const a = state.igAccounts.get(key) ?? state.igAccounts.get(state.pages.get(key) ?? "");
    if (a && knows(state, a, igsid)) return a;
  }
  return undefined;
}

export function getUserProfile(ctx: GraphCtx, a: InstagramAccount, igsid: string) {
  authFor(ctx, a.igUserId, igsid, "get");
  ctx.bucId = a.igUserId;
  for (const f of ctx.fields ?? []) {
    if (!(PROFILE_FIELDS as readonly string[]).includes(f.name) || f.sub) {
      throw new GraphError({ code: 100, message: `(#100) Tried accessing nonexisting field (${f.name}) on node type (User)` });
    }
  }
  const p = profileOf(ctx.state, a, igsid);
  if (p.blocked) return {};
  if (!a.lastInbound.has(igsid) && !p.consented) throw new GraphError({ code: 230, message: CONSENT_MESSAGE });
  return pick(ctx.fields, ["id"], {
    id: () => igsid,
    name: () => p.name,
    username: () => p.username,
    profile_pic: () => (p.picture ? pictureLink(ctx, p.picture) : null),
    follower_count: () => p.followerCount,
    is_user_follow_business: () => p.isUserFollowBusiness,
    is_business_follow_user: () => p.isBusinessFollowUser,
    is_verified_user: () => p.isVerifiedUser,
  }, "User");
}

/** A fresh CDN-style link for each read, like Meta's (`oe` = expiry in hex seconds). */
function pictureLink(ctx: GraphCtx, bytes: Buffer): string {
  const id = ids.hex(12);
  const expiresAt = ctx.now + PROFILE_PIC_TTL_MS;
  ctx.state.igProfilePics.set(id, { bytes, expiresAt });
  return `${ctx.origin}/ig_profile_pic/${id}.jpg?oe=${Math.floor(expiresAt / 1000).toString(16).toUpperCase()}`;
}

/** The CDN: no token needed; an expired link answers 403 "URL signature expired" as Meta's CDN does. */
export function profilePicture(ctx: GraphCtx): Response {
  const file = ctx.c.req.param("file") ?? "";
  const pic = ctx.state.igProfilePics.get(file.replace(/\.jpg$/, ""));
  if (!pic) return new Response("Bad URL hash", { status: 403, headers: { "content-type": "text/plain" } });
  if (ctx.now >= pic.expiresAt) return new Response("URL signature expired", { status: 403, headers: { "content-type": "text/plain" } });
  return new Response(new Uint8Array(pic.bytes), { headers: { "content-type": "image/jpeg", "cache-control": "max-age=1209600" } });
}
