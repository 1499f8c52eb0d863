// The WhatsApp number behind a channel and its token: system-user tokens never expire or are regenerated in Business
// Manager (no refresh endpoint), so a check is debug_token's verdict or a read of the number with the token.

import { z } from "zod";
import { checkWithDebugToken } from "../graph/debug-token";
import type { Channel, RefreshResult, TokenCheckResult, WithUsage } from "../types";
import type { WhatsAppGraph } from "./graph";

const phoneNumberSchema = z.object({
  id: z.string(),
  display_phone_number: z.string().optional(),
  verified_name: z.string().optional(),
  quality_rating: z.string().optional(),
});

export const refreshNotSupported: RefreshResult = {
  status: "not_supported",
  reason: "WhatsApp system-user tokens are regenerated in Business Manager, not refreshed",
};

/** The business phone number behind the channel: proves the token reaches it (used when connecting). */
export async function phoneNumber(
  wa: WhatsAppGraph,
  channel: Channel,
): Promise<{ id: string; displayPhoneNumber: string | null; verifiedName: string | null; qualityRating: string | null } & WithUsage> {
  const res = await wa.call(channel, {
    method: "GET",
    url: wa.url(channel.externalId),
    query: { fields: "id,display_phone_number,verified_name,quality_rating" },
    schema: phoneNumberSchema,
    safe: true,
    what: "read the WhatsApp phone number",
  });
  return {
    id: res.data.id,
    displayPhoneNumber: res.data.display_phone_number ?? null,
    verifiedName: res.data.verified_name ?? null,
    qualityRating: res.data.quality_rating ?? null,
    usage: res.usage,
  };
}

/** debug_token (expiry: 0 for permanent system-user tokens), else a read of the phone number with the token. */
export function checkToken(wa: WhatsAppGraph, channel: Channel): Promise<TokenCheckResult> {
  return checkWithDebugToken(wa, channel, () => phoneNumber(wa, channel));
}
