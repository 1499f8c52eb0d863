/** One date skipped (EXDATE) or moved (an override) in a series, in the post's zone, across the clock changes. */
import { describe, expect, it } from "vitest";
import { checkSeries, firstOccurrences, instantToLocal, isRuleOccurrence, nextOccurrence, occurrencesBetween, occurrencesInRange, type Series } from "../src";

const PARIS = "Europe/Paris";
// Sundays at 09:00 around the spring change (2027-03-28) and the autumn one (2027-10-31).
const spring: Series = { rrule: "FREQ=WEEKLY;BYDAY=SU", dtstartLocal: "2027-03-14T09:00", timeZone: PARIS };
const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe("skipping and moving one occurrence", () => {
  it("a skipped Sunday across the spring change leaves the others at 09:00 local", () => {
    const skipped = { ...spring, exdatesLocal: ["2027-03-28T09:00:00"] };
    expect(iso(firstOccurrences(skipped, 3, new Date("2027-03-14T00:00:00Z")))).toEqual([
      "2027-03-14T08:00:00.000Z", // 09:00 CET
      "2027-03-21T08:00:00.000Z",
      "2027-04-04T07:00:00.000Z", // 09:00 CEST: the 28th is skipped
    ]);
    expect(isRuleOccurrence(skipped, new Date("2027-03-28T07:00:00Z"))).toBe(false);
    expect(isRuleOccurrence(spring, new Date("2027-03-28T07:00:00Z"))).toBe(true);
  });

  it("a moved occurrence goes out at its new local time, in order, and the original does not", () => {
    // The Sunday of the change moved to Monday 18:30 (summer time); the one before to Saturday 20:00 (winter time).
    const moved: Series = { ...spring, overrides: [{ occurrence: "2027-03-28T09:00:00", at: "2027-03-29T18:30:00" }, { occurrence: "2027-03-21T09:00", at: "2027-03-20T20:00" }] };
    const from = new Date("2027-03-15T00:00:00Z");
    const to = new Date("2027-04-05T00:00:00Z");
    const expected = ["2027-03-20T19:00:00.000Z", "2027-03-29T16:30:00.000Z", "2027-04-04T07:00:00.000Z"];
    expect(iso(occurrencesBetween(moved, from, to))).toEqual(expected);
    expect(iso(occurrencesInRange(moved, from, to))).toEqual(expected);
    expect(iso(firstOccurrences(moved, 3, from))).toEqual(expected);
    expect(nextOccurrence(moved, new Date("2027-03-20T19:00:00Z"))?.toISOString()).toBe("2027-03-29T16:30:00.000Z");
    expect(instantToLocal(new Date("2027-03-29T16:30:00Z"), PARIS)).toBe("2027-03-29T18:30:00");
  });

  it("COUNT still counts a moved occurrence once, and an EXDATE after COUNT", () => {
    const counted: Series = { rrule: "FREQ=DAILY;COUNT=3", dtstartLocal: "2027-10-30T09:00", timeZone: PARIS, overrides: [{ occurrence: "2027-10-31T09:00", at: "2027-10-31T11:00" }] };
    expect(iso(firstOccurrences(counted, 10, new Date("2027-10-01T00:00:00Z")))).toEqual([
      "2027-10-30T07:00:00.000Z", // 09:00 CEST
      "2027-10-31T10:00:00.000Z", // 11:00 CET, the day the clocks go back
      "2027-11-01T08:00:00.000Z",
    ]);
    const skipped = { ...counted, overrides: [], exdatesLocal: ["2027-10-31T09:00"] };
    expect(firstOccurrences(skipped, 10, new Date("2027-10-01T00:00:00Z"))).toHaveLength(2);
  });

  it("a moved occurrence within an hour of another is refused like any rule giving two posts that close", () => {
    const close: Series = { ...spring, overrides: [{ occurrence: "2027-03-21T09:00", at: "2027-03-14T09:30" }] };
    expect(() => checkSeries(close, new Date("2027-03-01T00:00:00Z"))).toThrow(/at most every hour/);
  });
});
