import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { LANGUAGES, type Language } from "../../i18n";
import { errorMessageOf, fieldErrorsOf } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { DEFAULT_TIME_ZONE } from "../../lib/timezones";
import { useTRPC, type RouterOutputs } from "../../lib/trpc";
import { useWorkspace } from "../../lib/workspace";
import { Card } from "../Card";
import { FormError, SelectField, TextField } from "../Field";
import { LoadingNote } from "../QueryStatus";
import { TimeZoneSelect } from "../TimeZoneSelect";

export function GeneralSettings() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const workspace = useQuery(trpc.workspace.get.queryOptions());
  return (
    <Card titleId="settings-general" title={t("settings.generalTitle")} description={t("settings.generalDescription")}>
      {workspace.isPending ? (
        <LoadingNote />
      ) : workspace.isError ? (
        <FormError message={errorMessageOf(workspace.error, t)} />
      ) : (
        <GeneralForm key={workspace.data.id} workspace={workspace.data} />
      )}
    </Card>
  );
}

function GeneralForm({ workspace }: { workspace: RouterOutputs["workspace"]["get"] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canManage } = useWorkspace();
  const format = useFormatters();
  const [name, setName] = useState(workspace.name);
  const [timeZone, setTimeZone] = useState(workspace.timeZone || DEFAULT_TIME_ZONE);
  const [locale, setLocale] = useState<Language>(workspace.locale === "en" ? "en" : "fr");
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [clientError, setClientError] = useState<string | null>(null);

  const update = useMutation(
    trpc.workspace.update.mutationOptions({
      onSuccess() {
        setSavedAt(new Date());
        void queryClient.invalidateQueries(trpc.workspace.get.queryFilter());
        void queryClient.invalidateQueries(trpc.auth.me.queryFilter());
      },
    }),
  );

  function edited<T>(setter: (v: T) => void) {
    return (v: T) => {
      setter(v);
      setSavedAt(null);
    };
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setClientError(t("validation.required"));
      return;
    }
    setClientError(null);
    update.mutate({ name: name.trim(), timeZone, locale });
  }

  const fieldErrors = fieldErrorsOf(update.error);
  return (
    <form className="form form--wide" onSubmit={submit} noValidate>
      {!canManage && (
        <p className="alert alert--info" data-testid="settings-readonly">
          {t("settings.readOnly")}
        </p>
      )}
      <FormError message={errorMessageOf(update.error, t)} />
      <fieldset className="fieldset" disabled={!canManage}>
        <legend className="sr-only">{t("settings.generalTitle")}</legend>
        <TextField
          label={t("settings.name")}
          name="name"
          value={name}
          maxLength={80}
          onChange={(e) => edited(setName)(e.target.value)}
          error={clientError ?? fieldErrors.name}
          data-testid="settings-name"
        />
        <TimeZoneSelect value={timeZone} onChange={edited(setTimeZone)} disabled={!canManage} error={fieldErrors.timeZone?.[0]} />
        <SelectField
          label={t("settings.locale")}
          name="locale"
          value={locale}
          onChange={(e) => edited(setLocale)(e.target.value as Language)}
          hint={t("settings.localeHint")}
          error={fieldErrors.locale}
          data-testid="settings-locale"
        >
          {LANGUAGES.map((lang) => (
            <option key={lang} value={lang}>
              {t(`languages.${lang}`)}
            </option>
          ))}
        </SelectField>
      </fieldset>
      <dl className="meta">
        <div>
          <dt>{t("settings.slug")}</dt>
          <dd>
            <code>{workspace.slug}</code>
          </dd>
        </div>
        <div>
          <dt>{t("settings.createdAt")}</dt>
          <dd>{format.date(workspace.createdAt)}</dd>
        </div>
      </dl>
      {canManage && (
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={update.isPending} data-testid="settings-save">
            {update.isPending ? t("common.saving") : t("common.save")}
          </button>
          <span className="form__status" role="status">
            {savedAt && (
              <span className="saved" data-testid="settings-saved">
                {t("settings.saved")}
              </span>
            )}
          </span>
        </div>
      )}
    </form>
  );
}
