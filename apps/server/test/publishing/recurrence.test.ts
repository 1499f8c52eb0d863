/**
 * Recurrence rules through the real router and runner (issue 9, items A and 5): no rule can freeze an entry point,
 * rules are refused in words a person can act on, posts are at least an hour apart on the actual occurrences, a
 * series ends `completed`, and an hourly series follows real hours across the autumn change.
 */
import { advanceSeries, enqueueDuePosts, materialize, runPublication } from "@sillage/publishing";
import { sql } from "@sillage/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer, type TrpcResult } from "../harness";
import { connectWhatsApp, publicationsOf, waTemplate } from "./helpers";

let server: TestServer;
let owner: ApiSession;
let wa: Awaited<ReturnType<typeof connectWhatsApp>>;

beforeAll(async () => {
  server = await startTestServer();
  owner = await ApiSession.signup(server.url, { email: "rules@example.com", workspaceName: "Rules" });
  wa = await connectWhatsApp(server, owner);
});
afterAll(async () => {
  await server.close();
});

const PARIS = "Europe/Paris";
const content = waTemplate(["33611119001"]);
const rruleError = (r: TrpcResult) => (r.ok ? undefined : (r.data.fieldErrors as Record<string, string[]> | undefined)?.rrule?.[0]);
const create = (rrule: string, dtstart: string, extra: Record<string, unknown> = {}) => owner.mutation("posts.create", { channelIds: [wa.channelId], timeZone: PARIS, rrule, dtstart, content, ...extra });
const postRow = (id: string) => server.db.db.selectFrom("scheduled_posts").select(["status", "next_occurrence_at"]).where("id", "=", id).executeTakeFirstOrThrow();
const workerDeps = (now: Date) => ({ db: server.db.db, clock: { now: () => now }, connectors: server.connectors, secretBox: server.secretBox, media: server.media, logger: server.logger, workerId: "test" });

/** A rule stored as it could have been before rules were checked (the API refuses it now). */
async function storedSeries(rrule: string, dtstart: string, next: Date): Promise<string> {
  const { rows } = await sql<{ id: string }>`insert into scheduled_posts (workspace_id, content, rrule, dtstart_local, time_zone, next_occurrence_at)
    values (${owner.workspaceId}, ${JSON.stringify(content)}::jsonb, ${rrule}, ${dtstart}::timestamp, ${PARIS}, ${next}) returning id`.execute(server.db.db);
  const id = rows[0]!.id;
  await server.db.db.insertInto("post_channels").values({ post_id: id, channel_id: wa.channelId, workspace_id: owner.workspaceId! }).execute();
  return id;
}

// 2031-06-07 is a Saturday; 10:00 is the start time of the rule.
const START = "2031-06-07T10:00";
/** Rules with no occurrence at all: each made rrule step to the year 9999 (or for ever) before. */
const NEVER = [
  "FREQ=HOURLY;INTERVAL=3;BYDAY=SA,SU;BYHOUR=9,12,15,18", // the issue's: from 10:00, every 3 h never lands on 9, 12, 15, 18
  "FREQ=HOURLY;INTERVAL=2;BYHOUR=9", // even steps from an even hour never reach an odd one
  "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31",
  "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30",
  "FREQ=WEEKLY;BYMONTH=4;BYMONTHDAY=31",
  "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30,31",
  "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=3;BYSETPOS=3", // one date a year, the third of it
  "FREQ=MONTHLY;BYDAY=5MO;BYMONTHDAY=1", // a fifth Monday is never the 1st
  "FREQ=YEARLY;BYWEEKNO=1;BYMONTH=7",
  "FREQ=DAILY;INTERVAL=7;BYDAY=TU", // every 7 days from a Saturday never meets a Tuesday
  "FREQ=DAILY;BYYEARDAY=366;BYMONTH=1",
];

