// Behaviour every connector shares (webhook verification, usage and breaker read-outs, unsupported features). A
// connector is built on its platform's Graph calls (`graph`), which its capability modules share.

import type { ConnectorContext } from "./context";
import { unsupported } from "./errors";
import type { PlatformGraph } from "./graph/platform-graph";
import type { HeaderBag, Usage } from "./graph/usage";
import type { BreakerState, Channel, HandshakeResult, Platform, SignatureResult } from "./types";
import { verifyHandshake, verifySignature } from "./webhooks/signature";

export abstract class BaseConnector<G extends PlatformGraph = PlatformGraph> {
  abstract readonly name: Platform;

  constructor(protected readonly graph: G) {}

  protected get ctx(): ConnectorContext {
    return this.graph.ctx;
  }

  protected now(): Date {
    return this.graph.now();
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
