import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf } from "../../lib/errors";
import { useTRPC, type RouterOutputs } from "../../lib/trpc";
import { useWorkspace } from "../../lib/workspace";
import { Card } from "../Card";
import { collidingHandles } from "../channels/channel-handle";
import { FormError, TextField } from "../Field";
import { LoadingNote } from "../QueryStatus";
import "./notify-settings.css";

type Thresholds = RouterOutputs["notifications"]["thresholds"]["get"];
const MIN = 1;
const MAX = 1440;

/** How long an escalated conversation or comment waits before it notifies: the workspace's default and each channel's. */
export function EscalationThresholds() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const thresholds = useQuery(trpc.notifications.thresholds.get.queryOptions());
  return (
    <Card titleId="notification-thresholds-title" title={t("notifySettings.thresholdsTitle")} description={t("notifySettings.thresholdsDescription")}>
      {thresholds.isPending ? (
        <LoadingNote />
      ) : thresholds.isError ? (
        <FormError message={errorMessageOf(thresholds.error, t)} />
      ) : (
        <ThresholdsForm thresholds={thresholds.data} />
      )}
    </Card>
  );
}

/** A minutes field's text: empty, or a whole number of minutes within bounds. */
function minutesOf(text: string): number | null | "invalid" {
  const v = text.trim();
  if (v === "") return null;
  if (!/^\d+$/.test(v)) return "invalid";
  const n = Number(v);
  return n >= MIN && n <= MAX ? n : "invalid";
}

function ThresholdsForm({ thresholds }: { thresholds: Thresholds }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canManage } = useWorkspace();
  const handleOf = collidingHandles(thresholds.channels, (c) => c.name);
  const [defaultText, setDefaultText] = useState(String(thresholds.defaultMinutes));
  const [channelText, setChannelText] = useState<Record<string, string>>(() =>
    Object.fromEntries(thresholds.channels.map((c) => [c.channelId, c.minutes === null ? "" : String(c.minutes)])),
  );
  const [saved, setSaved] = useState(false);
  const [invalid, setInvalid] = useState<Set<string>>(new Set());
  const save = useMutation(
    trpc.notifications.thresholds.set.mutationOptions({
      onSuccess(data) {
        queryClient.setQueryData(trpc.notifications.thresholds.get.queryKey(), data);
        setSaved(true);
      },
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    const wrong = new Set<string>();
    const defaultMinutes = minutesOf(defaultText);
    if (defaultMinutes === null || defaultMinutes === "invalid") wrong.add("default");
    const channels = thresholds.channels.map((c) => {
      const minutes = minutesOf(channelText[c.channelId] ?? "");
      if (minutes === "invalid") wrong.add(c.channelId);
      return { channelId: c.channelId, minutes: minutes === "invalid" ? null : minutes };
    });
    setInvalid(wrong);
    if (wrong.size > 0 || typeof defaultMinutes !== "number") return;
    save.mutate({ defaultMinutes, channels });
  }
  const rangeError = t("notifySettings.minutesRange", { min: MIN, max: MAX });

  return (
    <form className="form form--wide" onSubmit={submit} noValidate data-testid="notification-thresholds">
      {!canManage && <p className="alert alert--info">{t("notifySettings.thresholdsReadOnly")}</p>}
      <FormError message={errorMessageOf(save.error, t)} />
      <fieldset className="fieldset" disabled={!canManage}>
        <legend className="sr-only">{t("notifySettings.thresholdsTitle")}</legend>
        <TextField
          label={t("notifySettings.defaultMinutes")}
          name="defaultMinutes"
          inputMode="numeric"
          className="notif-settings__minutes"
          value={defaultText}
          onChange={(e) => {
            setDefaultText(e.target.value);
            setSaved(false);
          }}
          hint={t("notifySettings.defaultMinutesHint")}
          error={invalid.has("default") ? rangeError : null}
          data-testid="notification-threshold-default"
        />
        {thresholds.channels.length === 0 ? (
          <p className="field__hint">{t("notifySettings.noChannels")}</p>
        ) : (
          <table className="table notif-settings__table">
            <thead>
              <tr>
                <th scope="col">{t("notifySettings.channelColumn")}</th>
                <th scope="col">{t("notifySettings.minutesColumn")}</th>
              </tr>
            </thead>
            <tbody>
              {thresholds.channels.map((c) => (
                <tr key={c.channelId}>
                  <th scope="row">
                    {c.name} {handleOf(c) && <span className="muted small" data-testid="channel-handle">{handleOf(c)}</span>}
                  </th>
                  <td>
                    <input
                      className="input notif-settings__minutes"
                      inputMode="numeric"
                      value={channelText[c.channelId] ?? ""}
                      placeholder={t("notifySettings.followsDefault", { minutes: thresholds.defaultMinutes })}
                      aria-label={t("notifySettings.channelMinutes", { channel: c.name })}
                      aria-invalid={invalid.has(c.channelId) || undefined}
                      title={invalid.has(c.channelId) ? rangeError : undefined}
                      onChange={(e) => {
                        setChannelText((prev) => ({ ...prev, [c.channelId]: e.target.value }));
                        setSaved(false);
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {invalid.size > 0 && !invalid.has("default") && <p className="field__error">{rangeError}</p>}
      </fieldset>
      {canManage && (
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={save.isPending} data-testid="notification-thresholds-save">
            {save.isPending ? t("common.saving") : t("common.save")}
          </button>
          <span className="form__status" role="status">
            {saved && (
              <span className="saved" data-testid="notification-thresholds-saved">
                {t("notifySettings.saved")}
              </span>
            )}
          </span>
        </div>
      )}
    </form>
  );
}
