import { useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { browserTimeZone, useFormatters } from "../lib/format";
import { currentOffset, timeZones, zoneMatches } from "../lib/timezones";

/**
 * A native <select> of IANA zones with a filter box above it: keyboard- and screen-reader-friendly, and the
 * select stays a plain select (`page.selectOption` works). The selected zone is always kept among the options.
 */
export function TimeZoneSelect({
  value,
  onChange,
  disabled,
  error,
}: {
  value: string;
  onChange: (zone: string) => void;
  disabled?: boolean;
  error?: string | null;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const id = useId();
  const [query, setQuery] = useState("");
  // The id tells apart zones sharing a name ("heure d’Europe centrale"); the name lets people search as they speak.
  const option = (zone: string) => ({ zone, name: format.zone(zone), offset: currentOffset(zone) });
  const all = useMemo(() => timeZones().map(option), [format]);
  const found = (o: { zone: string; name: string }) => zoneMatches(`${o.zone} ${o.name}`, query);
  const options = useMemo(() => {
    const list = all.filter((o) => o.zone === value || found(o));
    if (!list.some((o) => o.zone === value) && value) list.unshift(option(value));
    return list;
  }, [all, query, value]);
  const matches = options.filter((o) => o.zone !== value || found(o)).length;
  const mine = browserTimeZone();

  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label className="field__label" htmlFor={`${id}-select`}>
        {t("settings.timeZone")}
      </label>
      <div className="tz">
        <input
          id={`${id}-search`}
          className="input tz__search"
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t("settings.timeZoneSearch")}
          aria-label={t("settings.timeZoneSearch")}
          aria-controls={`${id}-select`}
          disabled={disabled}
          autoComplete="off"
          data-testid="settings-timezone-search"
        />
        <select
          id={`${id}-select`}
          className="input select"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          disabled={disabled}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
          aria-invalid={error ? true : undefined}
          data-testid="settings-timezone"
        >
          {options.map((o) => (
            <option key={o.zone} value={o.zone}>
              {o.zone.replace(/_/g, " ")} · {o.name} ({o.offset})
            </option>
          ))}
        </select>
      </div>
      <p id={`${id}-hint`} className="field__hint" aria-live="polite">
        {query ? t("settings.timeZoneMatches", { count: matches }) : t("settings.timeZoneHint")}{" "}
        {!disabled && mine && mine !== value && (
          <button type="button" className="link-button" onClick={() => onChange(mine)} title={mine}>
            {t("settings.useMyZone", { zone: format.zone(mine) })}
          </button>
        )}
      </p>
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}
