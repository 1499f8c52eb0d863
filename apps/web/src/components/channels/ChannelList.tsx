import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { errorMessageOf, renderStoredReason } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { useWorkspace } from "../../lib/workspace";
import { ConfirmButton } from "../ConfirmButton";
import { FormError } from "../Field";
import { QueryStatus } from "../QueryStatus";
import { channelHandle } from "./channel-handle";
import { Glyph, PlatformIcon } from "./PlatformIcon";
import { platformOf, type Channel, type ChannelHealth } from "./types";
import { WebhookSubscription } from "./WebhookSubscription";

const HEALTH_REFRESH_MS = 60_000;
const EXPIRY_WARNING_DAYS = 7;

/** The workspace's connected accounts with their status, token expiry and API health. */
export function ChannelList({ onReconnect }: { onReconnect: (channel: Channel) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canManage } = useWorkspace();
  const channels = useQuery(trpc.channels.list.queryOptions());
  // Circuit state and usage live in the server's memory: poll them, events cover the rest.
  const health = useQuery(trpc.channels.health.queryOptions(undefined, { refetchInterval: HEALTH_REFRESH_MS }));
  const disconnect = useMutation(
    trpc.channels.disconnect.mutationOptions({
      onSettled() {
        void queryClient.invalidateQueries(trpc.channels.list.queryFilter());
        void queryClient.invalidateQueries(trpc.channels.health.queryFilter());
      },
    }),
  );
  const retryWebhooks = useMutation(
    trpc.channels.retryWebhookSubscription.mutationOptions({
      onSettled() {
        void queryClient.invalidateQueries(trpc.channels.list.queryFilter());
      },
    }),
  );
  const healthById = new Map((health.data ?? []).map((h) => [h.channelId, h]));
  const needingReconnect = (channels.data ?? []).filter((c) => c.status === "needs_reconnect").length;

  return (
    <section className="card" aria-labelledby="channels-list-title">
      <div className="card__header card__header--row">
        <div>
          <h2 id="channels-list-title" className="card__title">
            {t("channels.listTitle")}
            {channels.data && channels.data.length > 0 && <span className="count">{channels.data.length}</span>}
          </h2>
          <p className="card__description">{t("channels.listDescription")}</p>
        </div>
        {needingReconnect > 0 && (
          <span className="badge badge--warning badge--lg">
            <Glyph name="alert" size={14} />
            {t("channels.needsReconnectCount", { count: needingReconnect })}
          </span>
        )}
      </div>
      <QueryStatus query={channels} />
      <FormError message={errorMessageOf(disconnect.error ?? retryWebhooks.error, t)} />
      {channels.data &&
        (channels.data.length === 0 ? (
          <div className="channels-empty" data-testid="channels-empty">
            <div className="channels-empty__icons" aria-hidden="true">
              <PlatformIcon platform="whatsapp" size={36} />
              <PlatformIcon platform="instagram" size={36} />
            </div>
            <p className="channels-empty__title">{t("channels.emptyTitle")}</p>
            <p className="muted small">{canManage ? t("channels.emptyBody") : t("channels.emptyBodyReadOnly")}</p>
          </div>
        ) : (
          <ul className="channel-list" data-testid="channels-list">
            {channels.data.map((channel) => (
              <ChannelItem
                key={channel.id}
                channel={channel}
                health={healthById.get(channel.id)}
                canManage={canManage}
                onReconnect={() => onReconnect(channel)}
                onDisconnect={() => disconnect.mutate({ id: channel.id })}
                disconnecting={disconnect.isPending && disconnect.variables?.id === channel.id}
                onRetryWebhooks={() => retryWebhooks.mutate({ id: channel.id })}
                retryingWebhooks={retryWebhooks.isPending && retryWebhooks.variables?.id === channel.id}
              />
            ))}
          </ul>
        ))}
    </section>
  );
}

