// Sentry for the server and the worker, when SENTRY_DSN is set: unhandled errors, 5xx tRPC errors and job failures
// (through @sillage/observability's `reportError`), tagged with release and environment. Everything is scrubbed
// before it leaves: message texts, tokens, e-mail addresses and phone numbers. The transport is bounded: when the
// endpoint is slow or down, reports beyond a few in flight are dropped and counted
// (`sillage_sentry_events_dropped_total`), so a failing Sentry never slows a request or a job.
import * as Sentry from "@sentry/node";
import type { ErrorEvent } from "@sentry/node";
import { reportError, sentryDropped, setErrorReporter } from "@sillage/observability";
import { Hono } from "hono";
import { limitBody } from "./http/body-limit";
import type { AppEnv } from "./http/request-context";

export interface SentryOptions {
  dsn: string;
  release?: string;
  environment?: string;
  /** Reports in flight before new ones are dropped (default 20). */
  maxInFlight?: number;
  /** A report not answered within this is abandoned and counted as dropped (default 5 s). */
  sendTimeoutMs?: number;
}

const REDACTED = "[redacted]";
/** Keys whose values are people's words or credentials wherever they appear (request bodies, extras, contexts). */
const SECRET_OR_TEXT_KEY =
  /^(text|body|caption|message_text|messages?|content|reply|comment|note|draft|token|access_?token|refresh_?token|password|secret|app_?secret|authorization|cookie|set-cookie|email|phone|phone_?number|to|from|wa_id|input|data|raw|payload)$/i;
const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;
// International or national phone numbers: 8+ digits with the usual separators.
const PHONE = /\+?\d[\d\s().-]{6,}\d/g;
// Bearer values, Meta tokens (EAA…, IG…), and any long opaque run of token characters.
const TOKEN = /\b(Bearer\s+)?(EAA[A-Za-z0-9]{10,}|IG[A-Za-z0-9]{20,}|[A-Za-z0-9_\-.~+/]{32,}={0,2})/g;

/** Scrubs one string: e-mails, phones and tokens become "[redacted]". */
export function scrubText(value: string): string {
  return value.replace(EMAIL, REDACTED).replace(TOKEN, REDACTED).replace(PHONE, REDACTED);
}

function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") return scrubText(value);
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_OR_TEXT_KEY.test(k) && v !== null && v !== undefined ? REDACTED : scrubValue(v, depth + 1);
  return out;
}

/** beforeSend: the event as it may leave the process. */
export function scrubEvent<E extends ErrorEvent>(event: E): E {
  if (event.message) event.message = scrubText(event.message);
  for (const ex of event.exception?.values ?? []) {
    if (ex.value) ex.value = scrubText(ex.value);
    for (const frame of ex.stacktrace?.frames ?? []) {
      // Local variables and source lines around a frame can hold anything.
      delete frame.vars;
      if (frame.context_line) frame.context_line = scrubText(frame.context_line);
      if (frame.pre_context) frame.pre_context = frame.pre_context.map(scrubText);
      if (frame.post_context) frame.post_context = frame.post_context.map(scrubText);
    }
  }
  if (event.request) {
    delete event.request.data;
    delete event.request.cookies;
    delete event.request.query_string;
    if (event.request.headers) {
      const kept: Record<string, string> = {};
      for (const [k, v] of Object.entries(event.request.headers)) kept[k] = /authorization|cookie|token|signature/i.test(k) ? REDACTED : scrubText(v);
      event.request.headers = kept;
    }
    if (event.request.url) event.request.url = scrubText(event.request.url.split("?")[0]!);
  }
  if (event.extra) event.extra = scrubValue(event.extra, 0) as E["extra"];
  if (event.contexts) event.contexts = scrubValue(event.contexts, 0) as E["contexts"];
  if (event.breadcrumbs) {
    event.breadcrumbs = event.breadcrumbs.map((b) => ({ ...b, message: b.message ? scrubText(b.message) : b.message, data: b.data ? (scrubValue(b.data, 0) as typeof b.data) : b.data }));
  }
  delete event.user;
  return event;
}

