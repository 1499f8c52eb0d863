// Classification of Meta Graph errors into a small set of kinds the rest of Sillage acts on.
// Facts come from Meta's error-handling guide and the WhatsApp/Instagram error tables (copied here on purpose:
// nothing reads the contract document at run time). Classification uses `code`, `error_subcode` and
// `is_transient` only: Meta's HTTP statuses are inconsistent (400 for most things, sometimes 401/403/429/500).

import type { Platform } from "./types";

export type ErrorKind =
  | "retryable" // transient platform trouble; the same request may succeed later
  | "rate_limited" // throttled; wait `retryAfterMs` (or a backoff) before trying again
  | "auth_expired" // token expired/revoked: the channel needs reconnecting
  | "permission" // the token lacks a permission or role
  | "invalid_input" // our request is wrong (parameter, unknown object, template mismatch…)
  | "invalid_media" // the media itself is unacceptable (size, format, aspect ratio, codec)
  | "policy" // blocked by Meta's policies (spam, restricted user, quality)
  | "quota" // a daily quota is used up (IG publishing limit)
  | "window_closed" // outside the messaging window
  | "duplicate" // Meta refused a duplicate (post, private reply)
  | "undeliverable" // the recipient cannot receive the message
  | "not_found" // the object does not exist (any more)
  | "unsupported" // this platform has no such feature
  | "malformed" // the platform's answer was not what the contract says
  | "timeout" // no answer in time (the request may or may not have been applied)
  | "network" // connection failed or was cut (the request may or may not have been applied)
  | "circuit_open" // our breaker stops calls to a failing channel for a while
  | "unknown";

/** Kinds a caller may retry (after `retryAfterMs` when set). */
const RETRYABLE_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  "retryable",
  "rate_limited",
  "quota", // only after the quota window rolls (retryAfterMs)
  "timeout",
  "network",
  "malformed",
  "circuit_open",
]);

/** Kinds that count as "the platform is unhealthy" for the circuit breaker (never permanent errors). */
export const BREAKER_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(["retryable", "timeout", "network", "malformed"]);

export interface PlatformErrorInit {
  kind: ErrorKind;
  message: string;
  userMessage?: string;
  platform?: Platform;
  code?: number;
  subcode?: number;
  fbtraceId?: string;
  httpStatus?: number;
  retryAfterMs?: number;
  retryable?: boolean;
  /** Saved publish progress reached before the failure: persist it, then retry from it. */
  progress?: unknown;
  cause?: unknown;
}

export class PlatformError extends Error {
  override readonly name = "PlatformError";
  readonly kind: ErrorKind;
  readonly platform: Platform | undefined;
  readonly code: number | undefined;
  readonly subcode: number | undefined;
  readonly fbtraceId: string | undefined;
  readonly httpStatus: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly retryable: boolean;
  /** Words a person can act on (shown in the UI). */
  readonly userMessage: string;
  progress: unknown;

  constructor(init: PlatformErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.platform = init.platform;
    this.code = init.code;
    this.subcode = init.subcode;
    this.fbtraceId = init.fbtraceId;
    this.httpStatus = init.httpStatus;
    this.retryAfterMs = init.retryAfterMs;
    this.retryable = init.retryable ?? RETRYABLE_KINDS.has(init.kind);
    this.userMessage = init.userMessage ?? defaultUserMessage(init.kind, init.platform);
    this.progress = init.progress;
  }

  /** The same refusal with some of its facts changed (words, retry, where the retry starts); this error is its cause. */
  with(changes: Partial<PlatformErrorInit>): PlatformError {
    const { kind, platform, code, subcode, fbtraceId, httpStatus, retryAfterMs, retryable, message, userMessage, progress } = this;
    return new PlatformError({ kind, platform, code, subcode, fbtraceId, httpStatus, retryAfterMs, retryable, message, userMessage, progress, cause: this, ...changes });
  }