function ChannelItem({
  channel,
  health,
  canManage,
  onReconnect,
  onDisconnect,
  disconnecting,
  onRetryWebhooks,
  retryingWebhooks,
}: {
  channel: Channel;
  health: ChannelHealth | undefined;
  canManage: boolean;
  onReconnect: () => void;
  onDisconnect: () => void;
  disconnecting: boolean;
  onRetryWebhooks: () => void;
  retryingWebhooks: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const platform = platformOf(channel);
  const status = health?.status ?? channel.status;
  const needsReconnect = status === "needs_reconnect";
  const circuit = health?.circuit ?? channel.circuit;
  // Worded from its kind in the reader's language; the stored English words only for an error recorded before kinds.
  const errorKind = health ? health.lastErrorKind : channel.lastErrorKind;
  const lastError = renderStoredReason({ code: errorKind ? `platform.${errorKind}` : null, params: { platform }, text: health ? health.lastError : channel.lastError });
  const lastErrorAt = health ? health.lastErrorAt : channel.lastErrorAt;
  const usage = health?.usage ?? null;
  const handle = channelHandle({ platform, username: channel.username });
  const token = tokenState(health ?? channel);

  return (
    <li
      className={`channel${needsReconnect ? " channel--alert" : ""}`}
      data-testid={`channel-${channel.id}`}
      data-platform={platform}
      data-status={status}
    >
      <div className="channel__head">
        <PlatformIcon platform={platform} />
        <div className="channel__identity">
          <p className="channel__name">
            <span>{channel.displayName}</span>
            <StatusBadge status={status} testId={`channel-status-${channel.id}`} />
          </p>
          <p className="channel__sub">
            <span>
              {platform === "whatsapp"
                ? t("channels.platform.whatsapp")
                : channel.variant === "facebook"
                  ? t("channels.platform.instagramFacebook")
                  : t("channels.platform.instagram")}
            </span>
            {handle && <span className="channel__handle">{handle}</span>}
            {channel.humanAgent && <span className="badge badge--muted">{t("channels.humanAgentBadge")}</span>}
          </p>
        </div>
        {canManage && (
          <div className="channel__actions">
            {!needsReconnect && (
              <button type="button" className="btn btn--ghost btn--sm" onClick={onReconnect} data-testid={`reconnect-${channel.id}`}>
                <Glyph name="refresh" size={15} />
                {t("channels.updateToken")}
              </button>
            )}
            <ConfirmButton confirmLabel={t("channels.disconnectConfirm")} onConfirm={onDisconnect} pending={disconnecting} testId={`disconnect-${channel.id}`}>
              {t("channels.disconnect")}
            </ConfirmButton>
          </div>
        )}
      </div>

      {needsReconnect && (
        <div className="channel__alert" role="note">
          <Glyph name="alert" size={20} />
          <div>
            <p className="channel__alert-title">{t("channels.needsReconnectTitle")}</p>
            <p className="channel__alert-body">{canManage ? t("channels.needsReconnectBody") : t("channels.needsReconnectBodyReadOnly")}</p>
          </div>
          {canManage && (
            <button type="button" className="btn btn--warning btn--sm" onClick={onReconnect} data-testid={`reconnect-${channel.id}`}>
              <Glyph name="refresh" size={15} />
              {t("channels.reconnect")}
            </button>
          )}
        </div>
      )}

      <dl className="channel__facts">
        <WebhookSubscription
          channelId={channel.id}
          status={channel.webhookStatus}
          subscribedAt={channel.webhookSubscribedAt}
          error={renderStoredReason({ code: channel.webhookErrorKind ? `platform.${channel.webhookErrorKind}` : null, params: { platform }, text: channel.webhookError })}
          // A channel to reconnect subscribes again with its new token: the reconnect is the action then.
          canRetry={canManage && !needsReconnect}
          retrying={retryingWebhooks}
          onRetry={onRetryWebhooks}
        />
        <div>
          <dt>
            <Glyph name="clock" size={14} />
            {t("channels.token")}
          </dt>
          <dd
            className={`fact fact--${token.state === "soon" ? "warn" : token.state === "expired" ? "bad" : token.state === "unknown" ? "unknown" : "ok"}`}
            data-testid={`channel-expiry-${channel.id}`}
            data-expiry={token.state}
          >
            {token.expiresAt ? (
              <>
                <span>{token.state === "expired" ? t("channels.tokenExpired", { date: format.dateTime(token.expiresAt) }) : t("channels.tokenExpires", { date: format.dateTime(token.expiresAt) })}</span>
                {token.state !== "expired" && <span className="fact__note">{format.relative(token.expiresAt)}</span>}
              </>
            ) : (
              <span title={token.state === "unknown" ? t("channels.tokenExpiryUnknownHint") : undefined}>
                {token.state === "never" ? t("channels.tokenNeverExpires") : t("channels.tokenExpiryUnknown")}
              </span>
            )}
            <span className="fact__note" data-testid={`channel-checked-${channel.id}`}>
              {token.checkedAt ? t("channels.tokenChecked", { date: format.dateTime(token.checkedAt) }) : t("channels.tokenNotChecked")}
            </span>
          </dd>
        </div>
        <div>
          <dt>
            <Glyph name="pulse" size={14} />
            {t("channels.circuit")}
          </dt>
          <dd className={`fact fact--dot fact--${circuit === "closed" ? "ok" : circuit === "half_open" ? "warn" : "bad"}`} data-testid={`channel-circuit-${channel.id}`} data-circuit={circuit}>
            <span className="dot" aria-hidden="true" />
            <span title={t(`channels.circuitHint.${circuit}`)}>{t(`channels.circuitState.${circuit}`)}</span>
          </dd>
        </div>
        <div>
          <dt>
            <Glyph name="gauge" size={14} />
            {t("channels.usage")}
          </dt>
          <dd className={`fact fact--${!usage || usage.maxPercent < 75 ? "ok" : usage.maxPercent < 95 ? "warn" : "bad"}`}>
            {usage ? (
              <span className="usage">
                <span className="usage__bar" aria-hidden="true">
                  <span style={{ width: `${Math.min(100, Math.max(2, usage.maxPercent))}%` }} />
                </span>
                <span>{t("channels.usagePercent", { percent: Math.round(usage.maxPercent) })}</span>
              </span>
            ) : (
              <span className="muted">{t("channels.usageNone")}</span>
            )}
          </dd>
        </div>
        <div className={lastError ? "channel__fact--wide" : undefined}>
          <dt>
            <Glyph name="alert" size={14} />
            {t("channels.lastError")}
          </dt>
          <dd className={lastError ? "fact fact--bad" : "fact"} data-testid={`channel-error-${channel.id}`}>
            {lastError ? (
              <>
                <span className="fact__error">{lastError}</span>
                {lastErrorAt && <span className="fact__note">{format.dateTime(lastErrorAt)}</span>}
              </>
            ) : (
              <span className="muted">{t("channels.lastErrorNone")}</span>
            )}
          </dd>
        </div>
      </dl>
      <p className="channel__footer muted small">{t("channels.connectedOn", { date: format.date(channel.createdAt) })}</p>
    </li>
  );
}

type TokenFacts = Pick<ChannelHealth, "tokenExpiresAt" | "tokenCheckedAt"> & { tokenExpiry: string };

/**
 * What the platform said of the token: a date ("soon" under a week, "expired" once past), "never", or "unknown" —
 * no expiry is ever assumed.
 */
function tokenState(facts: TokenFacts) {
  const expiresAt = facts.tokenExpiry === "known" ? facts.tokenExpiresAt : null;
  const daysLeft = expiresAt ? (new Date(expiresAt).getTime() - Date.now()) / 86_400_000 : null;
  const state =
    daysLeft === null ? (facts.tokenExpiry === "never" ? "never" : "unknown") : daysLeft <= 0 ? "expired" : daysLeft < EXPIRY_WARNING_DAYS ? "soon" : "ok";
  return { state, expiresAt, checkedAt: facts.tokenCheckedAt };
}

function StatusBadge({ status, testId }: { status: string; testId: string }) {
  const { t } = useTranslation();
  const known = status === "active" || status === "needs_reconnect";
  return (
    <span className={`badge badge--status-${known ? status : "other"}`} data-testid={testId} data-status={status}>
      {status === "needs_reconnect" && <Glyph name="alert" size={13} />}
      {status === "active" ? t("channels.status.active") : status === "needs_reconnect" ? t("channels.status.needs_reconnect") : status}
    </span>
  );
}
