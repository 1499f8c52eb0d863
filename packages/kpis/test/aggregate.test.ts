// Exact fixtures with hand-computed windows: Paris on both DST days, Kolkata (+05:30); idempotence; late data; FRT
// edge cases (answered in the next window, never answered, answered by the AI then by a person).
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backfillKpis, listKpiWindows, runIncremental, windowsBetween } from "../src";
import { comment, conversation, decision, message, published, stored, workspace, zero } from "./world";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe("Paris, spring day 2027-03-28 (02–04 lasts one hour)", () => {
  let ws: Awaited<ReturnType<typeof workspace>>;
  let c2: string;
  beforeAll(async () => {
    const d = db.db;
    ws = await workspace(d, "Europe/Paris");
    const c1 = await conversation(d, ws.id, ws.wa);
    c2 = await conversation(d, ws.id, ws.wa);
    const c3 = await conversation(d, ws.id, ws.ig);
    // c1: one turn (two messages) answered by the AI after 20 min, then by a person after 40 min.
    await message(d, ws.id, ws.wa, c1, "customer", "2027-03-28T00:30:00Z"); // local 01:30, window 00–02
    await message(d, ws.id, ws.wa, c1, "customer", "2027-03-28T00:40:00Z");
    await message(d, ws.id, ws.wa, c1, "ai", "2027-03-28T00:50:00Z");
    await message(d, ws.id, ws.wa, c1, "agent", "2027-03-28T01:10:00Z");
    // A new turn at local 03:20 (window 02–04, 01:00Z–02:00Z), answered at local 04:20: the next window.
    await message(d, ws.id, ws.wa, c1, "customer", "2027-03-28T01:20:00Z");
    await message(d, ws.id, ws.wa, c1, "agent", "2027-03-28T02:20:00Z");
    // c2: never answered (a failed send and a system message are not answers).
    await message(d, ws.id, ws.wa, c2, "customer", "2027-03-28T01:30:00Z");
    await message(d, ws.id, ws.wa, c2, "agent", "2027-03-28T01:31:00Z", "failed");
    await message(d, ws.id, ws.wa, c2, "system", "2027-03-28T01:32:00Z");
    // c3 (Instagram): answered by the AI after 60 s at local 04:10 (window 04–06).
    await message(d, ws.id, ws.ig, c3, "customer", "2027-03-28T02:10:00Z");
    await message(d, ws.id, ws.ig, c3, "ai", "2027-03-28T02:11:00Z");
    await decision(d, ws.id, c1, "AUTO_REPLY", "2027-03-28T00:45:00Z", "sent");
    await decision(d, ws.id, c2, "ESCALATE", "2027-03-28T01:35:00Z");
    await decision(d, ws.id, c3, "AUTO_REPLY", "2027-03-28T02:10:30Z", "sent");
    await decision(d, ws.id, c3, "IGNORE", "2027-03-28T02:30:00Z");
    // Comments in window 02–04 on two posts, and our own reply (not counted); a post published there.
    await comment(d, ws.id, ws.ig, "M1", "2027-03-28T01:15:00Z");
    await comment(d, ws.id, ws.ig, "M2", "2027-03-28T01:50:00Z");
    const cm = await comment(d, ws.id, ws.ig, "M1", "2027-03-28T01:55:00Z");
    await comment(d, ws.id, ws.ig, "M1", "2027-03-28T01:56:00Z", true);
    await decision(d, ws.id, null, "ESCALATE", "2027-03-28T01:57:00Z", "not_applicable", cm);
    await published(d, ws.id, ws.ig, "2027-03-28T01:05:00Z");
  });

  const W0 = "2027-03-27T23:00:00.000Z";
  const W1 = "2027-03-28T01:00:00.000Z";
  const W2 = "2027-03-28T02:00:00.000Z";

  it("stores the workspace total and each channel, with the 1-hour window", async () => {
    const first = await runIncremental(db.db);
    expect(first.windows).toBeGreaterThanOrEqual(3);
    const total = await stored(db.db, ws.id);
    expect(total).toEqual({
      [W0]: { ...zero, end: W1, messages: 2, turns: 1, frt: [1200], human: [2400], p50: 1200, humanP50: 2400, decisions: 1, sent: 1, rate: 1 },
      [W1]: { ...zero, end: W2, messages: 2, comments: 3, turns: 2, frt: [3600], human: [3600], p50: 3600, humanP50: 3600, unanswered: 1, decisions: 2, escalate: 2, rate: 0, published: 1, active: 2 },
      [W2]: { ...zero, end: "2027-03-28T04:00:00.000Z", messages: 1, turns: 1, frt: [60], p50: 60, decisions: 2, sent: 1, rate: 0.5, ignored: 1 },
    });
    expect(await stored(db.db, ws.id, ws.wa)).toEqual({
      [W0]: { ...zero, end: W1, messages: 2, turns: 1, frt: [1200], human: [2400], p50: 1200, humanP50: 2400, decisions: 1, sent: 1, rate: 1 },
      [W1]: { ...zero, end: W2, messages: 2, turns: 2, frt: [3600], human: [3600], p50: 3600, humanP50: 3600, unanswered: 1, decisions: 1, escalate: 1, rate: 0 },
    });
    expect(await stored(db.db, ws.id, ws.ig)).toEqual({
      [W1]: { ...zero, end: W2, comments: 3, decisions: 1, escalate: 1, rate: 0, published: 1, active: 2 },
      [W2]: { ...zero, end: "2027-03-28T04:00:00.000Z", messages: 1, turns: 1, frt: [60], p50: 60, decisions: 2, sent: 1, rate: 0.5, ignored: 1 },
    });
  });

  it("a rerun changes nothing (not even updated_at)", async () => {
    const before = await db.db.selectFrom("kpi_windows").selectAll().where("workspace_id", "=", ws.id).orderBy("id").execute();
    const again = await runIncremental(db.db);
    expect(again.upserted).toBe(0);
    expect(again.deleted).toBe(0);
    const backfill = await backfillKpis(db.db, { from: new Date("2027-03-27T00:00:00Z"), to: new Date("2027-03-29T00:00:00Z"), workspaceId: ws.id });
    expect(backfill.windows).toBe(12 * 2 + 1); // the 27th and 28th, and 29th 00–02 local (28th 22:00Z)
    expect(backfill.upserted).toBe(0);
    expect(await db.db.selectFrom("kpi_windows").selectAll().where("workspace_id", "=", ws.id).orderBy("id").execute()).toEqual(before);
  });

  it("late data recomputes the windows it falls in: a delayed message, a late answer to an old turn", async () => {
    const late = await conversation(db.db, ws.id, ws.wa);
    await message(db.db, ws.id, ws.wa, late, "customer", "2027-03-27T23:30:00Z");
    // c2's turn (window 02–04) is answered three days later: the turn's window changes, not the answer's.
    await message(db.db, ws.id, ws.wa, c2, "agent", "2027-03-31T01:30:00Z");
    await runIncremental(db.db);
    const total = await stored(db.db, ws.id);
    expect(total[W0]).toMatchObject({ messages: 3, turns: 2, frt: [1200], unanswered: 1 });
    expect(total[W1]).toMatchObject({ unanswered: 0, frt: [3600, 259200], human: [3600, 259200], p50: (3600 + 259200) / 2 });
    expect(Object.keys(total)).not.toContain("2027-03-30T22:00:00.000Z"); // the answer adds no window of its own
  });

  it("the API's frame: the day's 12 windows, zero-filled, the same as luxon's, 60 minutes for 02–04", async () => {
    const from = new Date("2027-03-27T23:00:00Z");
    const to = new Date("2027-03-28T22:00:00Z");
    const { timeZone, windows } = await db.db.transaction().execute((trx) => listKpiWindows(trx, { workspaceId: ws.id, from, to, channelId: ws.wa }));
    expect(timeZone).toBe("Europe/Paris");
    expect(windows.map((w) => [w.windowStart.toISOString(), w.windowEnd.toISOString()])).toEqual(windowsBetween("Europe/Paris", from, to).map((w) => [w.start.toISOString(), w.end.toISOString()]));
    expect(windows.map((w) => w.minutes)).toEqual([120, 60, ...Array(10).fill(120)]);
    // After the late answer above: both turns answered.
    expect(windows[1]).toMatchObject({ messages_count: 2, turns_count: 2, frt_p50_seconds: (3600 + 259200) / 2, unanswered_turns: 0, escalate_count: 1, auto_reply_rate: 0 });
    expect(windows[5]).toMatchObject({ messages_count: 0, frt_p50_seconds: null, auto_reply_rate: null });
  });

  it("a window whose data is gone loses its rows", async () => {
    await db.db.deleteFrom("post_publications").where("workspace_id", "=", ws.id).execute();
    await db.db.deleteFrom("comments").where("workspace_id", "=", ws.id).execute();
    await backfillKpis(db.db, { from: new Date(W1), to: new Date(W2), workspaceId: ws.id });
    expect(await stored(db.db, ws.id, ws.ig)).not.toHaveProperty(W1);
    expect((await stored(db.db, ws.id))[W1]).toMatchObject({ comments: 0, active: 0, published: 0, messages: 2 });
  });
});

