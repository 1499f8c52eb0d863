/**
 * Recurrence rules in the composer. The form edits a small subset of RFC 5545 (frequency, interval, weekdays, end);
 * any rule is read with `rrule` (as the server does) and described in plain words in the UI's language from its
 * parsed options (rrule's own toText is English only). A rule the form cannot express exactly is shown read-only and
 * sent back byte for byte: the composer never rewrites a rule the person did not touch.
 */
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { RRule } from "rrule";
import { intlLocale } from "../../i18n";

type RuleOptions = ReturnType<typeof RRule.parseString>;

/** The recurrences the composer builds (a subset of RFC 5545 a person can edit with a form). */
export type Freq = "HOURLY" | "DAILY" | "WEEKLY" | "MONTHLY";
export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
/** rrule's frequency numbers (0 = YEARLY); faster ones are refused by the server. */
const FREQ_NAMES = ["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY"] as const;

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

/** True when the form can show and rebuild this exact rule; otherwise it is shown read-only. */
export function isFormRule(rule: string): boolean {
  return buildRrule(parseRrule(rule)) === rule;
}

/** A rule's options as rrule reads them, or null when it cannot be read (the server says why). */
export function readRule(rule: string): RuleOptions | null {
  try {
    const options = RRule.parseString(rule.replace(/^RRULE:/i, ""));
    return options.freq === undefined ? null : options;
  } catch {
    return null;
  }
}

const list = (v: unknown): number[] => (v === null || v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(Number));
const weekdaysOf = (v: unknown): { weekday: number; n?: number }[] =>
  v === null || v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((d) => (typeof d === "number" ? { weekday: d } : (d as { weekday: number; n?: number })));
const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A rule in plain words ("Chaque année le 24 décembre à 10:00, 5 fois", "Every Sunday at 09:00"). `start` is DTSTART
 * as local `YYYY-MM-DDTHH:mm`: rrule takes the day, month and time a rule leaves out from it.
 */
