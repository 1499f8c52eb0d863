import type { TFunction } from "i18next";
import { errorMessageOf, fieldErrorsOf } from "../../lib/errors";
import { isTrpcError } from "../../lib/trpc";

/**
 * The message above a connect form. A platform refusal (BAD_REQUEST / SERVICE_UNAVAILABLE without field errors)
 * carries Meta's own words (the server's `userMessage`), shown as they are after a translated lead.
 */
export function connectErrorOf(err: unknown, t: TFunction): string | null {
  if (!err) return null;
  if (isTrpcError(err)) {
    const hasFieldErrors = Object.values(fieldErrorsOf(err)).some((v) => v && v.length > 0);
    const code = err.data?.code;
    if (!hasFieldErrors && (code === "BAD_REQUEST" || code === "SERVICE_UNAVAILABLE") && err.message) {
      return t("channels.refused", { message: err.message });
    }
  }
  return errorMessageOf(err, t, { CONFLICT: t("channels.taken"), PRECONDITION_FAILED: t("channels.oauth.notConfigured") });
}

/** Brings a connect form into view and puts the cursor in its token field (the Reconnect action). */
export function focusForReconnect(panel: HTMLElement | null): void {
  if (!panel) return;
  const reduced = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
  panel.scrollIntoView({ block: "start", behavior: reduced ? "auto" : "smooth" });
  panel.querySelector<HTMLInputElement>('input[name="accessToken"]')?.focus({ preventScroll: true });
}
