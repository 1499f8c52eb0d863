// A conversation's times as a chat app writes them: the day only when it is not today, the year only when not this one
// (walk5 read « 5 déc. 2026, 02:24 » under every message of the morning).
import { describe, expect, it } from "vitest";
import { messageTime } from "../src/lib/format";

function formats(locale: string, timeZone: string) {
  return {
    time: new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone }),
    dayTime: new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone }),
    dateTime: new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }),
    day: new Intl.DateTimeFormat("en-CA", { dateStyle: "short", timeZone }),
  };
}
const paris = formats("fr-FR", "Europe/Paris");
const NOW = new Date("2026-12-05T09:30:00Z");

describe("messageTime", () => {
  it("today: the time alone", () => {
    expect(messageTime(paris, new Date("2026-12-05T01:24:00Z"), NOW)).toBe("02:24");
  });

  it("an earlier day this year: day and month, no year", () => {
    expect(messageTime(paris, new Date("2026-12-03T13:05:00Z"), NOW)).toBe("3 déc., 14:05");
    // Late evening in Paris is already the next day in UTC: the reader's day counts.
    expect(messageTime(paris, new Date("2026-12-04T23:30:00Z"), NOW)).toBe("00:30");
  });

  it("a year before: the full date", () => {
    expect(messageTime(paris, new Date("2025-12-24T10:00:00Z"), NOW)).toBe("24 déc. 2025, 11:00");
  });
});