describe("no rule freezes an entry point (issue 9 A)", { timeout: 20_000 }, () => {
  it("create, update and preview answer every never-matching rule with a field error on rrule", async () => {
    const { id } = ok<{ id: string }>(await create("FREQ=DAILY", START));
    for (const rrule of NEVER) {
      const created = await create(rrule, START);
      expect(created, rrule).toMatchObject({ ok: false, code: "BAD_REQUEST" });
      expect(rruleError(created), rrule).toMatch(/never reaches|gives no date in the next (year|5 years)/);
      const updated = await owner.mutation("posts.update", { id, channelIds: [wa.channelId], timeZone: PARIS, rrule, dtstart: START, content });
      expect(rruleError(updated), rrule).toBe(rruleError(created));
      const preview = await owner.query("posts.previewOccurrences", { rrule, dtstart: START, timeZone: PARIS });
      expect(rruleError(preview), rrule).toBe(rruleError(created));
    }
    // The refused edits left the series as it was.
    expect((await publicationsOf(server, id)).map((p) => p.due_at.toISOString())).toEqual(["2031-06-07T08:00:00.000Z"]);
    // The server still answers at once.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    ok(await owner.mutation("posts.cancel", { id }));
  });

  it("other pathological rules get a bounded answer: a field error, or occurrences", async () => {
    // Huge intervals: one occurrence, then the series is over (the next lies beyond the horizon).
    const hourly = ok<{ id: string; nextDueAt: string }>(await create("FREQ=HOURLY;INTERVAL=100000", START));
    expect(new Date(hourly.nextDueAt).toISOString()).toBe("2031-06-07T08:00:00.000Z");
    expect((await postRow(hourly.id)).next_occurrence_at).toBeNull();
    const yearly = ok<{ occurrences: string[] }>(await owner.query("posts.previewOccurrences", { rrule: "FREQ=YEARLY;INTERVAL=100000", dtstart: START, timeZone: PARIS }));
    expect(yearly.occurrences).toHaveLength(1);
    // COUNT: at most 10,000 posts; the largest is computed from its start at each step, quickly.
    expect(rruleError(await create("FREQ=DAILY;COUNT=100000000", START))).toMatch(/COUNT must be from 1 to 10,000/);
    ok(await create("FREQ=DAILY;COUNT=10000", START));
    // A long EXDATE list removing the next 500 hours: the preview steps over them.
    const exdates = Array.from({ length: 500 }, (_, i) => new Date(Date.UTC(2031, 5, 7, 10 + i)).toISOString().slice(0, 16));
    const skipped = ok<{ occurrences: string[] }>(await owner.query("posts.previewOccurrences", { rrule: "FREQ=HOURLY", dtstart: START, timeZone: PARIS, exdates, count: 2 }));
    expect(skipped.occurrences.map((d) => new Date(d).toISOString())).toEqual(["2031-06-28T04:00:00.000Z", "2031-06-28T05:00:00.000Z"]);
    // BYSETPOS in an hourly rule means nothing (and would scan a whole year): refused.
    expect(rruleError(await create("FREQ=HOURLY;BYSETPOS=2", START))).toMatch(/BYSETPOS has no meaning/);
    // A start long ago (a monthly rule is expanded from its start every time).
    expect(rruleError(await create("FREQ=MONTHLY", "1200-01-01T09:00"))).toMatch(/first date in 2000 or later/);
  });

  it("the calendar, the series advance and the minute sweep stay bounded on rules stored before the checks", async () => {
    const due = new Date("2031-06-07T08:00:00.000Z");
    const ids: string[] = [];
    for (const rrule of NEVER) ids.push(await storedSeries(rrule, START, due));
    // Calendar: answers, with none of their (impossible) occurrences.
    const cal = ok<{ items: { postId: string }[] }>(await owner.query("posts.calendar", { from: "2031-06-01T00:00:00Z", to: "2031-08-01T00:00:00Z" }));
    expect(cal.items.filter((i) => ids.includes(i.postId))).toEqual([]);
    // Series advance as the runner does it: the occurrence stored goes out, then the series is over and completed.
    const [first] = ids;
    const [pubId] = await materialize(server.db.db, { postId: first!, workspaceId: owner.workspaceId!, channelIds: [wa.channelId], dueAt: due });
    expect(await runPublication(workerDeps(due), pubId!)).toBe("published");
    expect(await postRow(first!)).toEqual({ status: "completed", next_occurrence_at: null });
    // Repair sweep: the occurrence each had stored is materialized, and there the series ends (no hang, no backlog).
    await enqueueDuePosts(server.db.db, due);
    for (const id of ids.slice(1)) {
      expect(await postRow(id), id).toEqual({ status: "active", next_occurrence_at: null });
      expect((await publicationsOf(server, id)).map((p) => [p.due_at.toISOString(), p.status]), id).toEqual([[due.toISOString(), "queued"]]);
    }
    expect(await advanceSeries(server.db.db, ids[1]!, due, due)).toBeNull();
  });
});

