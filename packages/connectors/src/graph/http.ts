// Graph HTTP client: every call has a timeout, goes through the channel's circuit breaker, records the usage
// headers, and turns every failure into a PlatformError (a malformed answer is an error, never a crash).

import { createHmac } from "node:crypto";
import { ExponentialBackoff, handleWhen, retry, type RetryPolicy } from "cockatiel";
import { z } from "zod";
import type { ChannelBreakers } from "./breaker";
import { graphBoolean } from "./schemas";
import { PlatformError, platformErrorFromGraph, type GraphErrorBody } from "../errors";
import type { Platform } from "../types";
import { connectorCallDuration, connectorCalls } from "@sillage/observability";
import { parseUsageHeaders, type Usage, type UsageTracker } from "./usage";

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface GraphRequest<T> {
  /** Breaker + usage key; omit for calls not tied to a channel yet (OAuth code exchange). */
  channelId?: string;
  platform: Platform;
  method: "GET" | "POST" | "DELETE";
  url: string;
  query?: Query;
  json?: unknown;
  form?: Record<string, string>;
  token?: string;
  /**
   * The secret of the app that issued `token`: the call then carries `appsecret_proof` (hex HMAC-SHA256 of the token),
   * which Meta requires of apps with "Require App Secret" on and checks whenever it is sent.
   */
  proofSecret?: string;
  schema: z.ZodType<T>;
  /** Idempotent call: may be retried a few times on transient errors. Never set for sends or publish. */
  safe?: boolean;
  timeoutMs?: number;
  /** What is being done, for error messages ("create container"). */
  what: string;
}

/** Options of a raw download. */
export interface BytesOptions {
  /** Refuse a body larger than this (checked on Content-Length, then while reading). */
  maxBytes?: number;
  /** A CDN link with an expiry: a 403/404/410 without a Graph error body means the link is dead (`not_found`). */
  expiringLink?: boolean;
}

export interface GraphResponse<T> {
  data: T;
  usage: Usage | null;
  status: number;
}

export interface HttpOptions {
  timeoutMs: number;
  safeRetries: number;
  retryBaseMs: number;
  clock: () => Date;
  breakers: ChannelBreakers;
  usage: UsageTracker;
}

/**
 * An absent field written as `null` (Meta does it for some fields, other serialisers for every absent one) is read as
 * absent, at any depth: one null in a page of comments must not make the whole page a malformed answer.
 */
export function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(Object.entries(v).flatMap(([k, x]) => (x === null ? [] : [[k, withoutNulls(x)]])));
}

const graphErrorSchema = z.preprocess(withoutNulls, z.object({
  message: z.string().optional(),
  type: z.string().optional(),
  code: z.coerce.number().int().optional(),
  error_subcode: z.coerce.number().int().optional(),
  error_user_title: z.string().optional(),
  error_user_msg: z.string().optional(),
  is_transient: graphBoolean.optional(),
  fbtrace_id: z.string().optional(),
  error_data: z.unknown().optional(),
}));

// api.instagram.com/oauth/access_token answers errors in a legacy flat shape.
const legacyErrorSchema = z.preprocess(
  withoutNulls,
  z.object({
    error_type: z.string(),
    code: z.coerce.number().optional(),
    error_message: z.string().optional(),
  }),
);

/** Kinds worth another attempt inside a safe call (rate limits wait longer than a call should). */
const IN_CALL_RETRY = new Set(["retryable", "timeout", "network", "malformed"]);

/** Meta's `appsecret_proof`: hex HMAC-SHA256 of the access token, keyed by the secret of the app that issued it. */
export function appsecretProof(token: string, appSecret: string): string {
  return createHmac("sha256", appSecret).update(token).digest("hex");
}

function buildUrl(url: string, query?: Query): string {
  const u = new URL(url);
  if (query) {
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null) u.searchParams.set(k, String(v));
    }
  }
  return u.toString();
}

class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(`body larger than ${limit} bytes`);
  }
}

