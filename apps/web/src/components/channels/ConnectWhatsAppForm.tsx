import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { FormError, TextField } from "../Field";
import { connectErrorOf, focusForReconnect } from "./errors";
import { Glyph, PlatformIcon } from "./PlatformIcon";
import { ACCESS_TOKEN_MAX, ACCESS_TOKEN_MIN, GRAPH_ID_PATTERN, type ReconnectTarget } from "./types";

type Field = "phoneNumberId" | "wabaId" | "accessToken" | "displayName";

/** Manual connection of a WhatsApp Cloud API number; with `reconnect`, prefilled to paste a new token for it. */
export function ConnectWhatsAppForm({
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
  const [localErrors, setLocalErrors] = useState<Partial<Record<Field, string>>>({});
  const [done, setDone] = useState<"connected" | "reconnected" | null>(null);
  const connect = useMutation(
    trpc.channels.connectWhatsApp.mutationOptions({
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
    const value = (name: Field) => String(form.get(name) ?? "").trim();
    const input = { phoneNumberId: value("phoneNumberId"), wabaId: value("wabaId"), accessToken: value("accessToken"), displayName: value("displayName") };
    const errors: Partial<Record<Field, string>> = {};
    if (!GRAPH_ID_PATTERN.test(input.phoneNumberId)) errors.phoneNumberId = input.phoneNumberId ? t("channels.validation.numericId") : t("validation.required");
    if (!GRAPH_ID_PATTERN.test(input.wabaId)) errors.wabaId = input.wabaId ? t("channels.validation.numericId") : t("validation.required");
    if (input.accessToken.length < ACCESS_TOKEN_MIN) errors.accessToken = input.accessToken ? t("channels.validation.token", { count: ACCESS_TOKEN_MIN }) : t("validation.required");
    setLocalErrors(errors);
    setDone(null);
    if (Object.keys(errors).length > 0) return;
    connect.mutate(
      { ...input, displayName: input.displayName || undefined },
      {
        onSuccess() {
          formEl.reset();
        },
      },
    );
  }

  const fieldErrors = fieldErrorsOf(connect.error);
  const err = (name: Field) => localErrors[name] ?? fieldErrors[name];
  return (
    <div ref={panelRef} className={`connect-panel${reconnect ? " connect-panel--reconnect" : ""}`} id="connect-whatsapp">
      <div className="connect-panel__header">
        <PlatformIcon platform="whatsapp" size={36} />
        <div>
          <h3 className="subheading">{t("channels.whatsapp.title")}</h3>
          <p className="muted small">{t("channels.whatsapp.description")}</p>
        </div>
      </div>
      {channel && (
        <div className="alert alert--warning connect-panel__reconnect" role="status">
          <span>{t("channels.reconnecting", { name: channel.displayName })}</span>
          <button type="button" className="link-button" onClick={onCancelReconnect}>
            {t("common.cancel")}
          </button>
        </div>
      )}
      <form key={reconnect?.nonce ?? "new"} className="form" onSubmit={submit} noValidate data-testid="connect-whatsapp-form">
        <FormError message={connectErrorOf(connect.error, t)} />
        <div className="connect-grid">
          <TextField
            label={t("channels.whatsapp.phoneNumberId")}
            name="phoneNumberId"
            inputMode="numeric"
            autoComplete="off"
            className="input--mono"
            defaultValue={channel?.externalId ?? ""}
            readOnly={Boolean(channel)}
            hint={t("channels.whatsapp.phoneNumberIdHint")}
            error={err("phoneNumberId")}
          />
          <TextField
            label={t("channels.whatsapp.wabaId")}
            name="wabaId"
            inputMode="numeric"
            autoComplete="off"
            className="input--mono"
            defaultValue={channel?.wabaId ?? ""}
            hint={t("channels.whatsapp.wabaIdHint")}
            error={err("wabaId")}
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
          hint={t("channels.whatsapp.accessTokenHint")}
          error={err("accessToken")}
        />
        <TextField
          label={t("channels.whatsapp.displayName")}
          name="displayName"
          maxLength={80}
          autoComplete="off"
          defaultValue={channel?.displayName ?? ""}
          placeholder={t("channels.whatsapp.displayNamePlaceholder")}
          hint={t("channels.whatsapp.displayNameHint")}
          error={err("displayName")}
        />
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={connect.isPending} data-testid="connect-whatsapp-submit">
            {connect.isPending ? t("channels.checking") : channel ? t("channels.reconnect") : t("channels.whatsapp.submit")}
          </button>
          <span className="form__status" role="status">
            {done && (
              <span className="saved" data-testid="connect-whatsapp-done">
                {done === "reconnected" ? t("channels.whatsapp.reconnected") : t("channels.whatsapp.connected")}
              </span>
            )}
          </span>
        </div>
      </form>
      <p className="connect-panel__help muted small">
        <Glyph name="link" size={14} />
        {t("channels.whatsapp.help")}
      </p>
    </div>
  );
}