describe("rules are refused in plain words (issue 9 item 5)", () => {
  it("tells an unknown frequency, a too-fast frequency and an unknown part apart", async () => {
    expect(rruleError(await create("FREQ=SOMETIMES", START))).toBe('Unknown frequency "SOMETIMES": use HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY');
    expect(rruleError(await create("FREQ=MINUTELY", START))).toBe("Posts can repeat at most every hour");
    expect(rruleError(await create("FREQ=SECONDLY", START))).toBe("Posts can repeat at most every hour");
    expect(rruleError(await create("FREQ=DAILY;COLOR=BLUE", START))).toBe('Unknown part "COLOR" in the rule');
    expect(rruleError(await create("FREQ=DAILY;BYHOUR=25", START))).toBe("BYHOUR must list hours from 0 to 23");
    expect(rruleError(await create("FREQ=DAILY;INTERVAL=-2", START))).toBe("INTERVAL must be a whole number of at least 1");
  });

  it("checks the spacing of the occurrences, not FREQ: seconds or minutes within an hour are refused", async () => {
    expect(rruleError(await create("FREQ=HOURLY;BYSECOND=0,10,20,30", START))).toMatch(/^Posts can repeat at most every hour/);
    expect(rruleError(await create("FREQ=DAILY;BYHOUR=9;BYMINUTE=0,30", START))).toMatch(/^Posts can repeat at most every hour/);
    // Lord Howe Island turns its clocks back by 30 minutes (4 April 2032, 02:00 → 01:30): an hourly series at :45
    // lives 01:45 twice, 30 minutes apart. Only the occurrences show it.
    const lordHowe = await owner.mutation("posts.create", { channelIds: [wa.channelId], timeZone: "Australia/Lord_Howe", rrule: "FREQ=HOURLY;BYMINUTE=45", dtstart: "2032-04-03T20:45", content });
    expect(rruleError(lordHowe)).toBe("Posts can repeat at most every hour: this rule gives two posts 30 minutes apart (2032-04-04 01:45)");
    // Every hour, every day at several hours: accepted.
    ok(await owner.query("posts.previewOccurrences", { rrule: "FREQ=HOURLY", dtstart: START, timeZone: PARIS }));
    ok(await owner.query("posts.previewOccurrences", { rrule: "FREQ=DAILY;BYHOUR=9,10,11", dtstart: START, timeZone: PARIS }));
  });
});

describe("a series whose rule ends is completed (issue 9 item 5)", () => {
  /** Takes and publishes each pending occurrence at its time, as the worker does. */
  async function runAll(postId: string): Promise<string[]> {
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      const pending = (await publicationsOf(server, postId)).filter((p) => p.status === "queued");
      if (!pending.length) break;
      const at = pending[0]!.due_at;
      seen.push(at.toISOString());
      expect((await postRow(postId)).status).toBe("active");
      expect(await runPublication(workerDeps(at), pending[0]!.id)).toBe("published");
    }
    return seen;
  }

  it("COUNT: after its last occurrence goes out", async () => {
    const { id } = ok<{ id: string }>(await create("FREQ=DAILY;COUNT=3", "2032-01-10T09:00"));
    expect(await runAll(id)).toEqual(["2032-01-10T08:00:00.000Z", "2032-01-11T08:00:00.000Z", "2032-01-12T08:00:00.000Z"]);
    expect(await postRow(id)).toEqual({ status: "completed", next_occurrence_at: null });
    const detail = ok<{ status: string }>(await owner.query("posts.get", { id }));
    expect(detail.status).toBe("completed");
  });

  it("UNTIL: after the last occurrence before it, even when that one is skipped (the service was down)", async () => {
    const { id } = ok<{ id: string }>(await create("FREQ=WEEKLY;UNTIL=20320125", "2032-01-12T09:00"));
    const [firstPub] = await publicationsOf(server, id);
    expect(await runPublication(workerDeps(firstPub!.due_at), firstPub!.id)).toBe("published");
    const [, last] = await publicationsOf(server, id);
    expect(last!.due_at.toISOString()).toBe("2032-01-19T08:00:00.000Z");
    expect((await postRow(id)).status).toBe("active");
    // Taken hours late: skipped with its reason; nothing is left to go out.
    expect(await runPublication(workerDeps(new Date(last!.due_at.getTime() + 3 * 3_600_000)), last!.id)).toBe("skipped");
    expect(await postRow(id)).toEqual({ status: "completed", next_occurrence_at: null });
  });

  it("the minute sweep completes a series that ended before this rule existed", async () => {
    const { id } = ok<{ id: string }>(await create("FREQ=DAILY;COUNT=1", "2032-02-01T09:00"));
    // As the runner left it before: published, no next occurrence, still active.
    await server.db.db.updateTable("post_publications").set({ status: "published", published_at: new Date() }).where("post_id", "=", id).execute();
    expect(await postRow(id)).toEqual({ status: "active", next_occurrence_at: null });
    await enqueueDuePosts(server.db.db, server.clock.now());
    expect((await postRow(id)).status).toBe("completed");
  });
});

describe("an hourly series follows real hours (issue 9 item 5)", () => {
  it("posts in both 02:00 hours of the autumn change: 25 posts that day, one an hour", async () => {
    // 31 October 2032: Paris goes from 03:00 summer time back to 02:00.
    const { id } = ok<{ id: string }>(await create("FREQ=HOURLY", "2032-10-30T20:00"));
    const cal = ok<{ items: { postId: string; dueAt: string }[] }>(await owner.query("posts.calendar", { from: "2032-10-30T22:00:00Z", to: "2032-10-31T23:00:00Z" }));
    const dues = cal.items.filter((i) => i.postId === id).map((i) => new Date(i.dueAt).getTime());
    expect(dues).toHaveLength(25);
    for (let i = 1; i < dues.length; i++) expect(dues[i]! - dues[i - 1]!).toBe(3_600_000);
    ok(await owner.mutation("posts.cancel", { id }));
  });
});
