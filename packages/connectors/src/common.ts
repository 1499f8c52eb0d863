// Small helpers shared by the platform folders (not exported from the package).

import { ChannelBreakers } from "./breaker";
import { classifyGraphError, PlatformError } from "./errors";
import { GraphHttp } from "./http";
import type { Channel, ConnectorConfig, ErrorInfo, Platform } from "./types";
import { UsageTracker } from "./usage";

export interface ResolvedConfig extends Required<Omit<ConnectorConfig, "appId" | "appSecret" | "instagramAppId" | "instagramAppSecret">> {
  appId?: string;
  appSecret?: string;
  instagramAppId?: string;
  instagramAppSecret?: string;
}

export function resolveConfig(config: ConnectorConfig): ResolvedConfig {
  return {
    ...config,
    graphUrl: config.graphUrl.replace(/\/+$/, ""),
    instagramGraphUrl: config.instagramGraphUrl.replace(/\/+$/, ""),
    instagramOauthUrl: config.instagramOauthUrl.replace(/\/+$/, ""),
    clock: config.clock ?? (() => new Date()),
    safeRetries: config.safeRetries ?? 2,
    retryBaseMs: config.retryBaseMs ?? 200,
    breakerThreshold: config.breakerThreshold ?? 5,
    breakerHalfOpenAfterMs: config.breakerHalfOpenAfterMs ?? 30_000,
    containerFirstPollMs: config.containerFirstPollMs ?? 500,
    containerPollMs: config.containerPollMs ?? 5_000,
    containerMaxPolls: config.containerMaxPolls ?? 60,
    publishRetryWaitMs: config.publishRetryWaitMs ?? 5_000,
    maxPages: config.maxPages ?? 200,
    broadcastBatchSize: config.broadcastBatchSize ?? 50,
    broadcastMaxWaits: config.broadcastMaxWaits ?? 20,
    templateCacheMs: config.templateCacheMs ?? 300_000,
    templateRefreshMinMs: config.templateRefreshMinMs ?? 30_000,
  };
}

/** What every connector shares: config, HTTP client, breakers and usage (one set per `createConnectors`). */
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

export function toDate(v: Date | string | number | null | undefined): Date | null {
  if (v === null || v === undefined || v === "") return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Meta timestamps: WhatsApp sends Unix seconds as strings; Instagram messaging sends ms, comments seconds. */
export function metaTimeToIso(v: unknown, fallback?: unknown): string {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : NaN;
  if (Number.isFinite(n)) return new Date(n > 1e11 ? n : n * 1000).toISOString();
  if (typeof v === "string") {
    // ISO-like "2017-08-31T19:16:02+0000" (Graph's format has no colon in the offset).
    const d = new Date(v.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }
  if (fallback !== undefined) return metaTimeToIso(fallback);
  return new Date(0).toISOString();
}

export function errorInfo(e: PlatformError): ErrorInfo {
  return {
    kind: e.kind,
    code: e.code ?? null,
    subcode: e.subcode ?? null,
    title: null,
    message: e.message,
    userMessage: e.userMessage,
    retryable: e.retryable,
  };
}

/** Errors inside webhook payloads (`statuses[].errors`, `value.errors`, `messages[].errors`). */
export function webhookErrorInfos(errors: unknown, platform: Platform): ErrorInfo[] {
  if (!Array.isArray(errors)) return [];
  return errors.map((raw): ErrorInfo => {
    const e = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
    const code = typeof e.code === "number" ? e.code : typeof e.code === "string" ? Number(e.code) : undefined;
    const data = (e.error_data && typeof e.error_data === "object" ? e.error_data : {}) as Record<string, unknown>;
    const c = classifyGraphError({ code: Number.isFinite(code) ? code : undefined }, platform);
    const title = typeof e.title === "string" ? e.title : null;
    const message =
      typeof data.details === "string" ? data.details : typeof e.message === "string" ? e.message : (title ?? "error");
    return {
      kind: c.kind,
      code: code !== undefined && Number.isFinite(code) ? code : null,
      subcode: null,
      title,
      message,
      userMessage: c.userMessage,
      retryable: c.retryable,
    };
  });
}

export function hoursBetween(a: Date, b: Date): number {
  return (b.getTime() - a.getTime()) / 3_600_000;
}

export function requireSecret(channel: Channel, fallback: string | undefined): string | undefined {
  return channel.webhookSecret ?? fallback;
}

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Parses a webhook body given as bytes, string or object; null when it is not JSON. */
export function parseWebhookBody(raw: unknown): unknown {
  if (typeof raw === "string") {
    try {
      return JSON.parse(raw);
    } catch {
      return null;
    }
  }
  if (raw instanceof Uint8Array) return parseWebhookBody(new TextDecoder().decode(raw));
  return raw;
}

export function invalidInput(platform: Platform, message: string, userMessage: string): PlatformError {
  return new PlatformError({ kind: "invalid_input", platform, message, userMessage });
}

/** Length in Unicode code points (what people count as characters; emoji count once). */
export function charLength(s: string): number {
  return [...s].length;
}

const TRUSTED_MEDIA_HOSTS = [/(^|\.)fbsbx\.com$/, /(^|\.)fbcdn\.net$/, /(^|\.)cdninstagram\.com$/, /(^|\.)facebook\.com$/, /(^|\.)instagram\.com$/];

/** Whether a URL belongs to Meta (or the configured Graph hosts): only those may receive a bearer token. */
export function isMetaHost(url: string, config: Pick<ResolvedConfig, "graphUrl" | "instagramGraphUrl">): boolean {
  try {
    const u = new URL(url);
    const own = [config.graphUrl, config.instagramGraphUrl].map((h) => new URL(h).host);
    return own.includes(u.host) || TRUSTED_MEDIA_HOSTS.some((re) => re.test(u.hostname));
  } catch {
    return false;
  }
}
