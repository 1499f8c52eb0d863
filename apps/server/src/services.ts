import type { AppConfig } from "@sillage/config";
import { createConnectors, type Connectors } from "@sillage/connectors";
import { SecretBox } from "@sillage/crypto";
import { systemClock, type Clock } from "@sillage/time";
import { createMediaServices, createMediaStore, type MediaServices } from "@sillage/media";
import { createModelProvider, type ModelProvider } from "@sillage/triage";
import { webhookUrlPolicy, type WebhookUrlPolicy } from "@sillage/notifications";
import { createArchiveStore, type ArchiveStore } from "@sillage/archive";
import path from "node:path";

/** What both the web and the worker side of a process share: connectors (breakers, usage), the token box, a clock. */
export interface CoreServices {
  connectors: Connectors;
  secretBox: SecretBox;
  clock: Clock;
  media: MediaServices;
  /** Triage: OPENAI_API_KEY set → OpenAI-compatible client, else the offline provider. */
  ai: ModelProvider;
  /** Outgoing webhooks' SSRF policy: https only in production, private hosts only from WEBHOOK_ALLOWED_HOSTS (unset in tests that build services by hand: public addresses only). */
  webhookUrls?: WebhookUrlPolicy;
}

export async function createCoreServices(config: AppConfig, clock: Clock = systemClock): Promise<CoreServices> {
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
    // Meta's once-a-minute video checks would only make the demo wait: its built-in fake is done in a few reads.
    ...(config.SILLAGE_DEMO ? { containerPollMs: 5_000 } : {}),
  });
  // APP_SECRET_PREVIOUS (comma-separated) keeps old keys readable during a rotation.
  const previous = (process.env.APP_SECRET_PREVIOUS ?? "").split(",").filter(Boolean);
  const store = await createMediaStore({ dataDir: config.dataDir, s3: s3Settings(config) });
  const media = createMediaServices({ store, appSecret: config.APP_SECRET, appUrl: config.APP_URL, now: () => clock.now() });
  return {
    connectors,
    secretBox: new SecretBox(config.APP_SECRET, previous),
    clock,
    media,
    ai: createModelProvider(config),
    webhookUrls: webhookUrlPolicy({ production: config.NODE_ENV === "production", allowedHosts: config.WEBHOOK_ALLOWED_HOSTS }),
  };
}

function s3Settings(config: AppConfig) {
  return config.S3_ENDPOINT && config.S3_BUCKET && config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
    ? { endpoint: config.S3_ENDPOINT, bucket: config.S3_BUCKET, accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY, region: config.S3_REGION }
    : undefined;
}

/** The D+90 archive's objects: the S3 bucket (under `archive/`) when configured, else ARCHIVE_DIR (<data dir>/archive). */
export function createArchiveStoreFor(config: AppConfig): Promise<ArchiveStore> {
  return createArchiveStore({ dir: path.resolve(config.ARCHIVE_DIR ?? path.join(config.dataDir, "archive")), s3: s3Settings(config), storageClass: config.S3_ARCHIVE_STORAGE_CLASS });
}
