// One platform's calls to Graph as a channel: its token, and its breaker and usage keyed on its id. Each platform
// extends it with its URLs, and every capability module of that platform (tokens, publishing, messaging, comments…)
// calls Graph through it.

import type { ResolvedConfig } from "../config";
import type { ConnectorContext } from "../context";
import type { Channel, Platform } from "../types";
import type { GraphRequest, GraphResponse } from "./http";

export type ChannelRequest<T> = Omit<GraphRequest<T>, "channelId" | "platform" | "token">;

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
    return this.ctx.http.request({ ...req, channelId: channel.id, platform: this.platform, token: channel.accessToken });
  }
}
