// The per-process connector context: one per `createConnectors` call, shared by every platform's connector, so a
// channel's breaker and usage are the same whichever connector calls Graph for it.

import { resolveConfig, type ConnectorConfig, type ResolvedConfig } from "./config";
import { ChannelBreakers } from "./graph/breaker";
import { GraphHttp } from "./graph/http";
import { UsageTracker } from "./graph/usage";

/** What every connector shares: config, HTTP client, breakers and usage. */
export interface ConnectorContext {
  config: ResolvedConfig;
  http: GraphHttp;
  breakers: ChannelBreakers;
  usage: UsageTracker;
}

export function createContext(config: ConnectorConfig): ConnectorContext {
  const resolved = resolveConfig(config);
  const breakers = new ChannelBreakers({
    threshold: resolved.breakerThreshold,
    halfOpenAfterMs: resolved.breakerHalfOpenAfterMs,
  });
  const usage = new UsageTracker();
  const http = new GraphHttp({
    timeoutMs: resolved.timeoutMs,
    safeRetries: resolved.safeRetries,
    retryBaseMs: resolved.retryBaseMs,
    clock: resolved.clock,
    breakers,
    usage,
  });
  return { config: resolved, http, breakers, usage };
}
