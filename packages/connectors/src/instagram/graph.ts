// Instagram's Graph calls. Two hosts, chosen by the channel's `variant`:
// - Instagram Login: https://graph.instagram.com/{ver}/{ig-user-id}/… (tokens IGAA…, 60 days, refreshable)
// - Facebook Login: https://graph.facebook.com/{ver}/{ig-user-id}/… (Page token, never expires, no refresh;
//   DMs and webhook subscription go through the Page: `me` with the Page token).

import type { ConnectorContext } from "../context";
import { PlatformGraph } from "../graph/platform-graph";
import type { Channel } from "../types";

export type InstagramVariant = NonNullable<Channel["variant"]>;

export class InstagramGraph extends PlatformGraph {
  constructor(ctx: ConnectorContext) {
    super(ctx, "instagram");
  }

  /** A versioned URL on the host of a login variant. */
  variantUrl(variant: InstagramVariant, path: string): string {
    const host = variant === "facebook" ? this.config.graphUrl : this.config.instagramGraphUrl;
    return `${host}/${this.config.graphVersion}/${path}`;
  }

  /** A versioned URL on the channel's host. */
  url(channel: Channel, path: string): string {
    return this.variantUrl(channel.variant ?? "instagram", path);
  }

  /** The node DMs and webhook subscriptions go to: the IG account, or (Facebook Login) the Page via `me`. */
  messagingNode(channel: Channel): string {
    return channel.variant === "facebook" ? "me" : channel.externalId;
  }
}
