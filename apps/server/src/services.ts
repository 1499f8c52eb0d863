import type { AppConfig } from "@sillage/config";
import { createConnectors, type Connectors } from "@sillage/connectors";
import { SecretBox, systemClock, type Clock } from "@sillage/domain";

/** What both the web and the worker side of a process share: connectors (breakers, usage), the token box, a clock. */
export interface CoreServices {
  connectors: Connectors;
  secretBox: SecretBox;
  clock: Clock;
}

export function createCoreServices(config: AppConfig, clock: Clock = systemClock): CoreServices {
  const connectors = createConnectors({
    graphUrl: config.META_GRAPH_URL,
    instagramGraphUrl: config.INSTAGRAM_GRAPH_URL,
    instagramOauthUrl: config.INSTAGRAM_OAUTH_URL,
    graphVersion: config.META_GRAPH_VERSION,
    appId: config.META_APP_ID,
    appSecret: config.META_APP_SECRET,
    instagramAppId: config.INSTAGRAM_APP_ID,
    instagramAppSecret: config.INSTAGRAM_APP_SECRET,
    timeoutMs: config.GRAPH_TIMEOUT_MS,
    clock: () => clock.now(),
  });
  // APP_SECRET_PREVIOUS (comma-separated) keeps old keys readable during a rotation.
  const previous = (process.env.APP_SECRET_PREVIOUS ?? "").split(",").filter(Boolean);
  return { connectors, secretBox: new SecretBox(config.APP_SECRET, previous), clock };
}
