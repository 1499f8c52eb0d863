import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { TextField } from "../Field";
import { AccessTokenField, accessTokenError, ConnectPanel, GraphIdField, useConnectForm, type ConnectFormProps } from "./ConnectPanel";
import { Glyph } from "./PlatformIcon";
import { GRAPH_ID_PATTERN } from "./types";
import { WhatsAppSandboxButton } from "./WhatsAppSandboxButton";

type Field = "phoneNumberId" | "wabaId" | "accessToken" | "displayName";

/** Manual connection of a WhatsApp Cloud API number; with `reconnect`, prefilled to paste a new token for it. */
export function ConnectWhatsAppForm(props: ConnectFormProps) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const state = useConnectForm(trpc.channels.connectWhatsApp.mutationOptions(), props, (form) => {
    const value = (name: Field) => String(form.get(name) ?? "").trim();
    const input = { phoneNumberId: value("phoneNumberId"), wabaId: value("wabaId"), accessToken: value("accessToken"), displayName: value("displayName") };
    const graphIdError = (id: string) => (GRAPH_ID_PATTERN.test(id) ? undefined : id ? t("channels.validation.numericId") : t("validation.required"));
    const errors: Partial<Record<Field, string>> = {
      phoneNumberId: graphIdError(input.phoneNumberId),
      wabaId: graphIdError(input.wabaId),
      accessToken: accessTokenError(input.accessToken, t),
    };
    return { input: { ...input, displayName: input.displayName || undefined }, errors };
  });
  const { channel, err } = state;
  return (
    <ConnectPanel
      platform="whatsapp"
      state={state}
      reconnectingMessage={(ch) => t("channels.reconnecting", { name: ch.displayName })}
      beforeForm={channel ? undefined : <WhatsAppSandboxButton onConnected={props.onConnected} />}
      afterForm={
        <p className="connect-panel__help muted small">
          <Glyph name="link" size={14} />
          {t("channels.whatsapp.help")}
        </p>
      }
    >
      <div className="connect-grid">
        <GraphIdField
          label={t("channels.whatsapp.phoneNumberId")}
          name="phoneNumberId"
          defaultValue={channel?.externalId ?? ""}
          readOnly={Boolean(channel)}
          hint={t("channels.whatsapp.phoneNumberIdHint")}
          error={err("phoneNumberId")}
        />
        <GraphIdField
          label={t("channels.whatsapp.wabaId")}
          name="wabaId"
          defaultValue={channel?.wabaId ?? ""}
          hint={t("channels.whatsapp.wabaIdHint")}
          error={err("wabaId")}
        />
      </div>
      <AccessTokenField platform="whatsapp" error={err("accessToken")} />
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
    </ConnectPanel>
  );
}