describe("Paris, autumn day 2027-10-31 (02–04 lasts three hours)", () => {
  it("messages at 02:10 summer time, 02:50 winter time and 03:30 fall in one window", async () => {
    const d = db.db;
    const ws = await workspace(d, "Europe/Paris");
    const c = await conversation(d, ws.id, ws.wa);
    await message(d, ws.id, ws.wa, c, "customer", "2027-10-31T00:10:00Z"); // 02:10 CEST
    await message(d, ws.id, ws.wa, c, "agent", "2027-10-31T01:10:00Z"); // 02:10 CET: 3600 s
    await message(d, ws.id, ws.wa, c, "customer", "2027-10-31T01:50:00Z"); // 02:50 CET
    await message(d, ws.id, ws.wa, c, "ai", "2027-10-31T01:51:00Z"); // 60 s
    await message(d, ws.id, ws.wa, c, "customer", "2027-10-31T02:30:00Z"); // 03:30 CET, never answered
    await message(d, ws.id, ws.wa, c, "customer", "2027-10-31T03:05:00Z"); // 04:05: window 04–06, same turn
    await runIncremental(d);
    expect(await stored(d, ws.id)).toEqual({
      "2027-10-31T00:00:00.000Z": { ...zero, end: "2027-10-31T03:00:00.000Z", messages: 3, turns: 3, frt: [60, 3600], human: [3600], p50: 1830, humanP50: 3600, unanswered: 1 },
      "2027-10-31T03:00:00.000Z": { ...zero, end: "2027-10-31T05:00:00.000Z", messages: 1 },
    });
  });
});

describe("Asia/Kolkata (+05:30)", () => {
  it("a turn begun at local 23:59 is the day's last window; the message at 00:01 continues it", async () => {
    const d = db.db;
    const ws = await workspace(d, "Asia/Kolkata");
    const c = await conversation(d, ws.id, ws.wa);
    await message(d, ws.id, ws.wa, c, "customer", "2027-03-28T18:29:00Z");
    await message(d, ws.id, ws.wa, c, "customer", "2027-03-28T18:31:00Z");
    await message(d, ws.id, ws.wa, c, "ai", "2027-03-28T18:40:00Z");
    await decision(d, ws.id, c, "AUTO_REPLY", "2027-03-28T18:39:00Z", "sent");
    await runIncremental(d);
    expect(await stored(d, ws.id)).toEqual({
      "2027-03-28T16:30:00.000Z": { ...zero, end: "2027-03-28T18:30:00.000Z", messages: 1, turns: 1, frt: [660], p50: 660 },
      "2027-03-28T18:30:00.000Z": { ...zero, end: "2027-03-28T20:30:00.000Z", messages: 1, decisions: 1, sent: 1, rate: 1 },
    });
  });
});
