import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { intlLocale } from "../i18n";
import { zoneName } from "./timezones";

/**
 * Dates in the person's own time zone (the browser's), in their language. Pass `timeZone` to show a date in
 * another zone (e.g. the workspace's, for schedules).
 */
export function useFormatters(timeZone?: string) {
  const { i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone });
    const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone });
    const relative = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
    const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
    const signedPercent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0, signDisplay: "exceptZero" });
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    const signedNumber = new Intl.NumberFormat(locale, { maximumFractionDigits: 2, signDisplay: "exceptZero" });
    return {
      /** A count or a score as the reader writes it: "20 000" and "0,41" in French, "20,000" and "0.41" in English. */
      number: (n: number) => number.format(n),
      /** A movement with its sign: "+20 000", "−1". */
      signedNumber: (n: number) => signedNumber.format(n),
      /** A ratio (0.86) as the reader writes it: "86 %" in French, "86%" in English. */
      percent: (ratio: number) => percent.format(ratio),
      /** A change (0.25, -0.1) with its sign: "+25 %", "−10 %". */
      signedPercent: (ratio: number) => signedPercent.format(ratio),
      /** A time zone's name in the reader's language ("heure d’Europe centrale"); keep the IANA id in a title. */
      zone: (zone: string) => zoneName(zone, locale),
      dateTime: (d: Date | string | null | undefined) => (d ? dateTime.format(new Date(d)) : ""),
      date: (d: Date | string | null | undefined) => (d ? date.format(new Date(d)) : ""),
      /** "in 3 days", "il y a 2 heures"… */
      relative(d: Date | string, now = Date.now()): string {
        const diff = new Date(d).getTime() - now;
        const abs = Math.abs(diff);
        const units: [Intl.RelativeTimeFormatUnit, number][] = [
          ["day", 86_400_000],
          ["hour", 3_600_000],
          ["minute", 60_000],
        ];
        for (const [unit, ms] of units) {
          if (abs >= ms) return relative.format(Math.round(diff / ms), unit);
        }
        return relative.format(0, "minute");
      },
    };
  }, [locale, timeZone]);
}

/** The browser's IANA zone, e.g. "Europe/Paris". */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
