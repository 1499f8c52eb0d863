// WhatsApp Cloud API calls: graph.facebook.com/{ver}/… with the channel's system-user token.

import type { ConnectorContext } from "../context";
import { PlatformGraph } from "../graph/platform-graph";

export class WhatsAppGraph extends PlatformGraph {
  constructor(ctx: ConnectorContext) {
    super(ctx, "whatsapp");
  }

  url(path: string): string {
    return `${this.config.graphUrl}/${this.config.graphVersion}/${path}`;
  }
}