export function describeRule(rule: string, start: string, t: TFunction, lang: string): string {
  const o = readRule(rule);
  if (!o) return rule;
  const locale = intlLocale(lang);
  const joined = (items: string[]) => new Intl.ListFormat(locale, { type: "conjunction" }).format(items);
  const weekdayName = (i: number) => new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 1 + i)));
  const monthName = (m: number) => new Intl.DateTimeFormat(locale, { month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2000, m - 1, 1)));
  const dayMonth = (m: number, d: number) => new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2000, m - 1, d)));
  const ordinal = (n: number) => (lang === "en" ? nthEn(n) : String(n));
  const nth = (n: number) => (t(`schedule.summary.nth_${n}`, { defaultValue: "" }) as string) || t(n > 0 ? "schedule.summary.nthOther" : "schedule.summary.nthOtherFromEnd", { n: ordinal(Math.abs(n)) });
  const monthDay = (d: number) =>
    d === -1
      ? t("schedule.summary.lastMonthDay")
      : t("schedule.summary.onMonthDay", { day: d < 0 ? t("schedule.summary.nthOtherFromEnd", { n: ordinal(-d) }) : d === 1 ? t("schedule.summary.firstMonthDay") : ordinal(d) });

  const freq = (FREQ_NAMES as readonly string[])[o.freq!] as (typeof FREQ_NAMES)[number] | undefined;
  if (!freq) return rule;
  const interval = o.interval ?? 1;
  const startDate = /^\d{4}-\d{2}-\d{2}/.test(start) ? new Date(`${start.slice(0, 10)}T00:00:00Z`) : null;
  const weekdays = weekdaysOf(o.byweekday);
  let months = list(o.bymonth);
  let monthDays = list(o.bymonthday);
  const setPos = list(o.bysetpos);
  const advanced: string[] = [];
  if (list(o.byyearday).length) advanced.push(`BYYEARDAY=${list(o.byyearday).join(",")}`);
  if (list(o.byweekno).length) advanced.push(`BYWEEKNO=${list(o.byweekno).join(",")}`);
  // What rrule fills in from DTSTART when the rule names no day (RFC 5545 §3.3.10).
  const namesNoDay = !weekdays.length && !monthDays.length && !advanced.length;
  if (startDate && namesNoDay && freq === "YEARLY" && !months.length) months = [startDate.getUTCMonth() + 1];
  if (startDate && namesNoDay && (freq === "YEARLY" || freq === "MONTHLY")) monthDays = [startDate.getUTCDate()];
  if (startDate && !weekdays.length && freq === "WEEKLY" && !monthDays.length && !months.length && !advanced.length) weekdays.push({ weekday: (startDate.getUTCDay() + 6) % 7 });

  const phrase: string[] = [];
  // "Tous les dimanches": one week (or day) at a time on named weekdays.
  const plainWeekdays = weekdays.length > 0 && weekdays.every((d) => !d.n) && !setPos.length;
  if (plainWeekdays && interval === 1 && (freq === "WEEKLY" || freq === "DAILY") && !months.length && !monthDays.length) {
    phrase.push(t("schedule.summary.everyWeekday", { days: joined(weekdays.map((d) => t("schedule.summary.weekdayPlural", { day: weekdayName(d.weekday) }))) }));
  } else {
    phrase.push(interval > 1 ? t(`schedule.summary.everyN_${freq}`, { n: interval }) : t(`schedule.summary.every_${freq}`));
    if (months.length === 1 && monthDays.length && monthDays.every((d) => d > 0) && !weekdays.length) {
      phrase.push(t("schedule.summary.onDate", { date: joined(monthDays.map((d) => dayMonth(months[0]!, d))) }));
      months = [];
    } else if (monthDays.length) {
      phrase.push(joined(monthDays.map(monthDay)));
    }
    // The first Monday: BYDAY=1MO, or BYDAY=MO;BYSETPOS=1.
    const positioned = setPos.length === 1 && weekdays.length === 1 && !weekdays[0]!.n ? [{ ...weekdays[0]!, n: setPos[0]! }] : null;
    if (positioned || weekdays.length) {
      const days = positioned ?? weekdays;
      phrase.push(joined(days.map((d) => (d.n ? t("schedule.summary.nthWeekday", { nth: nth(d.n), day: weekdayName(d.weekday) }) : t("schedule.summary.onWeekday", { day: weekdayName(d.weekday) })))));
    }
    if (setPos.length && !positioned) advanced.push(`BYSETPOS=${setPos.join(",")}`);
    if (months.length) phrase.push(t("schedule.summary.inMonths", { months: joined(months.map(monthName)) }));
  }
  // Times: BYHOUR × BYMINUTE, else DTSTART's time (an hourly rule without BYHOUR has no fixed time).
  const hours = list(o.byhour);
  const minute = list(o.byminute)[0] ?? (start.length >= 16 ? Number(start.slice(14, 16)) : 0);
  if (hours.length) phrase.push(t("schedule.summary.at", { time: joined([...hours].sort((a, b) => a - b).map((h) => `${pad(h)}:${pad(minute)}`)) }));
  else if (freq !== "HOURLY" && start.length >= 16) phrase.push(t("schedule.summary.at", { time: `${start.slice(11, 13)}:${pad(minute)}` }));
  if (advanced.length) phrase.push(`(${t("schedule.summary.advanced", { parts: advanced.join(";") })})`);

  let text = phrase.join(" ");
  if (o.count) text += `, ${t("schedule.summary.times", { count: o.count })}`;
  if (o.until) text += `, ${t("schedule.summary.until", { date: new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(o.until) })}`;
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

function nthEn(n: number): string {
  const suffix = new Intl.PluralRules("en", { type: "ordinal" }).select(n);
  return `${n}${{ one: "st", two: "nd", few: "rd" }[suffix as "one"] ?? "th"}`;
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

/** A rule in plain words in the UI's language; `start` is DTSTART as local `YYYY-MM-DDTHH:mm`. */
export function useRuleDescription(rule: string | null, start: string): string {
  const { t, i18n } = useTranslation();
  return useMemo(() => (rule ? describeRule(rule, start, t, i18n.language) : ""), [rule, start, t, i18n.language]);
}
