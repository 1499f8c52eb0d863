import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { checkSeries, firstOccurrences, localToInstant, nextOccurrence, normalizeRrule, occurrencesBetween, occurrencesInRange, publishInstant, RecurrenceError } from "../src/occurrences";

const PARIS = "Europe/Paris";
const local = (d: Date, zone = PARIS) => DateTime.fromJSDate(d, { zone }).toFormat("yyyy-MM-dd HH:mm ZZ");
const iso = (d: Date) => d.toISOString().replace(".000", "");

describe("a daily 09:00 Europe/Paris series keeps its wall-clock time across DST", () => {
  it("spring change (29 March 2026): 09:00 local before and after, one hour less in UTC", () => {
    const occ = firstOccurrences({ rrule: "FREQ=DAILY;COUNT=4", dtstartLocal: "2026-03-27T09:00", timeZone: PARIS }, 10);
    expect(occ.map((d) => local(d))).toEqual(["2026-03-27 09:00 +01:00", "2026-03-28 09:00 +01:00", "2026-03-29 09:00 +02:00", "2026-03-30 09:00 +02:00"]);
    expect(occ.map(iso)).toEqual(["2026-03-27T08:00:00Z", "2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z", "2026-03-30T07:00:00Z"]);
  });

  it("autumn change (25 October 2026): 09:00 local before and after, one hour more in UTC", () => {
    const occ = firstOccurrences({ rrule: "FREQ=DAILY;COUNT=3", dtstartLocal: "2026-10-24T09:00", timeZone: PARIS }, 10);
    expect(occ.map(iso)).toEqual(["2026-10-24T07:00:00Z", "2026-10-25T08:00:00Z", "2026-10-26T08:00:00Z"]);
    expect(occ.every((d) => DateTime.fromJSDate(d, { zone: PARIS }).hour === 9)).toBe(true);
  });

  it("an occurrence in the skipped hour moves forward by the gap (02:30 → 03:30), the others stay at 02:30", () => {
    const occ = firstOccurrences({ rrule: "FREQ=DAILY;COUNT=3", dtstartLocal: "2026-03-28T02:30", timeZone: PARIS }, 10);
    expect(occ.map((d) => local(d))).toEqual(["2026-03-28 02:30 +01:00", "2026-03-29 03:30 +02:00", "2026-03-30 02:30 +02:00"]);
  });

  it("an occurrence in the repeated hour runs once, at the first of the two instants", () => {
    const occ = firstOccurrences({ rrule: "FREQ=DAILY;COUNT=3", dtstartLocal: "2026-10-24T02:30", timeZone: PARIS }, 10);
    expect(occ.map(iso)).toEqual(["2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"]);
    expect(local(occ[1]!)).toBe("2026-10-25 02:30 +02:00");
  });

  it("an hourly series follows real hours: both 02:00 in autumn, no invented hour in spring, COUNT counts posts", () => {
    // 25 October 2026: 03:00 summer time becomes 02:00 winter time; the hour 02:00–03:00 is lived twice.
    const autumn = firstOccurrences({ rrule: "FREQ=HOURLY;COUNT=6", dtstartLocal: "2026-10-25T00:00", timeZone: PARIS }, 10);
    expect(autumn.map(iso)).toEqual(["2026-10-24T22:00:00Z", "2026-10-24T23:00:00Z", "2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z", "2026-10-25T03:00:00Z"]);
    expect(autumn.map((d) => local(d).slice(11))).toEqual(["00:00 +02:00", "01:00 +02:00", "02:00 +02:00", "02:00 +01:00", "03:00 +01:00", "04:00 +01:00"]);
    // 29 March 2026: 02:00 does not exist; it becomes 03:00, which is also the next occurrence: it goes out once.
    const spring = firstOccurrences({ rrule: "FREQ=HOURLY;COUNT=5", dtstartLocal: "2026-03-29T00:00", timeZone: PARIS }, 10);
    expect(spring.map(iso)).toEqual(["2026-03-28T23:00:00Z", "2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z", "2026-03-29T03:00:00Z"]);
    // Every gap is one elapsed hour on both change days.
    for (const occ of [autumn, spring]) for (let i = 1; i < occ.length; i++) expect(occ[i]!.getTime() - occ[i - 1]!.getTime()).toBe(3_600_000);
  });

  it("a daily series keeps its wall-clock time where an hourly one follows real hours, on the same autumn day", () => {
    const daily = firstOccurrences({ rrule: "FREQ=DAILY;BYHOUR=1,2,3;COUNT=3", dtstartLocal: "2026-10-25T01:00", timeZone: PARIS }, 10);
    expect(daily.map((d) => local(d).slice(11))).toEqual(["01:00 +02:00", "02:00 +02:00", "03:00 +01:00"]);
  });

  it("a weekly series in New York follows its own zone's changes (8 March 2026)", () => {
    const occ = firstOccurrences({ rrule: "FREQ=WEEKLY;COUNT=2", dtstartLocal: "2026-03-02T18:00", timeZone: "America/New_York" }, 5);
    expect(occ.map(iso)).toEqual(["2026-03-02T23:00:00Z", "2026-03-09T22:00:00Z"]);
  });
});

