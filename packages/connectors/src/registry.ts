// The connector registry: one line per platform. Breakers and usage live in the shared context, so they are
// keyed by channel id across every connector built by one `createConnectors` call.

import { createContext } from "./context";
import type { PlatformBreakerHealth } from "./graph/breaker";
import { InstagramConnector } from "./instagram/connector";
import type { ConnectorConfig, Platform, PlatformConnector } from "./types";
import { WhatsAppConnector } from "./whatsapp/connector";

export interface Connectors {
  whatsapp: WhatsAppConnector;
  instagram: InstagramConnector;
  /** The connector of a platform (for code that only knows the channel). */
  get(platform: Platform): PlatformConnector;
  /** Breakers of this process by platform (channels per state, latest transient error). */
  breakerHealth(): PlatformBreakerHealth[];
  /** Highest Meta usage percent last read per platform. */
  usageLevels(): { platform: Platform; maxPercent: number }[];
}

const PLATFORMS = ["whatsapp", "instagram"] as const satisfies readonly Platform[];

export function createConnectors(config: ConnectorConfig): Connectors {
  const ctx = createContext(config);
  const registry = {
    whatsapp: new WhatsAppConnector(ctx),
    instagram: new InstagramConnector(ctx),
  } satisfies Record<Platform, PlatformConnector>;
  return {
    ...registry,
    get: (platform: Platform): PlatformConnector => registry[platform],
    breakerHealth: () => ctx.breakers.health(PLATFORMS),
    usageLevels: () => PLATFORMS.map((platform) => ({ platform, maxPercent: ctx.usage.maxPercent(platform) })),
  };
}
