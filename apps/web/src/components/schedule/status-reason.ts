import type { TFunction } from "i18next";

/**
 * A publication's reason in the reader's language where the server gives a code for it: an occurrence of a series
 * refused by the plan's monthly limit (`billing_limit_reached`); otherwise the server's words.
 */
export function statusReasonText(t: TFunction, p: { statusReason: string | null; errorClass?: string | null; status: string }): string | null {
  if (p.status === "failed" && p.errorClass === "billing_limit_reached") return t("planLimits.seriesLimitRefused");
  return p.statusReason;
}
