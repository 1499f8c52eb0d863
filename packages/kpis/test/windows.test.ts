import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { sql } from "@sillage/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextRunAfterWindowEnd, windowOf, windowsBetween } from "../src";

const iso = (w: { start: Date; end: Date }) => [w.start.toISOString(), w.end.toISOString()];

describe("windows on the wall clock (luxon)", () => {
  it("Paris, spring day 2027-03-28: 02–04 lasts one hour", () => {
    const day = windowsBetween("Europe/Paris", new Date("2027-03-27T23:00:00Z"), new Date("2027-03-28T22:00:00Z"));
    expect(day).toHaveLength(12);
    expect(day.slice(0, 3).map(iso)).toEqual([
      ["2027-03-27T23:00:00.000Z", "2027-03-28T01:00:00.000Z"],
      ["2027-03-28T01:00:00.000Z", "2027-03-28T02:00:00.000Z"],
      ["2027-03-28T02:00:00.000Z", "2027-03-28T04:00:00.000Z"],
    ]);
    expect(iso(day[11]!)).toEqual(["2027-03-28T20:00:00.000Z", "2027-03-28T22:00:00.000Z"]);
    expect(day.reduce((s, w) => s + (w.end.getTime() - w.start.getTime()) / 60_000, 0)).toBe(23 * 60);
  });

  it("Paris, autumn day 2027-10-31: 02–04 lasts three hours, both 02:30s in it", () => {
    expect(iso(windowOf("Europe/Paris", new Date("2027-10-31T00:30:00Z")))).toEqual(["2027-10-31T00:00:00.000Z", "2027-10-31T03:00:00.000Z"]);
    expect(iso(windowOf("Europe/Paris", new Date("2027-10-31T01:30:00Z")))).toEqual(["2027-10-31T00:00:00.000Z", "2027-10-31T03:00:00.000Z"]);
    expect(iso(windowOf("Europe/Paris", new Date("2027-10-30T23:59:00Z")))).toEqual(["2027-10-30T22:00:00.000Z", "2027-10-31T00:00:00.000Z"]);
    const day = windowsBetween("Europe/Paris", new Date("2027-10-30T22:00:00Z"), new Date("2027-10-31T23:00:00Z"));
    expect(day).toHaveLength(12);
    expect(day.reduce((s, w) => s + (w.end.getTime() - w.start.getTime()) / 60_000, 0)).toBe(25 * 60);
  });

  it("half-hour zones: Asia/Kolkata windows start at :30 UTC; St John's at :30 too", () => {
    expect(iso(windowOf("Asia/Kolkata", new Date("2027-03-28T18:29:00Z")))).toEqual(["2027-03-28T16:30:00.000Z", "2027-03-28T18:30:00.000Z"]);
    expect(iso(windowOf("Asia/Kolkata", new Date("2027-03-28T18:31:00Z")))).toEqual(["2027-03-28T18:30:00.000Z", "2027-03-28T20:30:00.000Z"]);
    // Newfoundland in summer time (UTC−2:30).
    expect(iso(windowOf("America/St_Johns", new Date("2027-07-01T12:00:00Z")))).toEqual(["2027-07-01T10:30:00.000Z", "2027-07-01T12:30:00.000Z"]);
  });

  it("the next run starts one minute after the earliest window end among the zones in use (within 10 minutes)", () => {
    const now = new Date("2027-03-28T01:30:00Z");
    // Paris: 02–04 (1 h) ends 02:00Z; Kolkata 06–08 local ends 02:30Z.
    expect(nextRunAfterWindowEnd(["Europe/Paris", "Asia/Kolkata"], now).toISOString()).toBe("2027-03-28T02:01:00.000Z");
    expect(nextRunAfterWindowEnd(["Asia/Kolkata"], now).toISOString()).toBe("2027-03-28T02:31:00.000Z");
  });
});

describe("the SQL boundaries agree with luxon", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it("every 10 minutes over both Paris DST days and in Kolkata, St John's, Lord Howe (30-minute DST)", async () => {
    const cases: [string, Date][] = [];
    for (const [zone, from] of [
      ["Europe/Paris", "2027-03-27T20:00:00Z"],
      ["Europe/Paris", "2027-10-30T20:00:00Z"],
      ["Asia/Kolkata", "2027-03-28T00:00:00Z"],
      ["America/St_Johns", "2027-03-14T00:00:00Z"],
      ["America/St_Johns", "2027-11-07T00:00:00Z"],
      ["Australia/Lord_Howe", "2027-10-02T10:00:00Z"],
      ["Australia/Lord_Howe", "2027-04-03T10:00:00Z"],
    ] as const) {
      for (let m = 0; m < 30 * 60; m += 10) cases.push([zone, new Date(new Date(from).getTime() + m * 60_000)]);
    }
    const { rows } = await sql<{ s: Date; e: Date }>`
      SELECT sillage.kpi_window_start(t, z) AS s, sillage.kpi_window_end(t, z) AS e
      FROM unnest(${cases.map((c) => c[0])}::text[], ${cases.map((c) => c[1].toISOString())}::timestamptz[]) WITH ORDINALITY AS x(z, t, n) ORDER BY n`.execute(db.db);
    const fromSql = rows.map((r) => [r.s.toISOString(), r.e.toISOString()]);
    expect(fromSql).toEqual(cases.map(([z, t]) => iso(windowOf(z, t))));
  });
});