/** The whole body, stopping (and cancelling the download) as soon as it passes `maxBytes`. */
async function readCapped(res: Response, maxBytes: number | undefined): Promise<Uint8Array> {
  if (maxBytes === undefined || !res.body) return new Uint8Array(await res.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new TooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function isTimeout(e: unknown): boolean {
  return e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
}

export class GraphHttp {
  /**
   * Safe (idempotent) calls get a few more attempts on transient failures, exponentially spaced with jitter
   * (cockatiel); every attempt goes through the channel's breaker, so an open circuit stops the retries too.
   */
  private readonly safeRetry: RetryPolicy;

  constructor(private readonly opts: HttpOptions) {
    this.safeRetry = retry(
      handleWhen((e) => e instanceof PlatformError && IN_CALL_RETRY.has(e.kind)),
      { maxAttempts: opts.safeRetries, backoff: new ExponentialBackoff({ initialDelay: opts.retryBaseMs, maxDelay: opts.retryBaseMs * 8 }) },
    );
  }

  request<T>(req: GraphRequest<T>): Promise<GraphResponse<T>> {
    return this.attempt(req, () => this.onceWithProof(req));
  }

  /**
   * Proofs Meta refused ("Invalid appsecret_proof": the token was issued by another app, whose secret we do not have),
   * by the proof itself (never the token). Calls with those tokens go without one: that works unless the app requires
   * proofs, where nothing we could send would.
   */
  private readonly refusedProofs = new Set<string>();

  private async onceWithProof<T>(req: GraphRequest<T>): Promise<GraphResponse<T>> {
    const proof = req.token && req.proofSecret ? appsecretProof(req.token, req.proofSecret) : undefined;
    if (!proof || this.refusedProofs.has(proof)) return this.once({ ...req, proofSecret: undefined });
    try {
      return await this.once(req);
    } catch (e) {
      // Refused at authentication, before anything was done: sending again without the proof is safe for any call.
      if (!(e instanceof PlatformError) || e.code !== 100 || !/invalid appsecret_proof/i.test(e.message)) throw e;
      if (this.refusedProofs.size >= 10_000) this.refusedProofs.clear();
      this.refusedProofs.add(proof);
      return this.once({ ...req, proofSecret: undefined });
    }
  }

  /** GET raw bytes (media download), with the bearer token. */
  bytes(req: Omit<GraphRequest<unknown>, "schema" | "method" | "json" | "form"> & BytesOptions): Promise<{
    bytes: Uint8Array;
    contentType: string | null;
    usage: Usage | null;
  }> {
    return this.attempt(req, () => this.onceBytes(req));
  }

  private attempt<T>(req: Pick<GraphRequest<unknown>, "channelId" | "platform" | "safe" | "what">, once: () => Promise<T>): Promise<T> {
    // Measured outside the breaker, so a call it refuses counts too (error class `circuit_open`).
    const run = () => measure(req.platform, req.what, () => (req.channelId ? this.opts.breakers.execute(req.channelId, req.platform, once) : once()));
    return req.safe ? this.safeRetry.execute(run) : run();
  }

  private async fetchRaw(
    req: Pick<GraphRequest<unknown>, "method" | "url" | "query" | "json" | "form" | "token" | "proofSecret" | "timeoutMs" | "platform" | "what">,
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (req.token) headers.authorization = `Bearer ${req.token}`;
    if (req.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(req.json);
    } else if (req.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(req.form).toString();
    }
    const timeoutMs = req.timeoutMs ?? this.opts.timeoutMs;
    try {
      const query = req.token && req.proofSecret ? { ...req.query, appsecret_proof: appsecretProof(req.token, req.proofSecret) } : req.query;
      return await fetch(buildUrl(req.url, query), {
        method: req.method,
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw this.transportError(e, req.platform, req.what, timeoutMs);
    }
  }

  private transportError(e: unknown, platform: Platform, what: string, timeoutMs: number): PlatformError {
    if (isTimeout(e)) {
      return new PlatformError({
        kind: "timeout",
        platform,
        message: `${what}: no answer within ${timeoutMs} ms`,
        cause: e,
      });
    }
    return new PlatformError({
      kind: "network",
      platform,
      message: `${what}: ${e instanceof Error ? e.message : String(e)}`,
      cause: e,
    });
  }

  private recordUsage(channelId: string | undefined, res: Response, platform?: Platform): Usage | null {
    const usage = parseUsageHeaders(res.headers, this.opts.clock());
    if (channelId) this.opts.usage.record(channelId, usage, platform);
    return usage;
  }

  private async once<T>(req: GraphRequest<T>): Promise<GraphResponse<T>> {
    const res = await this.fetchRaw(req);
    const usage = this.recordUsage(req.channelId, res, req.platform);
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw this.transportError(e, req.platform, req.what, req.timeoutMs ?? this.opts.timeoutMs);
    }
    let json: unknown;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      throw this.malformed(req, res.status, `not JSON: ${text.slice(0, 120)}`);
    }
    this.throwIfError(json, req, res, usage);
    if (!res.ok) throw this.malformed(req, res.status, `HTTP ${res.status} without a Graph error body`);
    const parsed = req.schema.safeParse(withoutNulls(json));
    if (!parsed.success) {
      throw this.malformed(req, res.status, `unexpected shape: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    }
    return { data: parsed.data, usage, status: res.status };
  }

  private async onceBytes(req: Omit<GraphRequest<unknown>, "schema" | "method" | "json" | "form"> & BytesOptions) {
    const res = await this.fetchRaw({ ...req, method: "GET" });
    const usage = this.recordUsage(req.channelId, res, req.platform);
    if (res.ok && req.maxBytes !== undefined && Number(res.headers.get("content-length") ?? 0) > req.maxBytes) {
      await res.body?.cancel();
      throw this.tooLarge(req, req.maxBytes);
    }
    let buf: Uint8Array;
    try {
      buf = await readCapped(res, res.ok ? req.maxBytes : undefined);
    } catch (e) {
      if (e instanceof TooLarge) throw this.tooLarge(req, e.limit);
      throw this.transportError(e, req.platform, req.what, req.timeoutMs ?? this.opts.timeoutMs);
    }
    const contentType = res.headers.get("content-type");
    if (!res.ok) {
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder().decode(buf));
      } catch {
        json = undefined;
      }
      this.throwIfError(json, { ...req, schema: z.unknown(), method: "GET" }, res, usage);
      if (req.expiringLink && [403, 404, 410].includes(res.status)) {
        throw new PlatformError({
          kind: "not_found",
          platform: req.platform,
          httpStatus: res.status,
          message: `${req.what}: the link is expired or gone (HTTP ${res.status})`,
        });
      }
      throw this.malformed(req, res.status, `HTTP ${res.status} without a Graph error body`);
    }
    return { bytes: buf, contentType, usage };
  }

  private tooLarge(req: Pick<GraphRequest<unknown>, "platform" | "what">, limit: number): PlatformError {
    return new PlatformError({
      kind: "invalid_media",
      platform: req.platform,
      message: `${req.what}: larger than ${limit} bytes`,
      userMessage: "The file is too large to keep.",
    });
  }

  private throwIfError(json: unknown, req: GraphRequest<unknown>, res: Response, usage: Usage | null): void {
    if (json && typeof json === "object" && "error" in json) {
      const parsed = graphErrorSchema.safeParse((json as { error: unknown }).error);
      if (!parsed.success) throw this.malformed(req, res.status, "error body of unexpected shape");
      const err: GraphErrorBody = parsed.data;
      throw platformErrorFromGraph(err, {
        platform: req.platform,
        httpStatus: res.status,
        retryAfterMs: usage?.regainAccessMs ?? undefined,
        fbtraceId: res.headers.get("x-fb-trace-id") ?? undefined,
      });
    }
    const legacy = legacyErrorSchema.safeParse(json);
    if (legacy.success && !res.ok) {
      throw new PlatformError({
        kind: "invalid_input",
        platform: req.platform,
        httpStatus: res.status,
        code: legacy.data.code,
        message: `${req.what}: ${legacy.data.error_type}: ${legacy.data.error_message ?? ""}`,
        userMessage: "Instagram refused the authorization (the code may be expired or already used). Connect the account again.",
      });
    }
  }

  private malformed(req: Pick<GraphRequest<unknown>, "platform" | "what">, status: number, detail: string): PlatformError {
    return new PlatformError({
      kind: "malformed",
      platform: req.platform,
      httpStatus: status,
      message: `${req.what}: malformed response (${detail})`,
    });
  }
}

/**
 * Counts one call (one attempt: a retried call counts each try) by platform, operation (`what`, a literal in the
 * code, so bounded) and error class (the PlatformError kind, "none" on success).
 */
async function measure<T>(platform: Platform, operation: string, fn: () => Promise<T>): Promise<T> {
  const stop = connectorCallDuration.startTimer({ platform, operation });
  try {
    const out = await fn();
    connectorCalls.inc({ platform, operation, error: "none" });
    return out;
  } catch (e) {
    connectorCalls.inc({ platform, operation, error: e instanceof PlatformError ? e.kind : "unknown" });
    throw e;
  } finally {
    stop();
  }
}
