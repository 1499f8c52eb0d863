/**
 * The composer's reading of recurrence rules: which rules the form can edit (the others stay byte for byte) and
 * their description in plain words, in French and English, from rrule's parsed options.
 */
import i18n from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAreas } from "../src/i18n";
import { buildRrule, describeRule, isFormRule, parseRrule } from "../src/components/schedule/recurrence";

beforeAll(async () => {
  await i18n.loadLanguages(["fr", "en"]);
  // The words of the page that shows it (its route loads them in the app).
  await loadAreas(["schedule", "scheduleUx"]);
});

describe("which rules the form edits", () => {
  it("edits what it builds, exactly", () => {
    for (const rule of ["FREQ=DAILY", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=10", "FREQ=MONTHLY;UNTIL=20301231T235959", "FREQ=HOURLY;INTERVAL=6"]) {
      expect(isFormRule(rule), rule).toBe(true);
      expect(buildRrule(parseRrule(rule))).toBe(rule);
    }
  });
  it("leaves to read-only anything it would drop or rewrite", () => {
    for (const rule of [
      "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24;BYHOUR=10",
      "FREQ=HOURLY;INTERVAL=6;BYHOUR=9,15;COUNT=20",
      "FREQ=MONTHLY;BYDAY=1MO",
      "FREQ=DAILY;INTERVAL=1",
      "FREQ=WEEKLY;UNTIL=20301231",
      "FREQ=DAILY;BYDAY=MO,FR",
      "COUNT=3;FREQ=DAILY",
    ]) {
      expect(isFormRule(rule), rule).toBe(false);
    }
  });
});

describe("a rule in plain words", () => {
  // [rule, DTSTART, language, words]
  const cases: [string, string, "fr" | "en", string][] = [
    ["FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24;BYHOUR=10", "2030-12-24T10:00", "fr", "Chaque année le 24 décembre à 10:00"],
    ["FREQ=WEEKLY;BYDAY=SU", "2030-01-06T09:00", "fr", "Tous les dimanches à 09:00"],
    ["FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=5", "2030-01-07T18:30", "fr", "Tous les lundis, mercredis et vendredis à 18:30, 5 fois"],
    ["FREQ=HOURLY;INTERVAL=6;BYHOUR=9,15;COUNT=20", "2030-01-07T09:00", "fr", "Toutes les 6 heures à 09:00 et 15:00, 20 fois"],
    ["FREQ=DAILY;COUNT=5", "2030-03-29T09:00", "fr", "Tous les jours à 09:00, 5 fois"],
    ["FREQ=MONTHLY;BYDAY=1MO", "2030-01-07T09:00", "fr", "Chaque mois le premier lundi à 09:00"],
    ["FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1", "2030-01-25T17:00", "fr", "Chaque mois le dernier vendredi à 17:00"],
    ["FREQ=MONTHLY;BYMONTHDAY=-1", "2030-01-31T09:00", "fr", "Chaque mois le dernier jour à 09:00"],
    ["FREQ=MONTHLY;INTERVAL=3", "2030-01-15T09:00", "fr", "Tous les 3 mois le 15 à 09:00"],
    ["FREQ=YEARLY", "2030-07-14T08:00", "fr", "Chaque année le 14 juillet à 08:00"],
    ["FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SA;UNTIL=20300630T235959", "2030-01-01T12:00", "fr", "Toutes les 2 semaines le mardi et le samedi à 12:00, jusqu’au 30 juin 2030"],
    ["FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", "2030-01-07T09:00", "fr", "Chaque année le lundi à 09:00 (règle avancée : BYWEEKNO=20)"],
    ["FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24;BYHOUR=10", "2030-12-24T10:00", "en", "Every year on 24 December at 10:00"],
    ["FREQ=WEEKLY;BYDAY=SU", "2030-01-06T09:00", "en", "Every Sunday at 09:00"],
    ["FREQ=HOURLY;INTERVAL=6;BYHOUR=9,15;COUNT=20", "2030-01-07T09:00", "en", "Every 6 hours at 09:00 and 15:00, 20 times"],
    ["FREQ=MONTHLY;BYDAY=-1FR", "2030-01-25T17:00", "en", "Every month on the last Friday at 17:00"],
    ["FREQ=MONTHLY;BYMONTHDAY=1,15", "2030-01-01T09:00", "en", "Every month on the 1st and on the 15th at 09:00"],
    ["FREQ=HOURLY", "2030-01-01T09:00", "en", "Every hour"],
  ];
  for (const [rule, start, lang, words] of cases) {
    it(`${lang}: ${rule}`, () => {
      expect(describeRule(rule, start, i18n.getFixedT(lang), lang)).toBe(words);
    });
  }
});
