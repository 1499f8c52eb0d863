// Meta's debug_token: what Graph itself says of a Facebook-Login or WhatsApp token (validity, expiry). It needs an
// app token ({app-id}|{app-secret}); Instagram-Login tokens belong to graph.instagram.com and cannot be inspected.

import { z } from "zod";
import type { ConnectorContext } from "../context";
import { isPlatformError } from "../errors";
import { graphBoolean } from "./schemas";
import type { Channel, Platform, TokenCheckResult, TokenExpiry, WithUsage } from "../types";
import type { PlatformGraph } from "./platform-graph";
import type { Usage } from "./usage";

const debugTokenSchema = z.object({
  data: z.object({
    is_valid: graphBoolean,
    // Unix seconds; 0 = never expires.
    expires_at: z.coerce.number().int().nonnegative().optional(),
    error: z.object({ code: z.coerce.number().int().optional(), subcode: z.coerce.number().int().optional(), message: z.string().optional() }).optional(),
  }),
});

export interface InspectedToken {
  valid: boolean;
  expiry: TokenExpiry;
  usage: Usage | null;
}

/**
 * `GET /{v}/debug_token?input_token=…`. Null when Meta cannot be asked or did not answer about the token: no app
 * id/secret configured, our app token refused, a transient error. Those say nothing about the inspected token, so
 * the caller falls back to a call made with the token itself.
 */
export async function inspectToken(ctx: ConnectorContext, platform: Platform, token: string): Promise<InspectedToken | null> {
  const { appId, appSecret, graphUrl, graphVersion } = ctx.config;
  if (!appId || !appSecret) return null;
  try {
    const { data, usage } = await ctx.http.request({
      platform,
      method: "GET",
      url: `${graphUrl}/${graphVersion}/debug_token`,
      query: { input_token: token },
      token: `${appId}|${appSecret}`,
      schema: debugTokenSchema,
      safe: true,
      what: "inspect the access token",
    });
    const at = data.data.expires_at;
    const expiry: TokenExpiry = at === undefined ? { kind: "unknown" } : at === 0 ? { kind: "never" } : { kind: "at", at: new Date(at * 1000).toISOString() };
    return { valid: data.data.is_valid, expiry, usage };
  } catch (err) {
    if (isPlatformError(err)) return null;
    throw err;
  }
}

/**
 * Token check for Facebook-Login and WhatsApp tokens: debug_token's answer when it says the token is valid (with
 * its expiry), else one read with the token itself, whose own error is the proof of a dead token — debug_token may
 * also refuse a working token (one made for another app), and a transient failure there proves nothing.
 */
export async function checkWithDebugToken(graph: PlatformGraph, channel: Channel, readWithToken: () => Promise<WithUsage>): Promise<TokenCheckResult> {
  const inspected = await inspectToken(graph.ctx, graph.platform, channel.accessToken);
  if (inspected?.valid) return { expiry: inspected.expiry, via: "debug_token", usage: inspected.usage };
  const { usage } = await readWithToken();
  return { expiry: { kind: "unknown" }, via: "account", usage };
}
