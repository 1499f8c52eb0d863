import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { intlLocale } from "../../i18n";

/** The recurrences the composer builds (a subset of RFC 5545 a person can edit with a form). */
export type Freq = "HOURLY" | "DAILY" | "WEEKLY" | "MONTHLY";
export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;

export interface Recurrence {
  freq: Freq;
  interval: number;
  byDay: string[];
  end: "never" | "count" | "until";
  count: number;
  until: string;
}

export function buildRrule(r: Recurrence): string {
  const parts = [`FREQ=${r.freq}`];
  if (r.interval > 1) parts.push(`INTERVAL=${r.interval}`);
  if (r.freq === "WEEKLY" && r.byDay.length) parts.push(`BYDAY=${r.byDay.join(",")}`);
  if (r.end === "count") parts.push(`COUNT=${Math.max(1, r.count)}`);
  if (r.end === "until" && r.until) parts.push(`UNTIL=${r.until.replaceAll("-", "")}T235959`);
  return parts.join(";");
}

export function parseRrule(rule: string | null): Recurrence {
  const p = Object.fromEntries((rule ?? "").split(";").map((kv) => kv.split("=") as [string, string]));
  const until = p.UNTIL ? `${p.UNTIL.slice(0, 4)}-${p.UNTIL.slice(4, 6)}-${p.UNTIL.slice(6, 8)}` : "";
  return {
    freq: (["HOURLY", "DAILY", "WEEKLY", "MONTHLY"].includes(p.FREQ ?? "") ? p.FREQ : "DAILY") as Freq,
    interval: Number(p.INTERVAL ?? 1) || 1,
    byDay: p.BYDAY ? p.BYDAY.split(",") : [],
    end: p.COUNT ? "count" : p.UNTIL ? "until" : "never",
    count: Number(p.COUNT ?? 5) || 5,
    until,
  };
}

/** Short weekday names (Monday first) in the UI's language. */
export function useWeekdayNames(): string[] {
  const { i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  return useMemo(() => {
    const f = new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" });
    return WEEKDAYS.map((_, i) => f.format(new Date(Date.UTC(2024, 0, 1 + i))));
  }, [locale]);
}

/** A recurrence in plain words ("Tous les jours à 09:00, 5 fois"); `start` is DTSTART as local `YYYY-MM-DDTHH:mm`. */
export function useRecurrenceSummary(recurrence: Recurrence, start: string): string {
  const { t } = useTranslation();
  const weekdayNames = useWeekdayNames();
  return [
    recurrence.interval > 1 ? t(`pages.schedule.summary.everyN_${recurrence.freq}`, { n: recurrence.interval }) : t(`pages.schedule.summary.every_${recurrence.freq}`),
    recurrence.freq === "WEEKLY" && recurrence.byDay.length ? t("pages.schedule.summary.on", { days: recurrence.byDay.map((d) => weekdayNames[WEEKDAYS.indexOf(d as "MO")]).join(", ") }) : "",
    recurrence.freq !== "HOURLY" && start.length >= 16 ? t("pages.schedule.summary.at", { time: start.slice(11, 16) }) : "",
  ]
    .filter(Boolean)
    .join(" ")
    .concat(
      recurrence.end === "count"
        ? `, ${t("pages.schedule.summary.times", { count: recurrence.count })}`
        : recurrence.end === "until" && recurrence.until
          ? `, ${t("pages.schedule.summary.until", { date: recurrence.until })}`
          : "",
    );
}
