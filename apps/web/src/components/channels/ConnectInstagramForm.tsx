import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { SelectField } from "../Field";
import { AccessTokenField, accessTokenError, ConnectPanel, GraphIdField, useConnectForm, type ConnectFormProps } from "./ConnectPanel";
import { InstagramOAuthButton } from "./InstagramOAuthButton";
import { GRAPH_ID_PATTERN } from "./types";

type Field = "igUserId" | "accessToken" | "variant" | "humanAgent";

/**
 * Instagram: one-click Instagram Login (recommended), or a pasted token (Instagram Login or a Facebook Page token).
 * With `reconnect`, prefilled for that account.
 */
export function ConnectInstagramForm(props: ConnectFormProps) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const humanAgentId = useId();
  const state = useConnectForm(trpc.channels.connectInstagram.mutationOptions(), props, (form) => {
    const igUserId = String(form.get("igUserId") ?? "").trim();
    const accessToken = String(form.get("accessToken") ?? "").trim();
    const variant: "facebook" | "instagram" = form.get("variant") === "facebook" ? "facebook" : "instagram";
    const humanAgent = form.get("humanAgent") === "on";
    const errors: Partial<Record<Field, string>> = {
      igUserId: igUserId && !GRAPH_ID_PATTERN.test(igUserId) ? t("channels.validation.numericId") : undefined,
      accessToken: accessTokenError(accessToken, t),
    };
    return { input: { igUserId: igUserId || undefined, accessToken, variant, humanAgent }, errors };
  });
  const { channel, err } = state;
  const humanAgentError = err("humanAgent");
  return (
    <ConnectPanel
      platform="instagram"
      state={state}
      reconnectingMessage={(ch) =>
        ch.variant === "facebook" ? t("channels.reconnecting", { name: ch.displayName }) : t("channels.reconnectingInstagram", { name: ch.displayName })
      }
      beforeForm={
        <>
          {(!channel || channel.variant !== "facebook") && (
            <div className="oauth-box">
              <div>
                <p className="oauth-box__title">
                  {t("channels.oauth.title")} <span className="badge badge--recommended">{t("channels.oauth.recommended")}</span>
                </p>
                <p className="muted small">{t("channels.oauth.body")}</p>
              </div>
              <InstagramOAuthButton />
            </div>
          )}
          <div className="divider" role="separator">
            <span>{t("channels.instagram.orToken")}</span>
          </div>
        </>
      }
    >
      <div className="connect-grid">
        <SelectField
          label={t("channels.instagram.variant")}
          name="variant"
          defaultValue={channel?.variant === "facebook" ? "facebook" : "instagram"}
          hint={t("channels.instagram.variantHint")}
          error={err("variant")}
        >
          <option value="instagram">{t("channels.instagram.variantInstagram")}</option>
          <option value="facebook">{t("channels.instagram.variantFacebook")}</option>
        </SelectField>
        <GraphIdField
          label={t("channels.instagram.igUserId")}
          name="igUserId"
          defaultValue={channel?.externalId ?? ""}
          hint={t("channels.instagram.igUserIdHint")}
          error={err("igUserId")}
        />
      </div>
      <AccessTokenField platform="instagram" error={err("accessToken")} />
      <div className={`checkbox${humanAgentError ? " checkbox--invalid" : ""}`}>
        <input
          id={humanAgentId}
          type="checkbox"
          name="humanAgent"
          defaultChecked={channel?.humanAgent ?? false}
          aria-describedby={`${humanAgentId}-hint`}
        />
        <div>
          <label htmlFor={humanAgentId} className="checkbox__label">
            {t("channels.instagram.humanAgent")}
          </label>
          <p id={`${humanAgentId}-hint`} className="field__hint">
            {t("channels.instagram.humanAgentHint")}
          </p>
          {humanAgentError && <p className="field__error">{Array.isArray(humanAgentError) ? humanAgentError[0] : humanAgentError}</p>}
        </div>
      </div>
    </ConnectPanel>
  );
}
