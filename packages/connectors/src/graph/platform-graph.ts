// One platform's calls to Graph as a channel: its token, and its breaker and usage keyed on its id. Each platform
// extends it with its URLs, and every capability module of that platform (tokens, publishing, messaging, comments…)
// calls Graph through it.

import type { ResolvedConfig } from "../config";
import type { ConnectorContext } from "../context";
import type { Channel, Platform } from "../types";
import type { GraphRequest, GraphResponse } from "./http";

export type ChannelRequest<T> = Omit<GraphRequest<T>, "channelId" | "platform" | "token" | "proofSecret">;

export class PlatformGraph {
  constructor(
    readonly ctx: ConnectorContext,
    readonly platform: Platform,
  ) {}

  get config(): ResolvedConfig {
    return this.ctx.config;
  }

  now(): Date {
    return this.ctx.config.clock();
  }

  call<T>(channel: Channel, req: ChannelRequest<T>): Promise<GraphResponse<T>> {
    return this.ctx.http.request({
      ...req,
      channelId: channel.id,
      platform: this.platform,
      token: channel.accessToken,
      proofSecret: this.proofSecret(channel.variant),
    });
  }

  /**
   * The secret `appsecret_proof` is keyed with for a token of this platform (none when turned off or unknown):
   * Instagram-Login tokens come from the Instagram app, WhatsApp and Facebook-Login tokens from the Meta app.
   */
  proofSecret(variant: Channel["variant"]): string | undefined {
    if (!this.config.appsecretProof) return undefined;
    return this.platform === "instagram" && variant !== "facebook" ? this.config.instagramAppSecret : this.config.appSecret;
  }
}