  /** JSON-friendly view (for job payloads and logs). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      userMessage: this.userMessage,
      platform: this.platform,
      code: this.code,
      subcode: this.subcode,
      fbtraceId: this.fbtraceId,
      retryAfterMs: this.retryAfterMs,
      retryable: this.retryable,
    };
  }
}

/**
 * Instagram's (#230) "User consent is required to access user profile": the person has not messaged the account yet
 * (a comment is not consent). Not a fault: store it as "not allowed yet" and ask again after their first DM.
 */
export class ProfileConsentRequiredError extends PlatformError {
  readonly reason = "consent_required" as const;
  constructor(
    readonly igsid: string,
    cause: PlatformError,
  ) {
    super({
      kind: "permission",
      retryable: false,
      platform: "instagram",
      code: cause.code,
      subcode: cause.subcode,
      fbtraceId: cause.fbtraceId,
      httpStatus: cause.httpStatus,
      message: `Instagram profile of ${igsid}: consent required (the person has not messaged the account)`,
      userMessage: "Instagram shares a customer's name and picture only after they send a message.",
      cause,
    });
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason, igsid: this.igsid };
  }
}

/** Meta's code for a profile read without the person's consent. */
export const PROFILE_CONSENT_CODE = 230;

export function isPlatformError(e: unknown): e is PlatformError {
  return e instanceof PlatformError;
}

/** The `error` object of a Graph error body (all fields optional: Meta is not consistent). */
export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  is_transient?: boolean;
  fbtrace_id?: string;
  error_data?: unknown;
}

export interface Classification {
  kind: ErrorKind;
  retryable: boolean;
  userMessage: string;
}

function accountName(platform: Platform | undefined): string {
  if (platform === "instagram") return "Instagram account";
  if (platform === "whatsapp") return "WhatsApp number";
  return "account";
}

export function defaultUserMessage(kind: ErrorKind, platform?: Platform): string {
  const acct = accountName(platform);
  switch (kind) {
    case "retryable":
      return "The platform had a temporary problem. Sillage will try again.";
    case "rate_limited":
      return "Too many requests to the platform right now. Sillage will slow down and try again.";
    case "auth_expired":
      return `Reconnect the ${acct}: its access has expired or was revoked.`;
    case "permission":
      return `The ${acct} is missing a permission. Reconnect it and grant every requested permission.`;
    case "invalid_input":
      return "The platform rejected the request. Check the content and try again.";
    case "invalid_media":
      return "The platform rejected the media file. Check its size and format.";
    case "policy":
      return "The platform blocked this action under its policies. Try again later or change the content.";
    case "quota":
      return "The daily publishing limit is reached. The post will go out when the limit resets.";
    case "window_closed":
      return platform === "whatsapp"
        ? "More than 24 hours since the customer's last message: send an approved template."
        : "More than 24 hours since the customer's last message: Instagram does not allow a reply now.";
    case "duplicate":
      return "The platform refused a duplicate.";
    case "undeliverable":
      return "The message cannot be delivered to this recipient.";
    case "not_found":
      return "The item no longer exists on the platform.";
    case "unsupported":
      return "This platform does not support that action.";
    case "malformed":
      return "The platform sent an unexpected answer. Sillage will try again.";
    case "timeout":
      return "The platform did not answer in time. Sillage will check and try again.";
    case "network":
      return "Could not reach the platform. Sillage will check and try again.";
    case "circuit_open":
      return "The platform is failing repeatedly for this channel; calls are paused for a moment.";
    case "unknown":
      return "The platform returned an unexpected error.";
  }
}

// Codes Meta documents as throttling ("retry after waiting"). WhatsApp's table lists 80007 (the WhatsApp Business
// Account's hourly call limit) with 4, 130429 and 131056.
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 341, 80001, 80002, 80003, 80004, 80005, 80006, 80007, 80008, 80014, 130429, 131056]);
// Token problems: 190 with subcodes 458 (app removed), 460 (password changed), 463 (expired), 467 (invalid); 102 session.
const AUTH_CODES = new Set([190, 102, 104]);
const AUTH_SUBCODES = new Set([458, 459, 460, 463, 464, 467, 492]);

