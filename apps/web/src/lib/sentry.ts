// Error reports from the browser, loaded only when a DSN was given at build time (VITE_SENTRY_DSN). Reports go to
// the server's `/sentry/tunnel` (same origin: the Content-Security-Policy allows nothing else), which scrubs them
// again and sends them through its own bounded queue.
import * as Sentry from "@sentry/browser";

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;
const PHONE = /\+?\d[\d\s().-]{6,}\d/g;
const TOKEN = /\b(EAA[A-Za-z0-9]{10,}|[A-Za-z0-9_\-.~+/]{32,}={0,2})/g;
const scrub = (s: string) => s.replace(EMAIL, "[redacted]").replace(TOKEN, "[redacted]").replace(PHONE, "[redacted]");

export function startSentry(dsn: string, tags: { release?: string; environment?: string }): void {
  Sentry.init({
    dsn,
    tunnel: "/sentry/tunnel",
    release: tags.release,
    environment: tags.environment,
    // Errors only: no tracing, no replays, no breadcrumbs of what people type or read.
    defaultIntegrations: false,
    integrations: [Sentry.globalHandlersIntegration(), Sentry.linkedErrorsIntegration(), Sentry.dedupeIntegration()],
    beforeBreadcrumb: () => null,
    beforeSend(event) {
      if (event.message) event.message = scrub(event.message);
      for (const ex of event.exception?.values ?? []) if (ex.value) ex.value = scrub(ex.value);
      if (event.request?.url) event.request.url = event.request.url.split("?")[0];
      delete event.user;
      return event;
    },
  });
}
