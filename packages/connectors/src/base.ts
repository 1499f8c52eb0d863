// Behaviour every connector shares (webhook verification, usage and breaker read-outs, unsupported features).

import type { ConnectorContext } from "./common";
import { unsupported } from "./errors";
import type { GraphRequest, GraphResponse } from "./http";
import type {
  BreakerState,
  Channel,
  HandshakeResult,
  Platform,
  SignatureResult,
} from "./types";
import type { HeaderBag, Usage } from "./usage";
import { verifyHandshake, verifySignature } from "./webhooks/signature";

export abstract class BaseConnector {
  abstract readonly name: Platform;

  constructor(protected readonly ctx: ConnectorContext) {}

  protected now(): Date {
    return this.ctx.config.clock();
  }

  protected call<T>(channel: Channel, req: Omit<GraphRequest<T>, "channelId" | "platform" | "token">): Promise<GraphResponse<T>> {
    return this.ctx.http.request({ ...req, channelId: channel.id, platform: this.name, token: channel.accessToken });
  }

  /** The secret that signs this channel's webhooks. */
  protected abstract webhookSecretFor(channel: Channel): string | undefined;

  verifyHandshake(query: URLSearchParams | Record<string, string | undefined>, verifyToken: string): HandshakeResult {
    return verifyHandshake(query, verifyToken);
  }

  verifySignature(rawBody: Uint8Array | string, headers: HeaderBag, secret: string | Channel): SignatureResult {
    return verifySignature(rawBody, headers, typeof secret === "string" ? secret : this.webhookSecretFor(secret));
  }

  usage(channelId: string): Usage | undefined {
    return this.ctx.usage.get(channelId);
  }

  breakerState(channelId: string): BreakerState {
    return this.ctx.breakers.state(channelId);
  }

  protected unsupported(what: string): Promise<never> {
    return Promise.reject(unsupported(this.name, what));
  }
}