/** A transport that keeps at most `max` reports in flight and drops (counting) the rest. */
export function boundedTransport(max: number, timeoutMs: number) {
  type Options = Parameters<typeof Sentry.makeNodeTransport>[0];
  type Transport = ReturnType<typeof Sentry.makeNodeTransport>;
  type Response = Awaited<ReturnType<Transport["send"]>>;
  return (options: Options): Transport => {
    const inner = Sentry.makeNodeTransport(options);
    let inFlight = 0;
    return {
      send(envelope): PromiseLike<Response> {
        if (inFlight >= max) {
          sentryDropped.inc({ reason: "queue_full" });
          return Promise.resolve({});
        }
        inFlight++;
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), timeoutMs);
          timer.unref();
        });
        const sent = Promise.resolve(inner.send(envelope)).then(
          (res) => {
            if (res.statusCode !== undefined && res.statusCode >= 400) sentryDropped.inc({ reason: "rejected" });
            return res;
          },
          () => {
            sentryDropped.inc({ reason: "send_failed" });
            return {} as Response;
          },
        );
        return Promise.race([sent, timeout]).then((r) => {
          clearTimeout(timer);
          if (r === "timeout") {
            sentryDropped.inc({ reason: "timeout" });
            // The request may still be open: its slot is freed when it settles, so a hanging endpoint fills the queue.
            void sent.finally(() => inFlight--);
            return {};
          }
          inFlight--;
          return r;
        });
      },
      flush: (timeout) => inner.flush(timeout),
    };
  };
}

export interface SentryHandle {
  close(timeoutMs?: number): Promise<void>;
}

/** Starts Sentry for this process; `reportError` sends through it until `close`. */
export function initSentry(opts: SentryOptions): SentryHandle {
  Sentry.init({
    dsn: opts.dsn,
    release: opts.release,
    environment: opts.environment,
    // Errors only: no tracing, no OpenTelemetry auto-instrumentation, no request bodies.
    enableOpenTelemetrySetup: false,
    defaultIntegrations: false,
    integrations: [
      Sentry.onUncaughtExceptionIntegration(),
      // "strict" keeps Node's own behaviour (exit) after reporting.
      Sentry.onUnhandledRejectionIntegration({ mode: "strict" }),
      Sentry.linkedErrorsIntegration(),
      Sentry.dedupeIntegration(),
    ],
    transport: boundedTransport(opts.maxInFlight ?? 20, opts.sendTimeoutMs ?? 5_000),
    beforeSend: (event) => scrubEvent(event),
    beforeBreadcrumb: () => null,
  });
  setErrorReporter((err, context) => {
    Sentry.withScope((scope) => {
      for (const [k, v] of Object.entries(context.tags ?? {})) if (v !== undefined) scope.setTag(k, String(v));
      if (context.extra) scope.setExtras(context.extra);
      Sentry.captureException(err);
    });
  });
  return {
    async close(timeoutMs = 2_000) {
      setErrorReporter(null);
      await Sentry.close(timeoutMs);
    },
  };
}

/** Release and environment tags from the configuration. */
export function sentryTags(env: { SENTRY_RELEASE?: string; SENTRY_ENVIRONMENT?: string; NODE_ENV?: string }, version: string) {
  return { release: env.SENTRY_RELEASE ?? `sillage@${version}`, environment: env.SENTRY_ENVIRONMENT ?? env.NODE_ENV ?? "development" };
}

const TUNNEL_MAX_BYTES = 256 * 1024;

/**
 * POST /sentry/tunnel: the SPA's reports (same origin, so the strict CSP holds). Each event item is scrubbed by
 * `beforeSend` and goes out through this process's bounded transport, tagged `origin: web`; the browser's DSN is
 * ignored (the server's own is used). 404 when Sentry is off, 202 otherwise, whatever the envelope holds.
 */
export function sentryTunnelRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/sentry/tunnel", limitBody(TUNNEL_MAX_BYTES), async (c) => {
    if (!Sentry.isInitialized()) return c.json({ error: "not_found" }, 404);
    const lines = (await c.req.text()).split("\n");
    for (let i = 1; i + 1 < lines.length; i += 2) {
      try {
        const header = JSON.parse(lines[i]!) as { type?: string };
        if (header.type !== "event") continue;
        const event = JSON.parse(lines[i + 1]!) as Sentry.Event;
        if (!event || typeof event !== "object" || Array.isArray(event)) continue;
        event.tags = { ...(typeof event.tags === "object" ? event.tags : {}), origin: "web" };
        Sentry.captureEvent(event);
      } catch {
        // A malformed item is skipped: the tunnel is not a place to report errors about errors.
      }
    }
    return c.body(null, 202);
  });
  return app;
}

export { reportError };
