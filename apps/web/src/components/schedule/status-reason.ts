import type { TFunction } from "i18next";
import { renderStoredReason } from "../../lib/errors";

/**
 * A publication's reason in the reader's language: an occurrence of a series refused by the plan's monthly limit
 * (`billing_limit_reached`), else the stored reason code with its parameters, else (old rows) the server's words.
 */
export function statusReasonText(
  t: TFunction,
  p: { statusReason: string | null; statusReasonCode?: string | null; statusReasonParams?: Record<string, string | number> | null; errorClass?: string | null; status: string },
): string | null {
  if (p.status === "failed" && p.errorClass === "billing_limit_reached") return t("planLimits.seriesLimitRefused");
  return renderStoredReason({ code: p.statusReasonCode, params: p.statusReasonParams, text: p.statusReason }, t);
}
