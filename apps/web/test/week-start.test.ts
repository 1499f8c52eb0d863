import { describe, expect, it } from "vitest";
import { firstDayFromTable, firstDayOfWeek, gridDays, weekStart } from "../src/components/schedule/dates";

// 2027-01-01 is a Friday; 2027-01-03 a Sunday, 2027-01-04 a Monday.
describe("the calendar's weeks start on the reader's locale's first day", () => {
  it("US English on Sunday, British English and French on Monday, Egyptian Arabic on Saturday", () => {
    expect(firstDayOfWeek("en-US")).toBe(0);
    expect(firstDayOfWeek("en-CA")).toBe(0);
    expect(firstDayOfWeek("en-GB")).toBe(1);
    expect(firstDayOfWeek("fr-FR")).toBe(1);
    expect(firstDayOfWeek("ar-EG")).toBe(6);
    expect(firstDayOfWeek("not a locale")).toBe(1);
  });

  it("a week view: Sunday to Saturday in the US, Monday to Sunday in France", () => {
    expect(gridDays("week", "2027-01-06", firstDayOfWeek("en-US"))).toEqual(["2027-01-03", "2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07", "2027-01-08", "2027-01-09"]);
    expect(gridDays("week", "2027-01-06", firstDayOfWeek("fr-FR"))[0]).toBe("2027-01-04");
    // A Sunday opens its own week in the US, ends the previous one in France.
    expect(weekStart("2027-01-03", 0)).toBe("2027-01-03");
    expect(weekStart("2027-01-03", 1)).toBe("2026-12-28");
  });

  it("a month view: six weeks from the week holding the 1st, on the locale's first day", () => {
    const us = gridDays("month", "2027-01-15", 0);
    expect([us[0], us[41], us.length]).toEqual(["2026-12-27", "2027-02-06", 42]);
    const fr = gridDays("month", "2027-01-15", 1);
    expect([fr[0], fr[41]]).toEqual(["2026-12-28", "2027-02-07"]);
  });

  it("the fallback table (browsers without Intl.Locale week info) agrees with the runtime's CLDR data", () => {
    const regions = "AE AF AR AU BR CA CN DE EG ES FR GB IL IN IR IS IT JP KR MA MV MX NL PK PT SA SE SG TR US ZA".split(" ");
    for (const region of regions) {
      const info = (new Intl.Locale(`und-${region}`) as Intl.Locale & { weekInfo?: { firstDay: number } }).weekInfo;
      if (info) expect([region, firstDayFromTable(`en-${region}`)]).toEqual([region, info.firstDay % 7]);
    }
    // A locale without a region takes its language's usual one.
    expect(firstDayFromTable("en")).toBe(0);
    expect(firstDayFromTable("fr")).toBe(1);
  });
});
