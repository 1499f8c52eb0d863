import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf, fieldErrorsOf } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { useTRPC, type RouterOutputs } from "../../lib/trpc";
import { Card } from "../Card";
import { FormError, SelectField } from "../Field";
import { LoadingNote } from "../QueryStatus";
import { TimeZoneSelect } from "../TimeZoneSelect";
import "./notify-settings.css";

type Settings = RouterOutputs["notifications"]["emailSettings"]["get"];
type EmailMode = Settings["emailMode"];
const MODES: EmailMode[] = ["immediate", "hourly", "daily"];
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** The member's e-mail rhythm (each notification, or a digest), quiet hours and time zone in this workspace. */
export function EmailSettings() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const settings = useQuery(trpc.notifications.emailSettings.get.queryOptions());
  return (
    <Card titleId="notification-email-title" title={t("notifySettings.emailTitle")} description={t("notifySettings.emailDescription")}>
      {settings.isPending ? (
        <LoadingNote />
      ) : settings.isError ? (
        <FormError message={errorMessageOf(settings.error, t)} />
      ) : (
        <EmailSettingsForm settings={settings.data} />
      )}
    </Card>
  );
}

function EmailSettingsForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [ownZone, setOwnZone] = useState(settings.timeZone !== null);
  const [timeZone, setTimeZone] = useState(settings.timeZone ?? settings.workspaceTimeZone);
  const [quietFrom, setQuietFrom] = useState(settings.quietFrom);
  const [quietTo, setQuietTo] = useState(settings.quietTo);
  const [emailMode, setEmailMode] = useState<EmailMode>(settings.emailMode);
  const [digestHour, setDigestHour] = useState(settings.digestHour);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.notifications.emailSettings.set.mutationOptions({
      onSuccess(data) {
        queryClient.setQueryData(trpc.notifications.emailSettings.get.queryKey(), data);
        setSaved(true);
      },
    }),
  );
  function edited<T>(setter: (v: T) => void) {
    return (v: T) => {
      setter(v);
      setSaved(false);
    };
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate({ timeZone: ownZone ? timeZone : null, quietFrom, quietTo, emailMode, digestHour });
  }
  const hour = (h: number) => t("notifySettings.hour", { hour: h });
  const fieldErrors = fieldErrorsOf(save.error);

  return (
    <form className="form form--wide" onSubmit={submit} noValidate data-testid="notification-email-settings">
      <FormError message={errorMessageOf(save.error, t)} />
      <fieldset className="fieldset">
        <legend className="field__label">{t("notifySettings.modeLegend")}</legend>
        {MODES.map((mode) => (
          <label key={mode} className="notif-settings__choice">
            <input type="radio" name="emailMode" value={mode} checked={emailMode === mode} onChange={() => edited(setEmailMode)(mode)} data-testid={`notification-mode-${mode}`} />{" "}
            {t(`notifySettings.modes.${mode}`)}
          </label>
        ))}
      </fieldset>
      {emailMode === "daily" && (
        <SelectField label={t("notifySettings.digestHour")} name="digestHour" value={digestHour} onChange={(e) => edited(setDigestHour)(Number(e.target.value))} error={fieldErrors.digestHour} data-testid="notification-digest-hour">
          {HOURS.map((h) => (
            <option key={h} value={h}>
              {hour(h)}
            </option>
          ))}
        </SelectField>
      )}
      <div className="notif-settings__row">
        <SelectField label={t("notifySettings.quietFrom")} name="quietFrom" value={quietFrom} onChange={(e) => edited(setQuietFrom)(Number(e.target.value))} error={fieldErrors.quietFrom} data-testid="notification-quiet-from">
          {HOURS.map((h) => (
            <option key={h} value={h}>
              {hour(h)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("notifySettings.quietTo")} name="quietTo" value={quietTo} onChange={(e) => edited(setQuietTo)(Number(e.target.value))} error={fieldErrors.quietTo} data-testid="notification-quiet-to">
          {HOURS.map((h) => (
            <option key={h} value={h}>
              {hour(h)}
            </option>
          ))}
        </SelectField>
      </div>
      <p className="field__hint">{quietFrom === quietTo ? t("notifySettings.quietNone") : t("notifySettings.quietHint")}</p>
      <label className="notif-settings__choice">
        <input type="checkbox" checked={ownZone} onChange={(e) => edited(setOwnZone)(e.target.checked)} data-testid="notification-own-zone" /> {t("notifySettings.ownZone")}
      </label>
      {ownZone ? (
        <TimeZoneSelect value={timeZone} onChange={edited(setTimeZone)} error={fieldErrors.timeZone?.[0]} />
      ) : (
        <p className="field__hint" title={settings.workspaceTimeZone}>
          {t("notifySettings.workspaceZone", { zone: format.zone(settings.workspaceTimeZone) })}
        </p>
      )}
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={save.isPending} data-testid="notification-email-save">
          {save.isPending ? t("common.saving") : t("common.save")}
        </button>
        <span className="form__status" role="status">
          {saved && (
            <span className="saved" data-testid="notification-email-saved">
              {t("notifySettings.saved")}
            </span>
          )}
        </span>
      </div>
    </form>
  );
}