describe("COUNT, UNTIL, EXDATE", () => {
  const base = { dtstartLocal: "2026-06-01T09:00", timeZone: PARIS };
  it("COUNT stops the series", () => {
    expect(firstOccurrences({ ...base, rrule: "FREQ=DAILY;COUNT=3" }, 100)).toHaveLength(3);
  });
  it("UNTIL as local wall time is inclusive", () => {
    const occ = firstOccurrences({ ...base, rrule: "FREQ=DAILY;UNTIL=20260603T090000" }, 100);
    expect(occ.map((d) => local(d))).toEqual(["2026-06-01 09:00 +02:00", "2026-06-02 09:00 +02:00", "2026-06-03 09:00 +02:00"]);
  });
  it("UNTIL as a date alone includes that whole day", () => {
    const occ = firstOccurrences({ ...base, rrule: "FREQ=DAILY;UNTIL=20260603" }, 100);
    expect(occ.map((d) => local(d))).toEqual(["2026-06-01 09:00 +02:00", "2026-06-02 09:00 +02:00", "2026-06-03 09:00 +02:00"]);
    expect(firstOccurrences({ ...base, rrule: "FREQ=HOURLY;UNTIL=20260601" }, 100).map((d) => local(d)).at(-1)).toBe("2026-06-01 23:00 +02:00");
  });
  it("UNTIL in UTC (Z) is an instant", () => {
    // 07:00Z = 09:00 Paris (summer): the 3 June occurrence is included, the 4th is not.
    expect(firstOccurrences({ ...base, rrule: "FREQ=DAILY;UNTIL=20260603T070000Z" }, 100)).toHaveLength(3);
    expect(firstOccurrences({ ...base, rrule: "FREQ=DAILY;UNTIL=20260603T065959Z" }, 100)).toHaveLength(2);
  });
  it("EXDATE removes occurrences given in local time", () => {
    const occ = firstOccurrences({ ...base, rrule: "FREQ=DAILY;COUNT=4", exdatesLocal: ["2026-06-02T09:00:00"] }, 100);
    expect(occ.map((d) => local(d).slice(0, 10))).toEqual(["2026-06-01", "2026-06-03", "2026-06-04"]);
  });
  it("BYDAY picks weekdays", () => {
    const occ = firstOccurrences({ ...base, rrule: "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4" }, 100);
    expect(occ.map((d) => DateTime.fromJSDate(d, { zone: PARIS }).toFormat("ccc dd"))).toEqual(["Mon 01", "Wed 03", "Mon 08", "Wed 10"]);
  });
});

describe("next occurrence", () => {
  const s = { rrule: "FREQ=DAILY", dtstartLocal: "2026-03-27T09:00", timeZone: PARIS };
  it("is strictly after the given instant", () => {
    expect(iso(nextOccurrence(s, new Date("2026-03-28T08:00:00Z"))!)).toBe("2026-03-29T07:00:00Z");
    expect(iso(nextOccurrence(s, new Date("2026-03-28T07:59:59Z"))!)).toBe("2026-03-28T08:00:00Z");
  });
  it("is null when the series is over", () => {
    expect(nextOccurrence({ ...s, rrule: "FREQ=DAILY;COUNT=2" }, new Date("2026-03-28T08:00:00Z"))).toBeNull();
  });
  it("lists occurrences in a window", () => {
    expect(occurrencesBetween(s, new Date("2026-04-01T00:00:00Z"), new Date("2026-05-01T00:00:00Z"))).toHaveLength(30);
  });
});

