// A long backfill, day by day over a real database with an injected clock: progress (days, windows, ETA) after each
// day, a stop between days that keeps what is done, the same call resuming there, and the result identical to one
// uninterrupted pass (idempotent).
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import type { Clock } from "@sillage/time";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backfillKpis, backfillKpisResumable, backfillScope, type BackfillProgress } from "../src";
import { conversation, message, workspace } from "./world";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

/** A clock one second later at each reading: the backfill reads it at its start and after each day. */
function tickingClock(start: string): Clock {
  let t = new Date(start).getTime();
  return { now: () => new Date((t += 1000) - 1000) };
}

async function windowRows(workspaceId: string) {
  const rows = await db.db
    .selectFrom("kpi_windows")
    .select(["channel_id", "window_start", "messages_count", "turns_count"])
    .where("workspace_id", "=", workspaceId)
    .orderBy("window_start")
    .orderBy("channel_id")
    .execute();
  return rows.map((r) => ({ ...r, window_start: r.window_start.toISOString() }));
}

describe("kpi backfill over ten days, interrupted after four", () => {
  const from = new Date("2027-01-10T00:00:00Z");
  const to = new Date("2027-01-20T00:00:00Z");
  let ws: Awaited<ReturnType<typeof workspace>>;
  beforeAll(async () => {
    ws = await workspace(db.db, "Europe/Paris");
    const c = await conversation(db.db, ws.id, ws.wa);
    for (const day of ["2027-01-11", "2027-01-13", "2027-01-16", "2027-01-19"]) {
      await message(db.db, ws.id, ws.wa, c, "customer", `${day}T09:00:00Z`);
      await message(db.db, ws.id, ws.wa, c, "agent", `${day}T09:20:00Z`);
    }
  });

  it("reports each day, stops between days, resumes from its checkpoint and ends as one pass would", async () => {
    const stop = new AbortController();
    const first: BackfillProgress[] = [];
    const run1 = await backfillKpisResumable(db.db, {
      from,
      to,
      workspaceId: ws.id,
      clock: tickingClock("2027-02-01T08:00:00Z"),
      signal: stop.signal,
      onProgress: (p) => {
        first.push(p);
        if (p.stepsDone === 4) stop.abort();
      },
    });
    expect(run1.completed).toBe(false);
    // Paris is UTC+1 all January: the window 00–02 local holding 10 Jan 00:00Z starts 9 Jan 23:00Z, so the ten days
    // overlap 12 × 10 + 1 windows, and the first four days 12 × 4 + 1.
    expect(first.map((p) => [p.stepsDone, p.steps, p.windowsDone, p.windowsTotal, p.through.toISOString(), p.etaMs])).toEqual([
      [1, 10, 13, 121, "2027-01-11T00:00:00.000Z", 9_000],
      [2, 10, 25, 121, "2027-01-12T00:00:00.000Z", 8_000],
      [3, 10, 37, 121, "2027-01-13T00:00:00.000Z", 7_000],
      [4, 10, 49, 121, "2027-01-14T00:00:00.000Z", 6_000],
    ]);
    expect(first.every((p) => p.resumedFrom === null)).toBe(true);
    const checkpoint = await db.db.selectFrom("kpi_watermarks").select("changed_since").where("scope", "=", backfillScope({ from, to, workspaceId: ws.id })).executeTakeFirstOrThrow();
    expect(checkpoint.changed_since.toISOString()).toBe("2027-01-14T00:00:00.000Z");
    // The days done are stored: 11 and 13 January's windows, not yet 16 and 19.
    expect((await windowRows(ws.id)).filter((r) => r.channel_id === null).map((r) => r.window_start)).toEqual(["2027-01-11T09:00:00.000Z", "2027-01-13T09:00:00.000Z"]);

    const second: BackfillProgress[] = [];
    const run2 = await backfillKpisResumable(db.db, { from, to, workspaceId: ws.id, clock: tickingClock("2027-02-01T09:00:00Z"), onProgress: (p) => second.push(p) });
    expect(run2.completed).toBe(true);
    expect(second.map((p) => p.stepsDone)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(second[0]!.resumedFrom?.toISOString()).toBe("2027-01-14T00:00:00.000Z");
    // The pace of this run only: 1 s for its first day, five days left.
    expect(second.map((p) => p.etaMs)).toEqual([5_000, 4_000, 3_000, 2_000, 1_000, 0]);
    expect(run2.windowsDone).toBe(121);
    expect(await db.db.selectFrom("kpi_watermarks").select("scope").where("scope", "like", "backfill:%").execute()).toEqual([]);

    const resumed = await windowRows(ws.id);
    expect(resumed.filter((r) => r.channel_id === null)).toHaveLength(4);
    // One uninterrupted pass over the same range finds nothing to change.
    const again = await backfillKpis(db.db, { from, to, workspaceId: ws.id });
    expect(again.upserted).toBe(0);
    expect(await windowRows(ws.id)).toEqual(resumed);
  });

  it("--restart ignores an interrupted run's checkpoint and starts from the beginning", async () => {
    const scope = backfillScope({ from, to, workspaceId: ws.id });
    await db.db.insertInto("kpi_watermarks").values({ scope, changed_since: new Date("2027-01-18T00:00:00Z") }).execute();
    const steps: number[] = [];
    const run = await backfillKpisResumable(db.db, { from, to, workspaceId: ws.id, clock: tickingClock("2027-02-01T10:00:00Z"), restart: true, onProgress: (p) => steps.push(p.stepsDone) });
    expect(run.resumedFrom).toBeNull();
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
