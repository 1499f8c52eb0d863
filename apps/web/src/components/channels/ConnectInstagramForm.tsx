import { useMutation } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { FormError, SelectField, TextField } from "../Field";
import { connectErrorOf, focusForReconnect } from "./errors";
import { InstagramOAuthButton } from "./InstagramOAuthButton";
import { PlatformIcon } from "./PlatformIcon";
import { ACCESS_TOKEN_MAX, ACCESS_TOKEN_MIN, GRAPH_ID_PATTERN, type ReconnectTarget } from "./types";

type Field = "igUserId" | "accessToken" | "variant" | "humanAgent";

/**
 * Instagram: one-click Instagram Login (recommended), or a pasted token (Instagram Login or a Facebook Page token).
 * With `reconnect`, prefilled for that account.
 */
export function ConnectInstagramForm({
  reconnect,
  onCancelReconnect,
  onConnected,
}: {
  reconnect: ReconnectTarget | null;
  onCancelReconnect: () => void;
  onConnected: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const panelRef = useRef<HTMLDivElement>(null);
  const humanAgentId = useId();
  const [localErrors, setLocalErrors] = useState<Partial<Record<Field, string>>>({});
  const [done, setDone] = useState<"connected" | "reconnected" | null>(null);
  const connect = useMutation(
    trpc.channels.connectInstagram.mutationOptions({
      onSuccess() {
        setDone(reconnect ? "reconnected" : "connected");
        onConnected();
        if (reconnect) onCancelReconnect();
      },
    }),
  );

  // Each Reconnect click: fresh form (prefilled below via the form's key), no stale messages, cursor in the token.
  const { reset } = connect;
  useEffect(() => {
    if (!reconnect) return;
    reset();
    setLocalErrors({});
    setDone(null);
    focusForReconnect(panelRef.current);
  }, [reconnect, reset]);
  const channel = reconnect?.channel ?? null;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const igUserId = String(form.get("igUserId") ?? "").trim();
    const accessToken = String(form.get("accessToken") ?? "").trim();
    const variant = form.get("variant") === "facebook" ? "facebook" : "instagram";
    const humanAgent = form.get("humanAgent") === "on";
    const errors: Partial<Record<Field, string>> = {};
    if (igUserId && !GRAPH_ID_PATTERN.test(igUserId)) errors.igUserId = t("channels.validation.numericId");
    if (accessToken.length < ACCESS_TOKEN_MIN) errors.accessToken = accessToken ? t("channels.validation.token", { count: ACCESS_TOKEN_MIN }) : t("validation.required");
    setLocalErrors(errors);
    setDone(null);
    if (Object.keys(errors).length > 0) return;
    connect.mutate(
      { igUserId: igUserId || undefined, accessToken, variant, humanAgent },
      {
        onSuccess() {
          formEl.reset();
        },
      },
    );
  }

  const fieldErrors = fieldErrorsOf(connect.error);
  const err = (name: Field) => localErrors[name] ?? fieldErrors[name];
  const humanAgentError = err("humanAgent");
  return (
    <div ref={panelRef} className={`connect-panel${reconnect ? " connect-panel--reconnect" : ""}`} id="connect-instagram">
      <div className="connect-panel__header">
        <PlatformIcon platform="instagram" size={36} />
        <div>
          <h3 className="subheading">{t("channels.instagram.title")}</h3>
          <p className="muted small">{t("channels.instagram.description")}</p>
        </div>
      </div>
      {channel && (
        <div className="alert alert--warning connect-panel__reconnect" role="status">
          <span>
            {channel.variant === "facebook"
              ? t("channels.reconnecting", { name: channel.displayName })
              : t("channels.reconnectingInstagram", { name: channel.displayName })}
          </span>
          <button type="button" className="link-button" onClick={onCancelReconnect}>
            {t("common.cancel")}
          </button>
        </div>
      )}
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
      <form key={reconnect?.nonce ?? "new"} className="form" onSubmit={submit} noValidate data-testid="connect-instagram-form">
        <FormError message={connectErrorOf(connect.error, t)} />
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
          <TextField
            label={t("channels.instagram.igUserId")}
            name="igUserId"
            inputMode="numeric"
            autoComplete="off"
            className="input--mono"
            defaultValue={channel?.externalId ?? ""}
            hint={t("channels.instagram.igUserIdHint")}
            error={err("igUserId")}
          />
        </div>
        <TextField
          label={t("channels.accessToken")}
          name="accessToken"
          type="password"
          autoComplete="off"
          spellCheck={false}
          maxLength={ACCESS_TOKEN_MAX}
          className="input--mono"
          hint={t("channels.instagram.accessTokenHint")}
          error={err("accessToken")}
        />
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
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={connect.isPending} data-testid="connect-instagram-submit">
            {connect.isPending ? t("channels.checking") : channel ? t("channels.reconnect") : t("channels.instagram.submit")}
          </button>
          <span className="form__status" role="status">
            {done && (
              <span className="saved" data-testid="connect-instagram-done">
                {done === "reconnected" ? t("channels.instagram.reconnected") : t("channels.instagram.connected")}
              </span>
            )}
          </span>
        </div>
      </form>
    </div>
  );
}
