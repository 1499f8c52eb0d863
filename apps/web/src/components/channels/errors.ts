import type { TFunction } from "i18next";
import { errorMessageOf, fieldErrorsOf, renderServerError, serverWordsOr, type CodedIssue } from "../../lib/errors";
import { isTrpcError } from "../../lib/trpc";

/**
 * The message above a connect form, in the reader's language: a platform refusal comes coded (`platform.<kind>`,
 * `account_mismatch`…) and is rendered after a translated lead; Meta's own English words only for a refusal this
 * build has no code for.
 */
export function connectErrorOf(err: unknown, t: TFunction): string | null {
  if (!err) return null;
  if (isTrpcError(err)) {
    const hasFieldErrors = Object.values(fieldErrorsOf(err)).some((v) => v && v.length > 0);
    const code = err.data?.code;
    if (!hasFieldErrors && (code === "BAD_REQUEST" || code === "SERVICE_UNAVAILABLE")) {
      const coded = renderServerError((err.data as { appError?: CodedIssue | null } | undefined)?.appError, t);
      return t("channels.refused", { message: coded ?? serverWordsOr(err.message, t("languageFallback.refused")) });
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