/** Instagram publishing subcodes (2207xxx) and other subcodes that decide the kind on their own. */
const SUBCODES: Record<number, { kind: ErrorKind; user?: string; retryable?: boolean }> = {
  2207027: { kind: "retryable", user: "Instagram is still processing the media. Sillage will try again shortly." },
  2207042: { kind: "quota", user: "Instagram's daily limit of API-published posts is reached. The post will go out when it resets." },
  2207052: { kind: "retryable", user: "Instagram could not fetch the media. Sillage will try again." },
  2207003: { kind: "retryable", user: "Instagram timed out downloading the media. Sillage will try again." },
  2207082: { kind: "retryable", user: "Instagram could not upload the media. Sillage will try again." },
  2207010: { kind: "invalid_input", user: "Caption longer than 2,200 characters (or more than 30 hashtags / 20 mentions)." },
  2207004: { kind: "invalid_media", user: "Image too large for Instagram (maximum 8 MB)." },
  2207005: { kind: "invalid_media", user: "Unsupported media format: Instagram accepts JPEG images and MP4/MOV videos." },
  2207026: { kind: "invalid_media", user: "Unsupported video: check codec, length and size." },
  2207009: { kind: "invalid_media", user: "Aspect ratio not accepted by Instagram (feed images 4:5 to 1.91:1)." },
  36003: { kind: "invalid_media", user: "Aspect ratio not accepted by Instagram (feed images 4:5 to 1.91:1)." },
  2207006: { kind: "not_found", user: "Instagram could not find the media (it may have expired). Upload it again." },
  // Meta's Instagram error-code table: 2207001 is "Instagram server error. Try again." (code -1), not spam; spam is
  // 2207051 (code 4, "We restrict certain activity to protect our community"), which must not read as throttling.
  2207001: { kind: "retryable", user: "Instagram had a server error. Sillage will try again." },
  2207051: { kind: "policy", user: "Instagram restricted this publishing action as suspected spam. Check the account in the Instagram app before posting again." },
  // "Generate a new container and try again" (media expired, container creation or upload failed): transient.
  2207020: { kind: "retryable", user: "The media Instagram fetched has expired. Sillage will prepare the post again." },
  2207032: { kind: "retryable", user: "Instagram could not create the media container. Sillage will try again." },
  2207053: { kind: "retryable", user: "Instagram had an unknown error uploading the video. Sillage will prepare the post again." },
  2207057: { kind: "invalid_input", user: "The reel's thumbnail offset is outside the video's length." },
  2207050: { kind: "policy", user: "The Instagram account is restricted. Check it in the Instagram app." },
  2534022: {
    kind: "window_closed",
    user: "More than 24 hours since the customer's last message: Instagram does not allow a reply now.",
  },
  2207008: {
    kind: "invalid_input",
    user: "The prepared Instagram post expired before publishing (24 h). Publish it again.",
  },
  2018001: { kind: "window_closed", user: "The customer has not messaged this account: Instagram allows replies only after they write." },
  2018065: { kind: "permission", user: "The Instagram app lacks the Human Agent permission: reply within 24 hours." },
  2534025: { kind: "duplicate", user: "This comment already received a private reply (Instagram allows one)." },
};

const WHATSAPP_CODES: Record<number, { kind: ErrorKind; user?: string }> = {
  131047: { kind: "window_closed", user: "More than 24 hours since the customer's last message: send an approved template." },
  131026: { kind: "undeliverable", user: "The message cannot be delivered to this number (not on WhatsApp, or old app version)." },
  131049: { kind: "policy", user: "WhatsApp did not deliver this marketing message to keep a healthy ecosystem. Do not resend soon." },
  131048: { kind: "policy", user: "WhatsApp limited this number for spam. Slow down and review message quality." },
  131050: { kind: "undeliverable", user: "The customer stopped marketing messages from this business." },
  131051: { kind: "invalid_input", user: "Message type not supported by WhatsApp." },
  132000: { kind: "invalid_input", user: "Template parameters do not match the approved template." },
  132001: { kind: "invalid_input", user: "The template does not exist in this language or is not approved." },
  132005: { kind: "invalid_input", user: "Template text too long after filling in the parameters." },
  132007: { kind: "policy", user: "The template breaks WhatsApp's policy." },
  132012: { kind: "invalid_input", user: "A template parameter has the wrong format (text, currency, date or media) for the approved template." },
  132015: { kind: "invalid_input", user: "WhatsApp paused this template for low quality. Edit it or choose another template." },
  132016: { kind: "invalid_input", user: "WhatsApp disabled this template for low quality. Choose another template." },
  131052: { kind: "retryable", user: "WhatsApp could not download the customer's media. Ask them to send it again." },
  131053: { kind: "invalid_media", user: "WhatsApp could not upload the media (unsupported or too large)." },
  131000: { kind: "retryable" },
  131016: { kind: "retryable", user: "WhatsApp is temporarily unavailable. Sillage will try again." },
  131009: { kind: "invalid_input" },
  131008: { kind: "invalid_input" },
  131021: { kind: "invalid_input", user: "The recipient is this business's own number." },
  131031: { kind: "permission", user: "The WhatsApp Business account is locked or restricted. Check WhatsApp Manager." },
  131042: { kind: "permission", user: "A WhatsApp payment issue blocks sending. Check the payment method in WhatsApp Manager." },
  133010: { kind: "permission", user: "The WhatsApp number is not registered with the Cloud API." },
};

