import { useTranslation } from "react-i18next";

/** A delivery's status and, when it went wrong, why in words (the HTTP status, or the code's sentence). */
export function DeliveryOutcome({ delivery }: { delivery: { status: "pending" | "delivered" | "failed"; lastStatusCode: number | null; lastError: string | null } }) {
  const { t, i18n } = useTranslation();
  const { status, lastStatusCode, lastError } = delivery;
  const errorKey = `webhooks.errors.${lastError}`;
  // Codes come from the server at run time; an unknown one (a newer server) is shown generically.
  const why = lastError ? (i18n.exists(errorKey) ? (t as unknown as (k: string) => string)(errorKey) : t("webhooks.errors.network")) : null;
  const redirect = lastStatusCode !== null && lastStatusCode >= 300 && lastStatusCode < 400;
  return (
    <span data-testid="delivery-outcome">
      <span className={`hook-status hook-status--${status}`}>{t(`webhooks.status.${status}`)}</span>
      {lastStatusCode !== null && ` ${t("webhooks.httpStatus", { status: lastStatusCode })}`}
      {why && ` · ${why}`}
      {redirect && ` (${t("webhooks.redirectNote")})`}
    </span>
  );
}
