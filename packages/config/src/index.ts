import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * Every environment variable the product reads, validated once at start.
 * A bad value stops the process with a message naming the variable.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  APP_URL: z.url().optional(),
  APP_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Notification e-mails (smtp:// or smtps://, credentials in the URL); unset → no e-mail. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default("Sillage <notifications@localhost>"),
  /**
   * Outgoing webhooks may not reach private, loopback or link-local addresses; these hosts (names or IP addresses,
   * comma-separated) are allowed anyway: a receiver on this machine in development, an on-premises tool.
   */
  WEBHOOK_ALLOWED_HOSTS: z.string().max(2000).optional(),
  SILLAGE_ROLE: z.enum(["all", "web", "worker"]).default("all"),
  SILLAGE_DEMO: z.enum(["0", "1", ""]).default("").transform((v) => v === "1"),
  /** Behind one reverse proxy: the client address is the last X-Forwarded-For entry (the one the proxy added). */
  TRUST_PROXY: z.enum(["0", "1", ""]).default("").transform((v) => v === "1"),
  /** `1` serves the SPA's source maps (`/assets/*.map`) to anyone; off, they stay on the server's disk. */
  SILLAGE_PUBLIC_SOURCE_MAPS: z.enum(["0", "1", ""]).default("").transform((v) => v === "1"),
  /** When set, /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  SILLAGE_DATA_DIR: z.string().min(1).optional(),
  META_GRAPH_URL: z.url().default("https://graph.facebook.com"),
  INSTAGRAM_GRAPH_URL: z.url().default("https://graph.instagram.com"),
  INSTAGRAM_OAUTH_URL: z.url().default("https://api.instagram.com"),
  INSTAGRAM_AUTHORIZE_URL: z.url().default("https://www.instagram.com/oauth/authorize"),
  /**
   * Hosts the SPA may load post images from (the CSP's img-src): Instagram's CDN, whose per-region hosts
   * (scontent-cdg4-1.cdninstagram.com, …) need a subdomain wildcard. Space-separated https origins, `*.` allowed.
   */
  POST_IMAGE_HOSTS: z
    .string()
    .default("https://*.cdninstagram.com https://*.fbcdn.net")
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.string().regex(/^https:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/i, "must be https origins such as https://*.cdninstagram.com"))),
  GRAPH_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(15_000),
  META_GRAPH_VERSION: z.string().regex(/^v\d+\.\d+$/, "must look like v25.0").default("v25.0"),
  META_APP_ID: z.string().optional(),
  META_APP_SECRET: z.string().optional(),
  INSTAGRAM_APP_ID: z.string().optional(),
  INSTAGRAM_APP_SECRET: z.string().optional(),
  META_VERIFY_TOKEN: z.string().optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().default("gpt-4o-mini"),
  OPENAI_EMBEDDING_MODEL: z.string().default("text-embedding-3-small"),
  OPENAI_EMBEDDING_DIMENSIONS: z.coerce.number().int().min(8).max(8192).optional(),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(20_000),
  /** Error reports (server, worker, and the SPA through the same-origin tunnel) go to Sentry when set. */
  SENTRY_DSN: z.url().optional(),
  /** Release tag of the reports (default: sillage@<package version>). */
  SENTRY_RELEASE: z.string().max(200).optional(),
  /** Environment tag of the reports (default: NODE_ENV, else "development"). */
  SENTRY_ENVIRONMENT: z.string().max(64).optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_REGION: z.string().optional(),
  /** Storage class archive objects move to once verified (e.g. GLACIER, GLACIER_IR, DEEP_ARCHIVE); unset: the bucket's default. */
  S3_ARCHIVE_STORAGE_CLASS: z.enum(["STANDARD", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "GLACIER_IR", "DEEP_ARCHIVE"]).optional(),
  /** Folder of the archive when S3 is not configured (default: <data dir>/archive). */
  ARCHIVE_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  WORKER_POLL_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(500),
  /** A worker silent this long is considered dead and its locked jobs are released (see packages/queue/src/liveness.ts). */
  WORKER_DEAD_AFTER_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
});

export type RawEnv = z.infer<typeof envSchema>;
export type AppConfig = Omit<RawEnv, "APP_SECRET" | "APP_URL"> & {
  APP_SECRET: string;
  APP_URL: string;
  dataDir: string;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Empty strings count as unset, as shells and .env files commonly leave them. */
function clean(source: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (v !== undefined && v !== "") out[k] = v;
  return out;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const parsed = envSchema.safeParse(clean(source));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  const dataDir = path.resolve(cwd, env.SILLAGE_DATA_DIR ?? ".data");
  let secret = env.APP_SECRET;
  if (!secret) {
    if (env.NODE_ENV === "production") {
      throw new ConfigError("APP_SECRET is required in production (at least 32 characters).");
    }
    secret = devSecret(dataDir);
  }
  return {
    ...env,
    APP_SECRET: secret,
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    dataDir,
  };
}

/** In development the secret is generated once and kept under the data folder, so sessions survive restarts. */
function devSecret(dataDir: string): string {
  const file = path.join(dataDir, "app-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
  return secret;
}
