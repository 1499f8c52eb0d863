import { describe, expect, it } from "vitest";
import { wallTimeFate } from "../src/components/schedule/dates";

describe("a wall time on a day the clocks change, as the composer warns of it", () => {
  it("Paris, spring: 02:30 does not exist and goes out at 03:30; 01:59 and 03:00 are ordinary", () => {
    expect(wallTimeFate("2027-03-28T02:30", "Europe/Paris")).toEqual({ kind: "skipped", actual: "03:30" });
    expect(wallTimeFate("2027-03-28T02:00:00", "Europe/Paris")).toEqual({ kind: "skipped", actual: "03:00" });
    expect(wallTimeFate("2027-03-28T01:59", "Europe/Paris")).toEqual({ kind: "ok" });
    expect(wallTimeFate("2027-03-28T03:00", "Europe/Paris")).toEqual({ kind: "ok" });
  });

  it("Paris, autumn: 02:30 happens twice; 03:00 once", () => {
    expect(wallTimeFate("2027-10-31T02:30", "Europe/Paris")).toEqual({ kind: "repeated" });
    expect(wallTimeFate("2027-10-31T03:00", "Europe/Paris")).toEqual({ kind: "ok" });
  });

  it("New York (02:00 → 03:00 in March), Lord Howe (a half-hour change) and a zone without DST", () => {
    expect(wallTimeFate("2027-03-14T02:15", "America/New_York")).toEqual({ kind: "skipped", actual: "03:15" });
    expect(wallTimeFate("2027-04-04T01:45", "Australia/Lord_Howe")).toEqual({ kind: "repeated" });
    expect(wallTimeFate("2027-10-03T02:10", "Australia/Lord_Howe")).toEqual({ kind: "skipped", actual: "02:40" });
    expect(wallTimeFate("2027-03-28T02:30", "Asia/Tokyo")).toEqual({ kind: "ok" });
    expect(wallTimeFate("", "Europe/Paris")).toEqual({ kind: "ok" });
  });
});