describe("occurrences in a calendar period", () => {
  // The one-pass expansion must agree with stepping occurrence by occurrence, DST changes and exclusions included.
  const cases: [string, { rrule: string; dtstartLocal: string; timeZone: string; exdatesLocal?: string[] }, string, string][] = [
    ["daily across the spring change", { rrule: "FREQ=DAILY", dtstartLocal: "2026-03-20T09:00", timeZone: PARIS }, "2026-03-25T00:00:00Z", "2026-04-05T00:00:00Z"],
    ["hourly through the skipped hour", { rrule: "FREQ=HOURLY", dtstartLocal: "2026-03-28T20:00", timeZone: PARIS }, "2026-03-28T22:00:00Z", "2026-03-29T05:00:00Z"],
    ["hourly through the repeated hour", { rrule: "FREQ=HOURLY", dtstartLocal: "2026-10-24T20:00", timeZone: PARIS }, "2026-10-24T22:00:00Z", "2026-10-25T05:00:00Z"],
    ["daily 02:30 on both change days", { rrule: "FREQ=DAILY", dtstartLocal: "2026-03-27T02:30", timeZone: PARIS }, "2026-03-27T00:00:00Z", "2026-04-02T00:00:00Z"],
    ["weekly with an exclusion and a count", { rrule: "FREQ=WEEKLY;BYDAY=MO,TH;COUNT=12", dtstartLocal: "2026-01-05T18:00", timeZone: "America/New_York", exdatesLocal: ["2026-01-15T18:00"] }, "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z"],
    ["hourly every 5 h, a year old, over the autumn change", { rrule: "FREQ=HOURLY;INTERVAL=5", dtstartLocal: "2025-06-01T03:17", timeZone: PARIS }, "2026-10-20T00:00:00Z", "2026-11-02T00:00:00Z"],
    ["every other week on two days, years old", { rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SA;WKST=SU", dtstartLocal: "2023-02-07T12:00", timeZone: "Australia/Sydney" }, "2026-03-20T00:00:00Z", "2026-05-20T00:00:00Z"],
    ["daily with BYHOUR, old, with an exclusion in range", { rrule: "FREQ=DAILY;BYHOUR=8,20", dtstartLocal: "2024-01-01T08:00", timeZone: PARIS, exdatesLocal: ["2026-03-30T20:00"] }, "2026-03-27T00:00:00Z", "2026-04-03T00:00:00Z"],
    ["monthly on the 31st (no fixed period)", { rrule: "FREQ=MONTHLY;BYMONTHDAY=31", dtstartLocal: "2025-01-31T10:00", timeZone: PARIS }, "2026-01-01T00:00:00Z", "2026-12-31T23:00:00Z"],
    ["a range starting mid-series", { rrule: "FREQ=DAILY;UNTIL=20260420T000000Z", dtstartLocal: "2025-01-01T07:45", timeZone: PARIS }, "2026-04-10T06:00:00Z", "2026-05-01T00:00:00Z"],
  ];
  for (const [name, series, from, to] of cases) {
    it(name, () => {
      const expected = occurrencesBetween(series, new Date(from), new Date(to)).map(iso);
      expect(expected.length).toBeGreaterThan(2);
      expect(occurrencesInRange(series, new Date(from), new Date(to)).map(iso)).toEqual(expected);
    });
  }
  it("the next occurrence and the preview agree with the plain reading for old series", () => {
    for (const [, series, from, to] of cases) {
      const expected = occurrencesBetween(series, new Date(from), new Date(to));
      expect(firstOccurrences(series, 3, new Date(from)).map(iso)).toEqual(occurrencesBetween(series, new Date(from), new Date("2100-01-01T00:00:00Z"), 3).map(iso));
      for (let i = 1; i < expected.length; i++) expect(iso(nextOccurrence(series, expected[i - 1]!)!)).toBe(iso(expected[i]!));
    }
  });
  it("stops at the limit", () => {
    expect(occurrencesInRange({ rrule: "FREQ=HOURLY", dtstartLocal: "2026-01-01T00:00", timeZone: PARIS }, new Date("2026-01-01T00:00:00Z"), new Date("2026-02-01T00:00:00Z"), 10)).toHaveLength(10);
  });
});

describe("every expansion is bounded (issue 9 A)", { timeout: 10_000 }, () => {
  const never = [
    "FREQ=HOURLY;INTERVAL=3;BYDAY=SA,SU;BYHOUR=9,12,15,18",
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31",
    "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31",
    "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=3;BYSETPOS=3",
    "FREQ=DAILY;INTERVAL=7;BYDAY=TU",
  ];
  const now = new Date("2026-06-01T00:00:00Z");
  for (const rrule of never) {
    it(`${rrule}: no occurrence, or a RecurrenceError, from every function`, () => {
      // 2026-06-06 is a Saturday.
      const s = { rrule, dtstartLocal: "2026-06-06T10:00", timeZone: PARIS };
      const quiet = <T>(f: () => T): T | "refused" => {
        try {
          return f();
        } catch (err) {
          if (err instanceof RecurrenceError) return "refused";
          throw err;
        }
      };
      expect([null, "refused"]).toContain(quiet(() => nextOccurrence(s, now)));
      expect([[], "refused"]).toContainEqual(quiet(() => firstOccurrences(s, 5, now)));
      expect([[], "refused"]).toContainEqual(quiet(() => occurrencesInRange(s, now, new Date("2026-08-01T00:00:00Z"))));
      expect([[], "refused"]).toContainEqual(quiet(() => occurrencesBetween(s, now, new Date("2026-08-01T00:00:00Z"))));
      expect(() => checkSeries(s, now)).toThrow(RecurrenceError);
    });
  }
  it("a rare but real date is found within the horizon (29 February)", () => {
    const s = { rrule: "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29", dtstartLocal: "2026-06-06T10:00", timeZone: PARIS };
    expect(nextOccurrence(s, now)?.toISOString()).toBe("2028-02-29T09:00:00.000Z");
    expect(() => checkSeries(s, now)).not.toThrow();
  });
});

describe("rules and instants", () => {
  it("normalizes and refuses bad rules with readable messages", () => {
    expect(normalizeRrule("RRULE:freq=daily;count=3")).toBe("FREQ=DAILY;COUNT=3");
    expect(() => normalizeRrule("FREQ=MINUTELY")).toThrow("Posts can repeat at most every hour");
    expect(() => normalizeRrule("FREQ=SOMETIMES")).toThrow('Unknown frequency "SOMETIMES"');
    expect(() => normalizeRrule("FREQ=DAILY;FOO=1")).toThrow('Unknown part "FOO" in the rule');
    expect(() => normalizeRrule("FREQ=DAILY;FREQ=WEEKLY")).toThrow("FREQ is given twice");
    expect(() => normalizeRrule("FREQ=HOURLY;BYSECOND=0,10,20,30")).toThrow(/^Posts can repeat at most every hour/);
    expect(() => normalizeRrule("FREQ=MONTHLY;BYDAY=0MO")).toThrow(/BYDAY must list weekdays/);
    expect(normalizeRrule("FREQ=MONTHLY;BYDAY=-1FR,2MO;BYMONTHDAY=-1;WKST=SU")).toBe("FREQ=MONTHLY;BYDAY=-1FR,2MO;BYMONTHDAY=-1;WKST=SU");
    expect(() => normalizeRrule("COUNT=3")).toThrow(/frequency/);
    expect(() => normalizeRrule("FREQ=DAILY;COUNT=3;UNTIL=20260101T000000Z")).toThrow(/COUNT or UNTIL/);
    expect(() => normalizeRrule("DTSTART:20260101T000000\nRRULE:FREQ=DAILY")).toThrow(/start date/);
  });
  it("reads a one-off time in its named zone, whatever the server's zone", () => {
    expect(iso(publishInstant("2026-07-14T10:00", PARIS))).toBe("2026-07-14T08:00:00Z");
    expect(iso(publishInstant("2026-07-14T10:00", "America/Sao_Paulo"))).toBe("2026-07-14T13:00:00Z");
    expect(iso(localToInstant("2026-03-29T02:15", PARIS))).toBe("2026-03-29T01:15:00Z");
  });
});
