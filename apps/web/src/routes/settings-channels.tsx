import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createLazyRoute, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Card } from "../components/Card";
import { ChannelList } from "../components/channels/ChannelList";
import { ConnectInstagramForm } from "../components/channels/ConnectInstagramForm";
import { ConnectWhatsAppForm } from "../components/channels/ConnectWhatsAppForm";
import { OAuthNotice } from "../components/channels/OAuthNotice";
import { Glyph } from "../components/channels/PlatformIcon";
import { platformOf, type Channel, type ReconnectTarget } from "../components/channels/types";
import { useTRPC } from "../lib/trpc";
import { useWorkspace } from "../lib/workspace";
import "../components/channels/channels.css";
import { SettingsPageTop } from "../components/settings/SettingsPageTop";

/** Settings › Channels: connected WhatsApp / Instagram accounts, their health, and connecting new ones. */
export const Route = createLazyRoute("/app/settings/channels")({ component: ChannelsPage });

function ChannelsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { canManage } = useWorkspace();
  const search = Route.useSearch();
  const channels = useQuery(trpc.channels.list.queryOptions());
  const [reconnect, setReconnect] = useState<ReconnectTarget | null>(null);

  const refresh = () => {
    void queryClient.invalidateQueries(trpc.channels.list.queryFilter());
    void queryClient.invalidateQueries(trpc.channels.health.queryFilter());
  };
  const startReconnect = (channel: Channel) => setReconnect({ channel, nonce: Date.now() });
  const cancelReconnect = () => setReconnect(null);
  const reconnectFor = (platform: "whatsapp" | "instagram") => (reconnect && platformOf(reconnect.channel) === platform ? reconnect : null);

  return (
    <div className="page">
      <SettingsPageTop title={t("channels.title")} description={t("channels.description")} />

      <OAuthNotice
        connected={search.connected}
        error={search.error}
        channels={channels.data}
        onDismiss={() => void navigate({ to: "/settings/channels", search: {}, replace: true })}
      />
      {!canManage && (
        <p className="alert alert--info" data-testid="channels-readonly">
          {t("channels.readOnly")}
        </p>
      )}

      <div className="stack">
        <ChannelList onReconnect={startReconnect} />
        {canManage && (
          <Card titleId="channels-connect-title" id="channels-connect" title={t("channels.connectTitle")} description={t("channels.connectDescription")}>
            <div className="connect-columns">
              <ConnectInstagramForm reconnect={reconnectFor("instagram")} onCancelReconnect={cancelReconnect} onConnected={refresh} />
              <ConnectWhatsAppForm reconnect={reconnectFor("whatsapp")} onCancelReconnect={cancelReconnect} onConnected={refresh} />
            </div>
            <p className="connect-security muted small">
              <Glyph name="plug" size={14} />
              {t("channels.security")}
            </p>
          </Card>
        )}
      </div>
    </div>
  );
}
