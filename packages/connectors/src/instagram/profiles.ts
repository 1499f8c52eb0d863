// Instagram's User Profile API: who a customer is (name, username, picture), read with the account's token.
// Meta answers only once the person has messaged the account: a person who only commented gets (#230), which becomes
// `ProfileConsentRequiredError`. A person who blocked the business, or whom the account cannot see, gives nothing:
// `null`. The picture link expires within days, so `fetchProfilePicture` downloads the bytes for the media store.

import { z } from "zod";
import { invalidInput } from "../validation";
import { PlatformError, PROFILE_CONSENT_CODE, ProfileConsentRequiredError } from "../errors";
import { isMetaHost } from "../graph/meta-hosts";
import { graphBoolean } from "../graph/schemas";
import type { Channel, CustomerProfile, ProfilePicture } from "../types";
import type { InstagramGraph } from "./graph";

export const PROFILE_FIELDS = "name,username,profile_pic,follower_count,is_user_follow_business,is_business_follow_user,is_verified_user";

/** Profile pictures are small thumbnails; anything past this is not one. */
export const PROFILE_PICTURE_MAX_BYTES = 5 * 1024 * 1024;

// Meta's code for "No matching Instagram user" (an IGSID this account cannot resolve).
const NO_MATCHING_USER_CODE = 9010;

const profileSchema = z.union([
  z.object({
    id: z.string().optional(),
    name: z.string().nullish(),
    username: z.string().min(1).optional(),
    profile_pic: z.url({ protocol: /^https?$/ }).nullish(),
    follower_count: z.number().int().nonnegative().nullish(),
    is_user_follow_business: graphBoolean.nullish(),
    is_business_follow_user: graphBoolean.nullish(),
    is_verified_user: graphBoolean.nullish(),
  }),
  // Graph's "nothing" for an object the token may not see (a person who blocked the business).
  z.literal(false),
  z.undefined(),
]);

/** The customer's profile, `null` when Meta shows nothing (blocked, unknown); throws `ProfileConsentRequiredError`. */
export async function getUserProfile(ig: InstagramGraph, channel: Channel, igsid: string): Promise<CustomerProfile | null> {
  if (!/^\d+$/.test(igsid)) throw invalidInput("instagram", `not an IGSID: ${igsid}`);
  let data: z.output<typeof profileSchema>;
  try {
    ({ data } = await ig.call(channel, {
      method: "GET",
      url: ig.url(channel, igsid),
      query: { fields: PROFILE_FIELDS },
      schema: profileSchema,
      safe: true,
      what: "read Instagram user profile",
    }));
  } catch (e) {
    if (e instanceof PlatformError && e.code === PROFILE_CONSENT_CODE) throw new ProfileConsentRequiredError(igsid, e);
    if (e instanceof PlatformError && (e.kind === "not_found" || e.code === NO_MATCHING_USER_CODE)) return null;
    throw e;
  }
  // Every Instagram user has a username: an answer without one is Meta showing nothing.
  if (!data || data.username === undefined) return null;
  return {
    igsid,
    name: data.name?.trim() || null,
    username: data.username,
    pictureUrl: data.profile_pic ?? null,
    followerCount: data.follower_count ?? null,
    followsBusiness: data.is_user_follow_business ?? null,
    followedByBusiness: data.is_business_follow_user ?? null,
    verified: data.is_verified_user ?? null,
    fetchedAt: ig.now().toISOString(),
  };
}

/**
 * The picture's bytes, at most `maxBytes`, their type read from the bytes (JPEG, PNG, WebP, GIF). An expired link
 * fails with kind `not_found`: read the profile again for a fresh one.
 */
export async function fetchProfilePicture(
  ig: InstagramGraph,
  channel: Channel,
  pictureUrl: string,
  opts: { maxBytes?: number } = {},
): Promise<ProfilePicture> {
  // Only Meta's CDN: the link comes from Meta's answer, and the server must not be steered to fetch anything else.
  if (!isMetaHost(pictureUrl, ig.config)) throw invalidInput("instagram", `profile picture not on a Meta host: ${pictureUrl}`);
  const res = await ig.ctx.http.bytes({
    channelId: channel.id,
    platform: "instagram",
    url: pictureUrl,
    // Meta's CDN needs no token: none is sent.
    safe: true,
    maxBytes: opts.maxBytes ?? PROFILE_PICTURE_MAX_BYTES,
    expiringLink: true,
    what: "download Instagram profile picture",
  });
  const mimeType = sniffImage(res.bytes);
  if (!mimeType) {
    throw new PlatformError({
      kind: "invalid_media",
      platform: "instagram",
      message: `download Instagram profile picture: not an image (Content-Type ${res.contentType ?? "none"})`,
      userMessage: "The profile picture is not an image.",
    });
  }
  return { bytes: res.bytes, mimeType, fileSize: res.bytes.byteLength };
}

// The formats Meta's CDN serves pictures in, from their magic numbers (the Content-Type header is not trusted).
// Kept here because the connectors depend on no other Sillage package (`@sillage/media` has the general sniffer).
function sniffImage(b: Uint8Array): ProfilePicture["mimeType"] | null {
  const ascii = (start: number, end: number) => String.fromCharCode(...b.subarray(start, end));
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b[0] === 0x89 && ascii(1, 4) === "PNG") return "image/png";
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  if (ascii(0, 4) === "GIF8") return "image/gif";
  return null;
}
