import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { renderServerError } from "../../lib/errors";
import { Glyph } from "./PlatformIcon";
import type { Channel } from "./types";

/**
 * Why Instagram Login failed, from the callback's `?error=<code>` (apps/server/src/http/oauth.ts), in the reader's
 * language. Only codes are worded: any other text in the URL (a crafted link's "call this number…") gets the generic
 * sentence, never shown as the app's own words.
 */
export function oauthRefusalText(code: string, t: TFunction): string {
  return renderServerError({ code, params: { platform: "instagram", role: "admin" } }, t) ?? t("channels.notice.errorGeneric");
}

/** The outcome of Instagram Login, from the callback's redirect (`?connected=<id>` or `?error=<code>`). */
export function OAuthNotice({
  connected,
  error,
  channels,
  onDismiss,
}: {
  connected?: string;
  error?: string;
  channels: Channel[] | undefined;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  if (!connected && !error) return null;
  const channel = connected ? channels?.find((c) => c.id === connected) : undefined;
  const name = channel ? (channel.username ? `@${channel.username}` : channel.displayName) : null;
  const ok = Boolean(connected) && !error;
  return (
    <div className={`notice notice--${ok ? "success" : "error"}`} role={ok ? "status" : "alert"} data-testid="channels-notice" data-outcome={ok ? "connected" : "error"}>
      <span className="notice__icon">
        <Glyph name={ok ? "check" : "alert"} size={18} />
      </span>
      <div className="notice__text">
        <p className="notice__title">{ok ? t("channels.notice.connectedTitle") : t("channels.notice.errorTitle")}</p>
        <p>{ok ? (name ? t("channels.notice.connected", { name }) : t("channels.notice.connectedGeneric")) : t("channels.notice.error", { message: oauthRefusalText(error ?? "", t) })}</p>
      </div>
      <button type="button" className="btn btn--icon btn--ghost notice__close" onClick={onDismiss} aria-label={t("channels.notice.dismiss")} title={t("channels.notice.dismiss")}>
        <Glyph name="close" size={16} />
      </button>
    </div>
  );
}
