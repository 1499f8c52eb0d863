/** Snooze presets on the workspace's clock, whatever the browser's, across daylight-saving changes. */
import { describe, expect, it } from "vitest";
import { fromLocalInput, snoozePresets } from "../src/components/inbox/snooze";

describe("snooze presets in the workspace's time zone", () => {
  it("an hour later, tomorrow at 9:00 and next Monday at 9:00 (Paris, winter)", () => {
    // Wednesday 2 December 2026, 23:30 in Paris (22:30 UTC): tomorrow is Thursday 3 in Paris, not in UTC.
    const p = snoozePresets(new Date("2026-12-02T22:30:00Z"), "Europe/Paris");
    expect(p.hour.toISOString()).toBe("2026-12-02T23:30:00.000Z");
    expect(p.tomorrow.toISOString()).toBe("2026-12-03T08:00:00.000Z");
    expect(p.monday.toISOString()).toBe("2026-12-07T08:00:00.000Z");
  });

  it("keeps 9:00 across the spring change (Paris moves from UTC+1 to UTC+2 on 29 March 2026)", () => {
    // Saturday 28 March 2026, 10:00 in Paris.
    const p = snoozePresets(new Date("2026-03-28T09:00:00Z"), "Europe/Paris");
    expect(p.tomorrow.toISOString()).toBe("2026-03-29T07:00:00.000Z");
    expect(p.monday.toISOString()).toBe("2026-03-30T07:00:00.000Z");
  });

  it("keeps 9:00 across the autumn change (New York, 1 November 2026)", () => {
    // Saturday 31 October 2026, 20:00 in New York (UTC-4).
    const p = snoozePresets(new Date("2026-11-01T00:00:00Z"), "America/New_York");
    expect(p.tomorrow.toISOString()).toBe("2026-11-01T14:00:00.000Z");
    expect(p.monday.toISOString()).toBe("2026-11-02T14:00:00.000Z");
  });

  it("on a Monday, next Monday is a week on", () => {
    // Monday 7 December 2026, 08:00 in Paris: before 9:00, still the next week's Monday.
    const p = snoozePresets(new Date("2026-12-07T07:00:00Z"), "Europe/Paris");
    expect(p.monday.toISOString()).toBe("2026-12-14T08:00:00.000Z");
  });

  it("reads a chosen date-time on the workspace's clock", () => {
    expect(fromLocalInput("2026-12-24T18:00", "Asia/Tokyo")?.toISOString()).toBe("2026-12-24T09:00:00.000Z");
    expect(fromLocalInput("", "Asia/Tokyo")).toBeNull();
    expect(fromLocalInput("not a date", "Asia/Tokyo")).toBeNull();
  });
});
