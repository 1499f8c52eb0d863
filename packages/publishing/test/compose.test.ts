import { describe, expect, it } from "vitest";
import { PostInputError, scheduleOf } from "../src/compose";

const now = new Date("2026-06-01T10:00:00Z");
const PARIS = "Europe/Paris";

function refusal(fn: () => unknown): Record<string, string[]> | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof PostInputError) return err.fieldErrors;
    throw err;
  }
  return undefined;
}

describe("scheduleOf", () => {
  it("reads a local time in the post's zone, and an instant with its offset as given", () => {
    expect(scheduleOf({ publishAt: "2026-06-01T14:30", timeZone: PARIS }, now)).toEqual({ kind: "once", publishAt: new Date("2026-06-01T12:30:00Z"), timeZone: PARIS });
    expect(scheduleOf({ publishAt: "2026-06-01T14:30:00+00:00", timeZone: PARIS }, now)).toMatchObject({ publishAt: new Date("2026-06-01T14:30:00Z") });
  });

  it("accepts the form's \"now\" (a minute of slack) but refuses an earlier time at publishAt", () => {
    expect(scheduleOf({ publishAt: "2026-06-01T09:59:30Z", timeZone: PARIS }, now)).toMatchObject({ kind: "once" });
    expect(refusal(() => scheduleOf({ publishAt: "2026-06-01T09:58:00Z", timeZone: PARIS }, now))).toEqual({ publishAt: ["Choose a time in the future"] });
  });

  it("makes a series of a recurrence, and reports a bad rule at rrule", () => {
    expect(scheduleOf({ rrule: "FREQ=WEEKLY;BYDAY=MO;COUNT=3", dtstart: "2026-06-08T09:00", timeZone: PARIS }, now)).toMatchObject({
      kind: "series",
      series: { dtstartLocal: "2026-06-08T09:00", timeZone: PARIS, exdatesLocal: [] },
    });
    expect(Object.keys(refusal(() => scheduleOf({ rrule: "FREQ=SOMETIMES", dtstart: "2026-06-08T09:00", timeZone: PARIS }, now)) ?? {})).toEqual(["rrule"]);
  });
});
