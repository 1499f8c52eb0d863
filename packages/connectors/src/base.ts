// Behaviour every connector shares (webhook verification, usage and breaker read-outs, unsupported features).

import type { ConnectorContext } from "./common";
import { unsupported } from "./errors";
import type { GraphRequest, GraphResponse } from "./http";
import { inspectToken } from "./tokens";
import type {
  BreakerState,
  Channel,
  HandshakeResult,
  Platform,
  SignatureResult,
  TokenCheckResult,
  WithUsage,
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

  /**
   * Token check for Facebook-Login and WhatsApp tokens: debug_token's answer when it says the token is valid (with
   * its expiry), else one read with the token itself, whose own error is the proof of a dead token — debug_token may
   * also refuse a working token (one made for another app), and a transient failure there proves nothing.
   */
  protected async checkWithDebugToken(channel: Channel, readWithToken: () => Promise<WithUsage>): Promise<TokenCheckResult> {
    const inspected = await inspectToken(this.ctx, this.name, channel.accessToken);
    if (inspected?.valid) return { expiry: inspected.expiry, via: "debug_token", usage: inspected.usage };
    const { usage } = await readWithToken();
    return { expiry: { kind: "unknown" }, via: "account", usage };
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