/** Pure classification of a Graph error body. */
export function classifyGraphError(err: GraphErrorBody, platform?: Platform): Classification {
  const code = err.code;
  const sub = err.error_subcode;

  const bySub = sub !== undefined ? SUBCODES[sub] : undefined;
  if (bySub) return finish(bySub.kind, platform, bySub.user, bySub.retryable);
  if (sub !== undefined && code === 190) return finish("auth_expired", platform);
  if (sub !== undefined && AUTH_SUBCODES.has(sub)) return finish("auth_expired", platform);

  if (code !== undefined) {
    if (code === 1 || code === 2) return finish("retryable", platform);
    if (code === 9007) return finish("retryable", platform, SUBCODES[2207027]?.user);
    if (RATE_LIMIT_CODES.has(code)) return finish("rate_limited", platform);
    if (AUTH_CODES.has(code)) return finish("auth_expired", platform);
    if (code === 10 || (code >= 200 && code <= 299)) return finish("permission", platform);
    if (code === 100) {
      // 100/33: "object does not exist or missing permissions" is the common "not found".
      if (sub === 33) return finish("not_found", platform);
      return finish("invalid_input", platform, err.error_user_msg);
    }
    if (code === 368) return finish("policy", platform, "The account is temporarily blocked for a policy violation. Try again later.");
    if (code === 9) return finish("quota", platform, platform === "instagram" ? SUBCODES[2207042]?.user : undefined);
    if (code === 9004) return finish("invalid_media", platform);
    if (code === 506) return finish("duplicate", platform, "The platform refused a duplicate post.");
    const wa = WHATSAPP_CODES[code];
    if (wa) return finish(wa.kind, platform, wa.user);
  }
  if (err.is_transient === true) return finish("retryable", platform);
  return finish("unknown", platform, err.error_user_msg);
}

function finish(kind: ErrorKind, platform: Platform | undefined, user?: string, retryable?: boolean): Classification {
  return {
    kind,
    retryable: retryable ?? RETRYABLE_KINDS.has(kind),
    userMessage: user ?? defaultUserMessage(kind, platform),
  };
}

export interface GraphErrorContext {
  platform?: Platform;
  httpStatus?: number;
  retryAfterMs?: number;
  fbtraceId?: string;
}

/** Builds the typed error for a Graph error body. */
export function platformErrorFromGraph(err: GraphErrorBody, ctx: GraphErrorContext = {}): PlatformError {
  const c = classifyGraphError(err, ctx.platform);
  return new PlatformError({
    kind: c.kind,
    retryable: c.retryable,
    userMessage: c.userMessage,
    message: `Graph error${err.code !== undefined ? ` (#${err.code}${err.error_subcode !== undefined ? `/${err.error_subcode}` : ""})` : ""}: ${err.message ?? "no message"}`,
    platform: ctx.platform,
    code: err.code,
    subcode: err.error_subcode,
    fbtraceId: err.fbtrace_id ?? ctx.fbtraceId,
    httpStatus: ctx.httpStatus,
    // Rate limits: a waiting time derived from the usage headers, else a conservative minute.
    // Quota (IG: 100 posts per rolling 24 h): check again in an hour.
    retryAfterMs:
      c.kind === "rate_limited" ? (ctx.retryAfterMs ?? 60_000) : c.kind === "quota" ? (ctx.retryAfterMs ?? 3_600_000) : undefined,
  });
}

export function unsupported(platform: Platform, what: string): PlatformError {
  return new PlatformError({
    kind: "unsupported",
    platform,
    message: `${platform} does not support ${what}`,
    userMessage: `${platform === "whatsapp" ? "WhatsApp" : "Instagram"} does not support ${what}.`,
  });
}
