import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { intlLocale } from "../i18n";
import { zoneName } from "./timezones";

/**
 * Dates in the person's own time zone (the browser's), in their language. Pass `timeZone` to show a date in
 * another zone (e.g. the workspace's, for schedules).
 */
export function useFormatters(timeZone?: string) {
  const { t, i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  return useMemo(() => {
    const moment = { justNow: t("common.justNow"), inAMoment: t("common.inAMoment") };
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
      /** A message's time in a conversation: "14:05" today, "3 déc., 14:05" this year, the full date before. */
      messageTime: (d: Date | string, now = new Date()) => messageTime(locale, new Date(d), now, timeZone),
      /** "in 3 days", "il y a 2 heures"… */
      relative: (d: Date | string, now = Date.now()) => relativeTime(relative, moment, new Date(d).getTime() - now),
    };
  }, [locale, timeZone, t]);
}

/** A chat's timestamps: the day and year said only when they are not today's (« 5 déc. 2026, 02:24 » on every bubble). */
export function messageTime(locale: string, at: Date, now: Date, timeZone?: string): string {
  // The calendar day in the reader's zone, to compare ("2026-12-05").
  const day = (d: Date) => d.toLocaleDateString("en-CA", { timeZone });
  const today = day(at) === day(now);
  const thisYear = day(at).slice(0, 4) === day(now).slice(0, 4);
  return at.toLocaleString(locale, today ? { timeStyle: "short", timeZone } : thisYear ? { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone } : { dateStyle: "medium", timeStyle: "short", timeZone });
}

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/**
 * A moment `diff` ms from now in the largest whole unit ("il y a 2 heures", "in 3 days"); under a minute, the
 * reader's words for it: Intl says "cette minute-ci" / "this minute", which no one writes.
 */
export function relativeTime(format: Intl.RelativeTimeFormat, moment: { justNow: string; inAMoment: string }, diff: number): string {
  const abs = Math.abs(diff);
  for (const [unit, ms] of RELATIVE_UNITS) {
    if (abs >= ms) return format.format(Math.round(diff / ms), unit);
  }
  return diff > 0 ? moment.inAMoment : moment.justNow;
}

/** The browser's IANA zone, e.g. "Europe/Paris". */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
