import { withBroadcastWords } from "@sillage/wording/broadcast";
import i18n, { type TFunction } from "i18next";
import { renderStoredReason } from "../../lib/errors";

/**
 * A reason publishing stored as a code with parameters, in the reader's language (null for a code unknown here); a
 * broadcast's counts are put in words first ("1 en échec, 2 ignorés": publishing stores the numbers only).
 */
export function publicationReasonText(t: TFunction, code: string | null | undefined, params: Record<string, unknown> | null | undefined, text: string | null = null): string | null {
  const words = code?.startsWith("publication.") ? withBroadcastWords(i18n.language === "en" ? "en" : "fr", params ?? {}) : params;
  return renderStoredReason({ code, params: words, text }, t);
}

/**
 * A publication's reason in the reader's language: an occurrence of a series refused by the plan's monthly limit
 * (`billing_limit_reached`), else the stored reason code with its parameters, else (old rows) the server's words.
 */
export function statusReasonText(
  t: TFunction,
  p: { statusReason: string | null; statusReasonCode?: string | null; statusReasonParams?: Record<string, string | number> | null; errorClass?: string | null; status: string },
): string | null {
  if (p.status === "failed" && p.errorClass === "billing_limit_reached") return t("planLimits.seriesLimitRefused");
  return publicationReasonText(t, p.statusReasonCode, p.statusReasonParams, p.statusReason);
}
