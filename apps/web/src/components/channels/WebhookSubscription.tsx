import { useTranslation } from "react-i18next";
import { useFormatters } from "../../lib/format";
import { Glyph } from "./PlatformIcon";

export interface WebhookSubscriptionProps {
  channelId: string;
  /** channels.list's webhookStatus: Meta confirmed it, not yet, or refused. */
  status: "active" | "pending" | "error";
  subscribedAt: string | Date | null;
  error: string | null;
  /** Admins may ask again after a refusal (channels.retryWebhookSubscription). */
  canRetry: boolean;
  retrying?: boolean;
  onRetry?: () => void;
}

/**
 * "Message reception" on a channel's card: whether Meta sends the account's webhooks to Sillage. Without it nothing
 * arrives, whatever the token says, so a refusal shows Meta's reason and a retry.
 */
export function WebhookSubscription({ channelId, status, subscribedAt, error, canRetry, retrying, onRetry }: WebhookSubscriptionProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const tone = status === "active" ? "ok" : status === "pending" ? "warn" : "bad";
  const hint =
    status === "active"
      ? t("channels.webhooks.activeHint", { date: subscribedAt ? format.dateTime(subscribedAt) : "" })
      : status === "pending"
        ? t("channels.webhooks.pendingHint")
        : t("channels.webhooks.errorHint");
  return (
    <div className={status === "error" ? "channel__fact--wide" : undefined}>
      <dt>
        <Glyph name="link" size={14} />
        {t("channels.webhooks.label")}
      </dt>
      <dd className={`fact fact--dot fact--${tone}`} data-testid={`channel-webhooks-${channelId}`} data-webhooks={status}>
        <span className="dot" aria-hidden="true" />
        <span title={hint}>{t(`channels.webhooks.${status}`)}</span>
        {status === "error" && error && <span className="fact__error">{error}</span>}
        {status === "error" && <span className="fact__note">{hint}</span>}
        {status === "error" && canRetry && (
          <button type="button" className="btn btn--ghost btn--sm" onClick={onRetry} disabled={retrying} data-testid={`channel-webhooks-retry-${channelId}`}>
            <Glyph name="refresh" size={15} />
            {t("channels.webhooks.retry")}
          </button>
        )}
      </dd>
    </div>
  );
}
