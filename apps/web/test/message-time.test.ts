// A conversation's times as a chat app writes them: the day only when it is not today, the year only when not this one
// (walk5 read « 5 déc. 2026, 02:24 » under every message of the morning).
import { describe, expect, it } from "vitest";
import { messageTime } from "../src/lib/format";

const NOW = new Date("2026-12-05T09:30:00Z");

describe("messageTime", () => {
  it("today: the time alone", () => {
    expect(messageTime("fr-FR", new Date("2026-12-05T01:24:00Z"), NOW, "Europe/Paris")).toBe("02:24");
  });

  it("an earlier day this year: day and month, no year", () => {
    expect(messageTime("fr-FR", new Date("2026-12-03T13:05:00Z"), NOW, "Europe/Paris")).toBe("3 déc., 14:05");
    // Late evening in Paris is already the next day in UTC: the reader's day counts.
    expect(messageTime("fr-FR", new Date("2026-12-04T23:30:00Z"), NOW, "Europe/Paris")).toBe("00:30");
  });

  it("a year before: the full date", () => {
    expect(messageTime("fr-FR", new Date("2025-12-24T10:00:00Z"), NOW, "Europe/Paris")).toBe("24 déc. 2025, 11:00");
  });
});
